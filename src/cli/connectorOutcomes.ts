import { outcomeOfError, type Outcome } from '../model/errors.js';
import type { JobResult } from '../run/runJob.js';
import type { PullOutcome } from '../sync/pullObject.js';

/** A connector that stopped early ends as its error says, or as stopped early when nothing failed (Ctrl-C). */
export function stoppedOutcomes(stopped: { error?: unknown } | undefined): Outcome[] {
  if (!stopped) return [];
  return [stopped.error ? outcomeOfError(stopped.error) : 'stoppedEarly'];
}

/** Pulls that quarantined records finished with failures: those records wait for a fix (see `vitals status`). */
export function quarantineOutcomes(results: readonly { outcomes: readonly PullOutcome[] }[]): Outcome[] {
  return results.some((r) => r.outcomes.some((o) => o.quarantined > 0)) ? ['recordsFailed'] : [];
}

/** A full pull or sweep that held back deletes above the allowed share needs a person (`--confirm-deletes`). */
export function heldDeleteOutcomes(results: readonly { outcomes: readonly PullOutcome[] }[]): Outcome[] {
  return results.some((r) => r.outcomes.some((o) => (o.idCheck?.held ?? 0) > 0)) ? ['deletesHeld'] : [];
}

/**
 * `vitals run`: a connector stopped by an error ends as that error says (credentials refused or the
 * CRM unreachable: fatal), whatever the other connectors did; any other failure (records, writes,
 * tasks, scoring) is a run with failures.
 */
export function jobOutcomes(job: JobResult): Outcome[] {
  return job.connectors.flatMap((c) => {
    const stops = [...stoppedOutcomes(c.sync?.stopped), ...stoppedOutcomes(c.writeback?.stopped)];
    if (stops.length > 0) return stops;
    return [...(c.failures.length > 0 ? ['jobFailed' as const] : []), ...heldDeleteOutcomes(c.sync ? [c.sync] : [])];
  });
}
