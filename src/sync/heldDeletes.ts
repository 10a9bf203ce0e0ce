import type { PullOutcome } from './pullObject.js';

/**
 * What a person reads when a full pull or a sweep found more of an object gone than the allowed
 * share, and deleted none of it: the numbers, and the two ways on.
 */
export function heldDeletes(connector: string, outcomes: readonly PullOutcome[]): string[] {
  return outcomes.flatMap(({ object, idCheck }) => {
    if (!idCheck || idCheck.held === 0) return [];
    const share = idCheck.live > 0 ? Math.round((100 * idCheck.held) / idCheck.live) : 100;
    return [
      `${connector} ${object}: ${idCheck.held} of ${idCheck.live} stored records (${share}%) are no longer in the CRM (${idCheck.how === 'sweep' ? 'id sweep' : 'full pull'}), ` +
        'more than deletes.maxSharePercent allows, so none was marked deleted. If they were deleted, run again with --confirm-deletes; ' +
        "if not, check the integration user's permissions and sharing rules",
    ];
  });
}
