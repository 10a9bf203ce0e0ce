import { dailyAllowance, type DailyAllowance } from '../src/model/apiAllowance.js';
import type { State } from './openState.js';
import { currencyStatus, type CurrencyStatus } from './currencies.js';
import { listCursors, type StoredCursor } from './cursors.js';
import { listIdChecks, type IdCheck } from './idChecks.js';
import { recordCounts, type RecordCounts } from './recordCounts.js';
import { recentRuns, type RunRecord } from './runs.js';
import { schemaVersion } from './migrate.js';
import { syncPositions, type SyncPosition } from './syncPositions.js';
import { failedTasks, taskDuplicates } from './taskLedger.js';

export interface StatusReport {
  statePath: string;
  schemaVersion: number;
  runs: RunRecord[];
  /** Raw cursors: connector-owned JSON, for debugging; people read `positions`. */
  cursors: StoredCursor[];
  records: RecordCounts[];
  /** Per object: records stored, when it was last pulled and how many the last run and all runs read. */
  positions: SyncPosition[];
  quarantined: { connector: string; object: string; count: number }[];
  /** Quarantined records in detail (most recently seen first, capped): what to fix in the CRM. */
  quarantinedRecords: { connector: string; object: string; crmId: string; reason: string; firstSeenAt: string; lastSeenAt: string }[];
  /** Writes waiting for a retry (`pending`/`failed`) and given up, per connector. */
  writes: { connector: string; status: string; count: number }[];
  /** Failed writes in detail (most recent first, capped), so `status` says what failed. */
  failedWrites: { connector: string; crmId: string; field: string; attempts: number; errorCode: string | null; errorMessage: string | null }[];
  /** CSM task creates or closes the CRM refused (retried next run, given up after writeback.maxAttempts). */
  failedTasks: ReturnType<typeof failedTasks>;
  /** CRM tasks found holding a key another (older) task holds: archived, or waiting to be. */
  taskDuplicates: ReturnType<typeof taskDuplicates>;
  lock: { holder: string; pid: number; host: string; acquiredAt: string; heartbeatAt: string } | null;
  /**
   * Per connector, the budget its most recent run recorded (`budget`, as stored) and the daily
   * allowance last read (`allowance`): that run's, or an earlier run's when it learned none.
   */
  apiBudget: { connector: string; runId: number; at: string; budget: Record<string, unknown>; allowance: (DailyAllowance & { runId: number; at: string }) | null }[];
  /** Per object, the last check of every stored id against the CRM (full pull or id sweep): deletes found, or held back. */
  idChecks: IdCheck[];
  /** Multi-currency connectors: corporate currency, rates as last read, money no rate converts. */
  currencies: CurrencyStatus[];
  /** Backfills stopped or killed before they finished: the next `vitals backfill` resumes them. */
  unfinishedBackfills: { connector: string; objects: string[]; since: string | null; startedAt: string }[];
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
    const quarantinedRecords = state.db
      .prepare(
        `SELECT connector, object, crm_id AS crmId, reason, first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt
         FROM quarantine ORDER BY last_seen_at DESC, connector, object, crm_id LIMIT 20`,
      )
      .all() as StatusReport['quarantinedRecords'];
    const lock = state.db
      .prepare("SELECT holder, pid, host, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt FROM locks WHERE name = 'run'")
      .get() as StatusReport['lock'] | undefined;
    return {
      statePath: state.path,
      schemaVersion: schemaVersion(state.db),
      runs: recentRuns(state, runLimit),
      cursors: listCursors(state),
      records: counts.records,
      positions: syncPositions(state),
      quarantined: counts.quarantined,
      quarantinedRecords,
      writes,
      failedWrites,
      failedTasks: failedTasks(state),
      taskDuplicates: taskDuplicates(state),
      lock: lock ?? null,
      apiBudget: lastBudgets(state),
      idChecks: listIdChecks(state),
      currencies: currencyStatus(state),
      unfinishedBackfills: (
        state.db.prepare('SELECT connector, objects, since, started_at AS startedAt FROM backfills WHERE finished_at IS NULL ORDER BY connector').all() as {
          connector: string;
          objects: string;
          since: string | null;
          startedAt: string;
        }[]
      ).map((b) => ({ ...b, objects: JSON.parse(b.objects) as string[] })),
    };
  })();
}

function lastBudgets(state: State): StatusReport['apiBudget'] {
  const rows = state.db
    .prepare('SELECT id, COALESCE(finished_at, started_at) AS at, api_budget FROM runs WHERE api_budget IS NOT NULL ORDER BY id DESC LIMIT 200')
    .all() as { id: number; at: string; api_budget: string }[];
  const seen = new Map<string, StatusReport['apiBudget'][number]>();
  for (const row of rows) {
    for (const [connector, budget] of Object.entries(JSON.parse(row.api_budget) as Record<string, Record<string, unknown> | null>)) {
      if (!budget) continue;
      const last = seen.get(connector);
      const allowance = dailyAllowance(budget);
      const read = allowance ? { ...allowance, runId: row.id, at: row.at } : null;
      if (!last) seen.set(connector, { connector, runId: row.id, at: row.at, budget, allowance: read });
      // A run whose calls told the connector nothing of the daily allowance leaves the last one read.
      else if (!last.allowance && read) last.allowance = read;
    }
  }
  return [...seen.values()].sort((a, b) => a.connector.localeCompare(b.connector));
}
