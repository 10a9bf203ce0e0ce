import type { PulledPage, PullRequest } from '../../src/contracts/connector.js';
import { readLinks } from './associations.js';
import { LIST_PAGE, type HubSpotContext } from './context.js';
import { asCursor, type HubSpotCursor } from './cursor.js';
import { fieldReader } from './derivedFields.js';
import { hasPagedInlineLinks, inlineLinks, LAST_MODIFIED, toCrmRecord, type HubSpotObject } from './records.js';

/**
 * The full pull: the list endpoint, 100 records a page with their associations inline, in id
 * order, each page saved with the `after` of the next. Changes made while it runs land behind
 * `readStartedAt`, which is where the first increment picks up.
 */
export async function* listPull(ctx: HubSpotContext, request: PullRequest, start: HubSpotCursor): AsyncGenerator<PulledPage, HubSpotCursor> {
  const reader = await fieldReader(ctx, request.source, request.fields, [LAST_MODIFIED]);
  const targets = request.associations;
  let cursor = start;
  for (;;) {
    const after = cursor.after;
    const page = await ctx.call('api', `list ${request.source}`, () =>
      ctx.apis.objects.getPageWithHttpInfo(request.source, LIST_PAGE, after, reader.properties, undefined, targets.length > 0 ? [...targets] : undefined, false),
    );
    const results = page.results as unknown as HubSpotObject[];
    const cutShort = results.filter((r) => hasPagedInlineLinks(r, targets)).map((r) => r.id);
    const fullLinks = cutShort.length > 0 ? await readLinks(ctx, request.source, cutShort, targets) : undefined;
    const records = results.map((r) => toCrmRecord(r, reader.values(r.properties), targets.length > 0 ? (fullLinks?.get(r.id) ?? inlineLinks(r, request.source, targets)) : undefined));
    const next = page.paging?.next?.after;
    cursor = next ? { ...cursor, after: next } : { ...cursor, phase: 'archived', after: undefined, modifiedFrom: cursor.readStartedAt };
    yield { records, deletedIds: [], cursor: asCursor(cursor) };
    if (!next) return cursor;
  }
}
