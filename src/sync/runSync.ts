import type { CanonicalObject } from '../contracts/connector.js';
import type { ConnectorConfig } from '../config/config.js';
import { BudgetReserveReached } from '../model/errors.js';
import type { Logger } from '../log/logger.js';
import type { State } from '../../state/openState.js';
import { finishRun, startRun, type RunKind, type RunPulls } from '../../state/runs.js';
import type { PullOutcome } from './pullObject.js';
import { syncConnector } from './syncConnector.js';
import type { DeletesPolicy } from './sweepIds.js';
import type { Connector } from '../contracts/connector.js';
import { withRunConnectors, type OpenConnector, type RunConnectors } from '../run/runConnectors.js';

export interface SyncRunOptions {
  kind: Extract<RunKind, 'sync' | 'backfill'>;
  full?: boolean;
  objects?: readonly CanonicalObject[];
  modifiedSince?: string;
  signal?: AbortSignal;
  onPage?: (connector: string, outcome: PullOutcome) => void;
  /** Called once a connector is open, before its first pull (a backfill counts what it will read). */
  onOpen?: (entry: ConnectorConfig, connector: Connector) => Promise<void>;
  /** Id sweeps and the mass-delete guard (`deletes:` and `--confirm-deletes`). @default DEFAULT_DELETES */
  deletes?: DeletesPolicy;
  /** Record into this `runs` row (a `vitals run` in progress) instead of a sync row of its own. */
  runId?: number;
}

export interface ConnectorSyncResult {
  connector: string;
  outcomes: PullOutcome[];
  apiCalls: number;
  /** The connector's budget when the pull ended (its calls since it opened). */
  budget: ReturnType<Connector['budget']> | undefined;
  /** Set when the connector stopped early: budget reserve, interruption, or an error. */
  stopped?: { reason: 'budget' | 'interrupted' | 'error'; message: string; error?: unknown };
}

/**
 * One sync run over the selected connectors, recorded in `runs`. A connector that fails does not
 * stop the others; what it committed before failing stays, and its cursor resumes next run.
 * `connectors` are the run's when a whole job shares them, else opened here and closed at the end.
 */
export async function runSync(
  state: State,
  entries: ConnectorConfig[],
  connectors: RunConnectors | OpenConnector,
  log: Logger,
  options: SyncRunOptions,
): Promise<{ runId: number; results: ConnectorSyncResult[]; ok: boolean }> {
  const ownRun = options.runId === undefined;
  const runId = options.runId ?? startRun(state, options.kind, entries.length === 1 ? entries[0]!.name : null);
  const results: ConnectorSyncResult[] = [];
  try {
    await withRunConnectors(connectors, async (opened) => {
      for (const entry of entries) {
        if (options.signal?.aborted) break;
        results.push(await syncOne(state, entry, opened, log.child(entry.name), options));
      }
    });
  } finally {
    if (ownRun) finishSyncRun(state, runId, results, options.signal);
  }
  return { runId, results, ok: results.every((r) => !r.stopped) && !options.signal?.aborted };
}

function finishSyncRun(state: State, runId: number, results: ConnectorSyncResult[], signal: AbortSignal | undefined): void {
  const failed = results.filter((r) => r.stopped && r.stopped.reason !== 'interrupted');
  const interrupted = signal?.aborted || results.some((r) => r.stopped?.reason === 'interrupted');
  finishRun(state, runId, {
    status: failed.length > 0 ? 'failed' : interrupted ? 'aborted' : 'ok',
    counts: syncTotals(results),
    apiCalls: results.reduce((n, r) => n + r.apiCalls, 0),
    apiBudget: Object.fromEntries(results.map((r) => [r.connector, r.budget ?? null])),
    pulled: syncPulls(results),
    error: failed.map((r) => `${r.connector}: ${r.stopped!.message}`).join('; ') || undefined,
  });
}

async function syncOne(
  state: State,
  entry: ConnectorConfig,
  connectors: RunConnectors,
  log: Logger,
  options: SyncRunOptions,
): Promise<ConnectorSyncResult> {
  let connector: Connector | undefined;
  let callsBefore = 0;
  const outcomes: PullOutcome[] = [];
  try {
    connector = await connectors.get(entry);
    callsBefore = connector.budget().callsThisRun;
    await options.onOpen?.(entry, connector);
    const pulled = await syncConnector(state, connector, entry.mapping, log, {
      full: options.full,
      objects: options.objects,
      modifiedSince: options.modifiedSince,
      signal: options.signal,
      onPage: (outcome) => options.onPage?.(entry.name, outcome),
      deletes: options.deletes,
    });
    outcomes.push(...pulled);
    const budget = connector.budget();
    return { connector: entry.name, outcomes, apiCalls: budget.callsThisRun - callsBefore, budget, ...(options.signal?.aborted ? { stopped: { reason: 'interrupted' as const, message: 'interrupted' } } : {}) };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const reason = error instanceof BudgetReserveReached ? 'budget' : 'error';
    log.error('sync stopped', { error });
    const budget = connector?.budget();
    return { connector: entry.name, outcomes, apiCalls: (budget?.callsThisRun ?? 0) - callsBefore, budget, stopped: { reason, message: error.message, error } };
  }
}

export function syncTotals(results: readonly ConnectorSyncResult[]): Record<string, number> {
  const sum: Record<string, number> = { pulled: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, quarantined: 0 };
  for (const outcome of results.flatMap((r) => r.outcomes)) {
    for (const key of Object.keys(sum)) sum[key]! += outcome[key as keyof PullOutcome] as number;
  }
  return sum;
}

/** Records pulled per connector and object, for the run's row: the cursors keep only a running total. */
export function syncPulls(results: readonly ConnectorSyncResult[]): RunPulls {
  const pulls: RunPulls = {};
  for (const r of results) {
    const objects = (pulls[r.connector] ??= {});
    for (const o of r.outcomes) objects[o.object] = (objects[o.object] ?? 0) + o.pulled;
  }
  return pulls;
}
