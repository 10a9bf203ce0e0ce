import { BudgetReserveReached, VitalsError, type PulledPage } from '../../src/contracts/connector.js';
import type { PullContext, PullShape } from './pullContext.js';
import { positionCursor, positionOf, toCrmRecord, type RestRecord } from './records.js';
import type { ApiRequest } from './salesforceApi.js';
import { pullSoql, type Position } from './soql.js';

interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: RestRecord[];
}

export interface SoqlPullEnd {
  /** Where the pull got to. */
  after: Position | null;
  /** Stopped after the first page because more than the Bulk threshold remains. */
  handOff?: boolean;
}

/**
 * Pages of up to 2,000 records in (SystemModstamp, Id) order, followed through `nextRecordsUrl`
 * at most one page ahead of the engine, so memory stays flat however large the object. Deletes come through `queryAll`
 * as `IsDeleted` rows in the same order, so one cursor covers changes and deletes alike.
 */
export async function* soqlPull(ctx: PullContext, shape: PullShape, start: Position | null, handOffAbove?: number): AsyncGenerator<PulledPage, SoqlPullEnd> {
  const resource = shape.withDeleted ? 'queryAll' : 'query';
  const headers = { 'Sforce-Query-Options': `batchSize=${ctx.tuning.pageSize}` };
  const query = (from: Position | null) => fetchPage(ctx, { method: 'GET', path: `/${resource}`, query: { q: pullSoql({ ...shape, after: from, ordered: true }) }, headers });
  let after = start;
  let pending = query(after);
  let following = false;
  let first = true;
  // The current query's size and what has been read of it, to say what a stopped pull still needs.
  let total: number | undefined;
  let read = 0;
  for (;;) {
    let page: QueryPage;
    try {
      page = await pending;
    } catch (error) {
      if (error instanceof BudgetReserveReached && total !== undefined) {
        const left = total - read;
        throw new BudgetReserveReached(error.connector, error.used, error.remaining, error.reserve, {
          calls: Math.ceil(left / ctx.tuning.pageSize),
          for: `${shape.source} (${left} records left)`,
        });
      }
      // Locators expire after idle minutes and only ten stay open per user; the position is
      // exact, so asking again from it loses nothing.
      if (following && error instanceof VitalsError && error.code === 'INVALID_QUERY_LOCATOR') {
        ctx.log.info('query locator expired; querying again from the last page', { object: shape.source });
        pending = query(after);
        following = false;
        total = undefined;
        read = 0;
        continue;
      }
      throw error;
    }
    total ??= page.totalSize;
    read += page.records.length;
    const last = page.records[page.records.length - 1];
    if (last) after = positionOf(last);
    const more = !page.done && page.nextRecordsUrl !== undefined;
    const handOff = more && first && handOffAbove !== undefined && page.totalSize - page.records.length > handOffAbove;
    if (more && !handOff) {
      // The next page is fetched while the engine stores this one: one page ahead, never more.
      // jsforce keeps only the locator too; the version prefix is ours to add.
      pending = fetchPage(ctx, { method: 'GET', path: page.nextRecordsUrl!.replace(/^\/services\/data\/v\d+\.\d+/, ''), headers });
      following = true;
    }
    first = false;
    if (page.records.length > 0) yield toPage(page.records, after);
    if (!more) return { after };
    if (handOff) return { after, handOff: true };
  }
}

function fetchPage(ctx: PullContext, request: ApiRequest): Promise<QueryPage> {
  const page = ctx.api.call<QueryPage>(request).then((r) => r.body);
  // Awaited after the engine has stored the page before; until then a failure must not count
  // as unhandled (and is simply dropped when the pull stops first).
  page.catch(() => undefined);
  return page;
}

function toPage(records: RestRecord[], after: Position | null): PulledPage {
  const page: PulledPage = { records: [], deletedIds: [], cursor: positionCursor({ after }) };
  for (const record of records) {
    if (record.IsDeleted === true) page.deletedIds.push(record.Id);
    else page.records.push(toCrmRecord(record));
  }
  return page;
}
