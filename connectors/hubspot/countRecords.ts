import type { PullRequest } from '../../src/contracts/connector.js';
import type { HubSpotContext } from './context.js';
import { LAST_MODIFIED } from './records.js';

/**
 * A search asking for one record returns the number that match in `total` (exact, past the
 * 10,000 results search will page through), so a backfill learns its size in one call. Owners have
 * no search endpoint; they are few, so they go uncounted.
 */
export async function countRecords(ctx: HubSpotContext, request: Pick<PullRequest, 'source' | 'modifiedSince'>): Promise<number | null> {
  if (request.source === 'owners') return null;
  const filters = request.modifiedSince ? [{ propertyName: LAST_MODIFIED, operator: 'GTE', value: String(Date.parse(request.modifiedSince)) }] : [];
  const reply = await ctx.call('search', `count ${request.source}`, () =>
    ctx.apis.search.doSearchWithHttpInfo(request.source, { filterGroups: filters.length ? [{ filters }] : [], properties: ['hs_object_id'], limit: 1 } as never),
  );
  return reply.total;
}
