import type { State } from './openState.js';
import { listCursors, type StoredCursor } from './cursors.js';
import { recordCounts, type RecordCounts } from './recordCounts.js';
import { recentRuns, type RunRecord } from './runs.js';
import { schemaVersion } from './migrate.js';
import { failedTasks } from './taskLedger.js';

export interface StatusReport {
  statePath: string;
  schemaVersion: number;
  runs: RunRecord[];
  cursors: StoredCursor[];
  records: RecordCounts[];
  quarantined: { connector: string; object: string; count: number }[];
  /** Writes waiting for a retry (`pending`/`failed`) and given up, per connector. */
  writes: { connector: string; status: string; count: number }[];
  /** Failed writes in detail (most recent first, capped), so `status` says what failed. */
  failedWrites: { connector: string; crmId: string; field: string; attempts: number; errorCode: string | null; errorMessage: string | null }[];
  /** CSM task creates or closes the CRM refused (retried next run, given up after writeback.maxAttempts). */
  failedTasks: ReturnType<typeof failedTasks>;
  lock: { holder: string; pid: number; host: string; acquiredAt: string; heartbeatAt: string } | null;
}

/** Everything `vitals status` shows, read in one snapshot. */
export function statusReport(state: State, runLimit = 10): StatusReport {
  return state.db.transaction(() => {
    const counts = recordCounts(state);
    const writes = state.db
      .prepare("SELECT connector, status, COUNT(*) AS count FROM writes WHERE status != 'written' GROUP BY connector, status ORDER BY connector, status")
      .all() as StatusReport['writes'];
    const failedWrites = state.db
      .prepare(
        `SELECT connector, crm_id AS crmId, field, attempts, error_code AS errorCode, error_message AS errorMessage
         FROM writes WHERE status IN ('failed', 'gave_up') ORDER BY updated_at DESC LIMIT 20`,
      )
      .all() as StatusReport['failedWrites'];
    const lock = state.db
      .prepare("SELECT holder, pid, host, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt FROM locks WHERE name = 'run'")
      .get() as StatusReport['lock'] | undefined;
    return {
      statePath: state.path,
      schemaVersion: schemaVersion(state.db),
      runs: recentRuns(state, runLimit),
      cursors: listCursors(state),
      records: counts.records,
      quarantined: counts.quarantined,
      writes,
      failedWrites,
      failedTasks: failedTasks(state),
      lock: lock ?? null,
    };
  })();
}
