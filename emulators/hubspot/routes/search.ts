import { MESSAGES, validationError } from '../errors.js';
import type { HsRecord } from '../objectTable.js';
import type { ObjectTypeName } from '../objectTypes.js';
import { recordJson, responseProperties } from '../recordJson.js';
import { comparableReader, parseSearch, SEARCH_LIMITS, type SearchSort } from '../searchQuery.js';
import { firstSorted } from '../searchOrder.js';
import type { HubSpotStore } from '../store.js';
import { jsonObjectBody, objectTypeParam } from './requestParsing.js';
import { route, type RouteContext } from './routeContext.js';

/** The ordered head (at most 10,000) of one query's matches and how many matched in all. */
interface Snapshot {
  total: number;
  ordered: HsRecord[];
}

/**
 * Results of one query against one state of a table. A client paging through a result reuses
 * the snapshot, so each page costs a slice rather than a scan of a million rows.
 */
class SnapshotCache {
  private readonly entries = new Map<string, Snapshot>();

  constructor(private readonly capacity = 8) {}

  get(key: string, build: () => Snapshot): Snapshot {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = build();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}

/** `POST /crm/v3/objects/{type}/search`, limited per second and capped at 10,000 results. */
export function registerSearchRoutes(ctx: RouteContext): void {
  const { store } = ctx;
  const cache = new SnapshotCache();
  route(
    ctx,
    'POST',
    '/crm/v3/objects/:objectType/search',
    (req) => {
      const info = objectTypeParam(req);
      const search = parseSearch(store, info.name, jsonObjectBody(req));
      if (search.after + search.limit > SEARCH_LIMITS.resultCap) throw validationError(MESSAGES.searchBeyondCap);
      const table = store.table(info.name);
      const hidden = table.prunePending(Date.now());
      const key = `${search.signature}|${table.version}|${hidden}`;
      const snapshot = cache.get(key, () => {
        const matches = collect(table.records, table.searchPending, search.predicate);
        return { total: matches.length, ordered: order(store, info.name, matches, search.sort) };
      });
      const page = snapshot.ordered.slice(search.after, search.after + search.limit);
      const names = responseProperties(store, info.name, search.properties);
      const results = page.map((r) => recordJson(store, info.name, r, names, { forSearch: true }));
      const nextOffset = search.after + page.length;
      const body: Record<string, unknown> = { total: snapshot.total, results };
      if (nextOffset < snapshot.total && page.length > 0) body.paging = { next: { after: String(nextOffset) } };
      return { status: 200, body };
    },
    'search',
  );
}

/** Live, indexed records that match; archived ones and recent writes inside the index lag are skipped. */
function collect(records: readonly HsRecord[], pending: ReadonlyMap<number, number>, predicate: (r: HsRecord) => boolean): HsRecord[] {
  const out: HsRecord[] = [];
  const checkPending = pending.size > 0;
  for (const record of records) {
    if (record.archived) continue;
    if (checkPending && pending.has(record.seq)) continue;
    if (predicate(record)) out.push(record);
  }
  return out;
}

/** The first 10,000 matches in the requested order; ties (and unsorted results) in id order. */
function order(store: HubSpotStore, type: ObjectTypeName, matches: HsRecord[], sort: SearchSort | undefined): HsRecord[] {
  const def = sort && store.properties.get(type, sort.propertyName);
  if (!sort || !def) return matches.slice(0, SEARCH_LIMITS.resultCap);
  return firstSorted(matches, matches.map(comparableReader(store, type, def)), sort.descending, SEARCH_LIMITS.resultCap);
}
