import type { Config, ConnectorConfig } from '../config/config.js';
import type { ApiBudget, Connector } from '../contracts/connector.js';
import { BudgetReserveReached, VitalsError } from '../model/errors.js';
import type { Logger } from '../log/logger.js';
import { withRunConnectors, type OpenConnector, type RunConnectors } from '../run/runConnectors.js';
import { executeTasks, type TaskOutcome } from '../tasks/executeTasks.js';
import type { State } from '../../state/openState.js';
import { finishRun, startRun } from '../../state/runs.js';
import { planReport, type PlanReport } from './dryRunPlan.js';
import { WriteSender, type WriteExecution } from './writeSender.js';
import { fieldOutputs } from './knownOutputs.js';
import { planConnector } from './writebackPlan.js';

export interface WritebackOptions {
  dryRun: boolean;
  /** Stops between batches (SIGINT/SIGTERM): the batch in flight finishes and is recorded. */
  signal?: AbortSignal;
  /** @default new Date() */
  now?: Date;
  /** Called between batches (the run lock's heartbeat). */
  onBatch?: () => void;
  /** Record into this `runs` row (a `vitals run` in progress) instead of a write-back row of its own. */
  runId?: number;
}

export interface ConnectorWriteback {
  connector: string;
  plan: PlanReport | null;
  /** What the real run did; absent on a dry run. */
  writes?: WriteExecution;
  tasks?: TaskOutcome;
  /** Calls of this write-back alone (the connector's budget also counts a sync before it in the run). */
  apiCalls: number;
  budget?: ApiBudget;
  stopped?: { reason: 'budget' | 'interrupted' | 'error'; message: string; error?: unknown };
}

export interface WritebackResult {
  /** The `runs` row; null on a dry run, which writes nothing at all. */
  runId: number | null;
  dryRun: boolean;
  connectors: ConnectorWriteback[];
  ok: boolean;
}

/**
 * `vitals writeback`: per connector, plan the score-field writes and the task reconciliation,
 * then (unless dry) execute both. A connector that fails does not stop the others; what it
 * recorded stays, and the next run picks up its writes in flight. `connectors` are the run's when a
 * whole job shares them, else opened here and closed at the end.
 */
export async function runWriteback(
  state: State,
  entries: ConnectorConfig[],
  connectors: RunConnectors | OpenConnector,
  config: Config,
  log: Logger,
  options: WritebackOptions,
): Promise<WritebackResult> {
  const now = options.now ?? new Date();
  const ownRun = options.runId === undefined && !options.dryRun;
  const runId = options.runId ?? (ownRun ? startRun(state, 'writeback', entries.length === 1 ? entries[0]!.name : null) : null);
  const results: ConnectorWriteback[] = [];
  try {
    await withRunConnectors(connectors, async (opened) => {
      for (const entry of entries) {
        if (options.signal?.aborted) break;
        results.push(await writebackOne(state, entry, opened, config, log.child(entry.name), options, now));
      }
    });
  } finally {
    if (ownRun && runId !== null) {
      const failed = results.filter((r) => r.stopped && r.stopped.reason !== 'interrupted');
      const interrupted = options.signal?.aborted || results.some((r) => r.stopped?.reason === 'interrupted');
      finishRun(state, runId, {
        status: failed.length > 0 ? 'failed' : interrupted ? 'aborted' : 'ok',
        counts: writebackTotals(results),
        apiCalls: results.reduce((n, r) => n + r.apiCalls, 0),
        apiBudget: Object.fromEntries(results.map((r) => [r.connector, r.budget ?? null])),
        error: failed.map((r) => `${r.connector}: ${r.stopped!.message}`).join('; ') || undefined,
      });
    }
  }
  const ok = results.every((r) => !r.stopped && (r.writes?.failed.length ?? 0) === 0 && (r.tasks?.failed.length ?? 0) === 0) && !options.signal?.aborted;
  return { runId, dryRun: options.dryRun, connectors: results, ok };
}

async function writebackOne(
  state: State,
  entry: ConnectorConfig,
  connectors: RunConnectors,
  config: Config,
  log: Logger,
  options: WritebackOptions,
  now: Date,
): Promise<ConnectorWriteback> {
  let connector: Connector | undefined;
  let callsBefore = 0;
  const result: ConnectorWriteback = { connector: entry.name, plan: null, apiCalls: 0 };
  try {
    connector = await connectors.get(entry);
    callsBefore = connector.budget().callsThisRun;
    // A dry run shows the budget left today, so it asks the CRM (reads only).
    const budget = options.dryRun ? (await connector.check()).budget : null;
    const sender = options.dryRun
      ? null
      : new WriteSender(state, connector, fieldOutputs(entry.mapping), config.writeback.maxAttempts, options.signal, options.onBatch);
    const plan = await planConnector(state, entry, connector, config, now, sender ? (range) => sender.send(range) : undefined);
    result.plan = planReport(plan, budget);
    if (sender) {
      result.writes = await sender.finish();
      options.onBatch?.();
      if (!options.signal?.aborted) result.tasks = await executeTasks(state, connector, plan.tasks, options.signal, options.onBatch);
      if (options.signal?.aborted) result.stopped = { reason: 'interrupted', message: 'interrupted' };
      log.debug('write-back done', {
        written: result.writes.written,
        failed: result.writes.failed.length,
        tasksCreated: result.tasks?.created ?? 0,
        tasksClosed: result.tasks?.closed ?? 0,
        apiCalls: connector.budget().callsThisRun - callsBefore,
      });
    }
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    if (error instanceof VitalsError) log.warn('write-back stopped', { reason: error.message });
    else log.error('write-back failed', { error });
    result.stopped = { reason: error instanceof BudgetReserveReached ? 'budget' : 'error', message: error.message, error };
  } finally {
    if (connector) {
      result.budget = connector.budget();
      result.apiCalls = result.budget.callsThisRun - callsBefore;
    }
  }
  return result;
}

export function writebackTotals(results: readonly ConnectorWriteback[]): Record<string, number> {
  const sum = { planned: 0, written: 0, failed: 0, gaveUp: 0, keptEdited: 0, tasksCreated: 0, tasksClosed: 0, tasksFailed: 0 };
  for (const r of results) {
    sum.planned += r.plan?.writes.records ?? 0;
    sum.written += r.writes?.written ?? 0;
    sum.failed += r.writes?.failed.length ?? 0;
    sum.gaveUp += r.writes?.failed.filter((f) => f.gaveUp).length ?? 0;
    sum.keptEdited += r.plan?.writes.kept['edited-by-person'] ?? 0;
    sum.tasksCreated += r.tasks?.created ?? 0;
    sum.tasksClosed += r.tasks?.closed ?? 0;
    sum.tasksFailed += r.tasks?.failed.length ?? 0;
  }
  return sum;
}
