import type { PullRequest } from '../../src/contracts/connector.js';
import { LIST_PAGE, type HubSpotContext } from './context.js';
import { ownersPull } from './ownersPull.js';

/**
 * Asked for by name, a property HubSpot returns anyway: with no `properties` at all (the SDK sends
 * none for an empty list) the list answers each type's default set instead.
 */
const ID_ONLY = ['hs_object_id'];

/**
 * The id of every live record of an object, a list page at a time, for the engine's sweep of
 * records deleted for good (a GDPR delete leaves no archived record behind). The basic list
 * endpoint, 100 records a page (ceil(n / 100) calls), `archived=false`, no associations and the
 * smallest property set. Owners come from the owners API as the pull reads them, active and
 * archived (deactivated users stay owner records in the book; only an owner gone from both
 * listings is gone).
 */
export async function* listIds(ctx: HubSpotContext, request: Pick<PullRequest, 'source' | 'signal'>): AsyncGenerator<string[]> {
  const { source, signal } = request;
  if (signal?.aborted) return;
  if (source === 'owners') {
    for await (const page of ownersPull(ctx, { object: 'owners', source, fields: [], associations: [], since: null })) {
      if (page.records.length > 0) yield page.records.map((r) => r.id);
      if (signal?.aborted) return;
    }
    return;
  }
  let after: string | undefined;
  do {
    const from = after;
    const page = await ctx.call('api', `list ids ${source}`, () => ctx.apis.objects.getPageWithHttpInfo(source, LIST_PAGE, from, ID_ONLY, undefined, undefined, false));
    if (page.results.length > 0) yield page.results.map((r) => r.id);
    after = page.paging?.next?.after;
  } while (after && !signal?.aborted);
}
