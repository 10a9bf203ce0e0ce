import type { IdCheck } from '../../state/idChecks.js';
import type { PullOutcome } from './pullObject.js';

/** The id checks a sync made, for `heldDeletes`. */
export function checksOf(outcomes: readonly PullOutcome[]): IdCheck[] {
  return outcomes.flatMap((o) => (o.idCheck ? [o.idCheck] : []));
}

/**
 * What a person reads when a full pull or a sweep found more of an object gone than the allowed
 * share, and deleted none of it: the numbers, and the two ways on.
 */
export function heldDeletes(connector: string, checks: readonly IdCheck[]): string[] {
  return checks.flatMap((check) => {
    if (check.held === 0) return [];
    const share = check.live > 0 ? Math.round((100 * check.held) / check.live) : 100;
    return [
      `${connector} ${check.object}: ${check.held} of ${check.live} stored records (${share}%) are no longer in the CRM (${check.how === 'sweep' ? 'id sweep' : 'full pull'} of ${check.checkedAt.slice(0, 10)}), ` +
        'more than deletes.maxSharePercent allows, so none was marked deleted. If they were deleted, run again with --confirm-deletes; ' +
        "if not, check the integration user's permissions and sharing rules",
    ];
  });
}
