import type { PulledPage, PullRequest } from '../../src/contracts/connector.js';
import { readLinks } from './associations.js';
import { SEARCH_PAGE, type HubSpotContext } from './context.js';
import { asCursor, type HubSpotCursor } from './cursor.js';
import { fieldReader, type FieldReader } from './derivedFields.js';
import { LAST_MODIFIED, modifiedMs, toCrmRecord, type HubSpotObject } from './records.js';

const OBJECT_ID = 'hs_object_id';

/**
 * Increments through search, without ever paging (so the 10,000-result cap never applies):
 *
 * - A sweep asks for the first 200 records stamped at or after `modifiedFrom`, oldest first. All
 *   but those sharing the last stamp are complete, so they are yielded and the next sweep starts
 *   at that stamp; the records at it are read again by the next query, never lost.
 * - When all 200 share one stamp (a bulk edit can stamp 12,000 records in the same millisecond),
 *   that stamp becomes a slice read by `hs_object_id > last id`, sorted by id, until it runs dry;
 *   then the sweep resumes one millisecond later. No loop, no loss, no duplicates.
 *
 * Every yielded page carries a cursor that resumes exactly after it.
 */
export async function* searchPull(ctx: HubSpotContext, request: PullRequest, start: HubSpotCursor): AsyncGenerator<PulledPage, HubSpotCursor> {
  const reader = await fieldReader(ctx, request.source, request.fields, [LAST_MODIFIED]);
  let cursor = start;
  for (;;) {
    const inSlice = cursor.sliceAfterId !== undefined;
    const body = inSlice ? sliceQuery(cursor.modifiedFrom, cursor.sliceAfterId as string) : sweepQuery(cursor.modifiedFrom);
    const reply = await ctx.call('search', `search ${request.source}`, () =>
      ctx.apis.search.doSearchWithHttpInfo(request.source, { ...body, properties: reader.properties, limit: SEARCH_PAGE } as never),
    );
    const results = reply.results as unknown as HubSpotObject[];
    const more = reply.paging?.next?.after !== undefined && results.length > 0;
    const last = results.at(-1);
    let complete: HubSpotObject[];
    if (inSlice) {
      complete = results;
      cursor = more && last ? { ...cursor, sliceAfterId: last.id } : { ...cursor, modifiedFrom: cursor.modifiedFrom + 1, sliceAfterId: undefined };
    } else if (!more || !last) {
      complete = results;
      cursor = { ...cursor, phase: 'archived', after: undefined, modifiedFrom: last ? Math.max(cursor.modifiedFrom, modifiedMs(last) + 1) : cursor.modifiedFrom };
    } else {
      const lastStamp = modifiedMs(last);
      complete = results.filter((r) => modifiedMs(r) < lastStamp);
      cursor = { ...cursor, modifiedFrom: lastStamp, sliceAfterId: complete.length === 0 ? '0' : undefined };
    }
    if (complete.length > 0) yield await page(ctx, request, reader, complete, cursor);
    if (cursor.phase !== 'search') return cursor;
  }
}

async function page(ctx: HubSpotContext, request: PullRequest, reader: FieldReader, results: HubSpotObject[], cursor: HubSpotCursor): Promise<PulledPage> {
  const targets = request.associations;
  const links = targets.length > 0 ? await readLinks(ctx, request.source, results.map((r) => r.id), targets) : undefined;
  const records = results.map((r) => toCrmRecord(r, reader.values(r.properties), links?.get(r.id)));
  const storedBefore = cursor.storedBefore;
  const reread = storedBefore === undefined ? 0 : results.filter((r) => modifiedMs(r) < storedBefore).length;
  return { records, deletedIds: [], cursor: asCursor(cursor), ...(reread > 0 ? { reread: { records: reread, why: `HubSpot search lags writes by up to ${lagText(ctx.options.searchLookbackSeconds)}` } } : {}) };
}

/** `searchLookbackSeconds` as a person reads it: "5 min", "90 s". */
function lagText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

// The SDK types sorts as strings; HubSpot takes (and the SDK passes through) sort objects.
function sweepQuery(from: number) {
  return {
    filterGroups: [{ filters: [{ propertyName: LAST_MODIFIED, operator: 'GTE', value: String(from) }] }],
    sorts: [{ propertyName: LAST_MODIFIED, direction: 'ASCENDING' }],
  };
}

function sliceQuery(stamp: number, afterId: string) {
  return {
    filterGroups: [
      {
        filters: [
          { propertyName: LAST_MODIFIED, operator: 'GTE', value: String(stamp) },
          { propertyName: LAST_MODIFIED, operator: 'LTE', value: String(stamp) },
          { propertyName: OBJECT_ID, operator: 'GT', value: afterId },
        ],
      },
    ],
    sorts: [{ propertyName: OBJECT_ID, direction: 'ASCENDING' }],
  };
}
