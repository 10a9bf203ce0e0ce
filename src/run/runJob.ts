import { deliverRunAlerts } from '../alerts/index.js';
import type { Config, ConnectorConfig } from '../config/config.js';
import type { ApiBudget } from '../contracts/connector.js';
import type { Logger } from '../log/logger.js';
import { keepAllowance } from '../model/apiAllowance.js';
import { bandTotals, scoreConnectorPass, type ScorePassResult } from '../scoring/scorePass.js';
import { heldDeletes } from '../sync/heldDeletes.js';
import { listIdChecks } from '../../state/idChecks.js';
import { runSync, syncPulls, syncTotals, type ConnectorSyncResult } from '../sync/runSync.js';
import { readUsageSources, type UsageReadResult } from '../usage/readUsageSources.js';
import { runWriteback, writebackTotals, type ConnectorWriteback } from '../writeback/writebackRun.js';
import type { State } from '../../state/openState.js';
import { finishRun, startRun } from '../../state/runs.js';
import { withRunConnectors, type OpenConnector, type RunConnectors } from './runConnectors.js';

export interface JobOptions {
  /** Sync and score as usual (local state only), then plan the CRM writes without sending any. */
  dryRun: boolean;
  /** SIGINT/SIGTERM: the page or batch in flight finishes and is committed, then the job stops. */
  signal?: AbortSignal;
  /** Called between pages and batches (the run lock's heartbeat). */
  onProgress?: () => void;
  /** Apply deletes above `deletes.maxSharePercent` that a full pull or id sweep finds (`--confirm-deletes`). */
  confirmDeletes?: boolean;
  /** @default new Date() */
  now?: Date;
}

export interface ConnectorJob {
  connector: string;
  sync: ConnectorSyncResult | null;
  /** The usage sources matched to this connector's accounts, as this run read them. */
  usage: UsageReadResult[];
  score: ScorePassResult | null;
  writeback: ConnectorWriteback | null;
  /** Why this connector's job is not a success (empty when it is). */
  failures: string[];
}

export interface JobResult {
  runId: number;
  dryRun: boolean;
  connectors: ConnectorJob[];
  counts: Record<string, number>;
  apiCalls: number;
  durationMs: number;
  interrupted: boolean;
  ok: boolean;
}

/**
 * The whole job, what cron runs: sync → score → tasks and write-back, recorded as one `runs` row.
 * A connector whose sync did not finish is neither scored nor written this run (its scores would
 * rest on half-pulled data); the others go on. Failures are collected, never thrown, so the
 * caller always gets a summary and the row is always finished. Each connector is opened once for
 * the whole job (one login, one API budget for pull and push) and closed when it ends.
 */
export function runJob(state: State, config: Config, entries: ConnectorConfig[], open: OpenConnector, log: Logger, options: JobOptions): Promise<JobResult> {
  return withRunConnectors(open, (opened) => runPhases(state, config, entries, opened, log, options));
}

async function runPhases(state: State, config: Config, entries: ConnectorConfig[], opened: RunConnectors, log: Logger, options: JobOptions): Promise<JobResult> {
  const started = Date.now();
  const runId = startRun(state, 'run', entries.length === 1 ? entries[0]!.name : null);
  const jobs = new Map<string, ConnectorJob>(entries.map((e) => [e.name, { connector: e.name, sync: null, usage: [], score: null, writeback: null, failures: [] }]));
  const signal = options.signal;
  try {
    const synced = await runSync(state, entries, opened, log.child('sync'), {
      kind: 'sync',
      runId,
      signal,
      onPage: () => options.onProgress?.(),
      deletes: { ...config.deletes, confirm: options.confirmDeletes === true },
    });
    for (const result of synced.results) {
      const job = jobs.get(result.connector)!;
      job.sync = result;
      if (result.stopped && result.stopped.reason !== 'interrupted') job.failures.push(`sync: ${result.stopped.message}`);
      const quarantined = result.outcomes.reduce((n, o) => n + o.quarantined, 0);
      if (quarantined > 0) job.failures.push(`sync: ${quarantined} record${quarantined === 1 ? '' : 's'} quarantined (see \`vitals status\`)`);
      // Deletes held back need a person: every run reports them, as failures (and alerts on them), until
      // confirmed or until a later check finds the records back.
      const checks = listIdChecks(state).filter((c) => c.connector === result.connector);
      for (const held of heldDeletes(result.connector, checks)) job.failures.push(`sync: ${held}`);
    }

    // Usage is read whatever the CRM sync did: the scores of a connector whose sync failed are not
    // computed this run, but its usage is stored for the next. A source's failure is its own.
    const sources = config.usage.filter((s) => jobs.has(s.match.connector));
    if (sources.length > 0 && !signal?.aborted) {
      const read = await readUsageSources(state, sources, config.baseDir, log.child('usage'), { signal, now: options.now, onWindow: () => options.onProgress?.() });
      for (const result of read) {
        const job = jobs.get(result.connector)!;
        job.usage.push(result);
        if (result.error) job.failures.push(`usage: ${result.error}`);
      }
    }

    const ready = entries.filter((e) => {
      const sync = jobs.get(e.name)!.sync;
      return sync !== null && !sync.stopped;
    });
    for (const entry of ready) {
      if (signal?.aborted) break;
      const job = jobs.get(entry.name)!;
      try {
        job.score = scoreConnectorPass(state, config, entry.name, runId, (options.now ?? new Date()).getTime());
      } catch (error) {
        log.error('scoring failed', { connector: entry.name, error });
        job.failures.push(`score: ${(error as Error).message}`);
      }
      options.onProgress?.();
    }

    const scored = ready.filter((e) => jobs.get(e.name)!.score !== null);
    if (scored.length > 0 && !signal?.aborted) {
      const written = await runWriteback(state, scored, opened, config, log.child('writeback'), {
        dryRun: options.dryRun,
        signal,
        now: options.now,
        onBatch: options.onProgress,
        runId,
      });
      for (const result of written.connectors) {
        const job = jobs.get(result.connector)!;
        job.writeback = result;
        job.failures.push(...writebackFailures(result));
      }
    }
  } catch (error) {
    // Only a bug or a broken state lands here: the phases above report CRM failures themselves.
    log.error('run failed', { error });
    for (const job of jobs.values()) job.failures.push(`run: ${(error as Error).message}`);
  }

  const connectors = [...jobs.values()];
  const interrupted = signal?.aborted === true;
  const failures = connectors.flatMap((c) => c.failures.map((f) => `${c.connector} ${f}`));
  const apiCalls = connectors.reduce((n, c) => n + (c.sync?.apiCalls ?? 0) + (c.writeback?.apiCalls ?? 0), 0);
  const budgets: Record<string, ApiBudget | null> = {};
  // The budget at the end counts both phases; the sync's reading keeps the daily allowance when a
  // later phase's calls told the connector nothing about it.
  for (const c of connectors) budgets[c.connector] = [c.sync?.budget, c.writeback?.budget, await opened.budget(c.connector)].reduce<ApiBudget | null>((kept, next) => keepAllowance(kept, next), null);
  const counts = {
    ...syncTotals(connectors.flatMap((c) => (c.sync ? [c.sync] : []))),
    ...usageTotals(connectors.flatMap((c) => c.usage)),
    ...prefixed('scored', bandTotals(connectors.flatMap((c) => (c.score ? [c.score] : [])))),
    ...writebackTotals(connectors.flatMap((c) => (c.writeback ? [c.writeback] : []))),
  };
  finishRun(state, runId, {
    status: failures.length > 0 ? 'failed' : interrupted ? 'aborted' : 'ok',
    counts,
    apiCalls,
    apiBudget: budgets,
    pulled: syncPulls(connectors.flatMap((c) => (c.sync ? [c.sync] : []))),
    error: failures.join('; ') || (interrupted ? 'interrupted' : undefined),
  });
  // People hear about real runs only: a dry run's pass is a preview. Delivery never fails the run.
  if (!options.dryRun && !interrupted) {
    await deliverRunAlerts(state, config, { runId, ok: failures.length === 0, failures, connectors: connectors.map((c) => c.connector) }, log.child('alerts'));
  }
  return { runId, dryRun: options.dryRun, connectors, counts, apiCalls, durationMs: Date.now() - started, interrupted, ok: failures.length === 0 && !interrupted };
}

function writebackFailures(result: ConnectorWriteback): string[] {
  const failures: string[] = [];
  if (result.stopped && result.stopped.reason !== 'interrupted') failures.push(`write-back: ${result.stopped.message}`);
  const rejected = result.writes?.failed ?? [];
  if (rejected.length > 0) failures.push(`write-back: ${rejected.length} record${rejected.length === 1 ? '' : 's'} rejected by the CRM, retried next run; ${commonest(rejected)}`);
  const refused = result.tasks?.failed ?? [];
  if (refused.length > 0) failures.push(`tasks: ${refused.length} refused by the CRM, retried next run; ${commonest(refused)}`);
  return failures;
}

/** The error most of the rejections share: usually one cause (a missing field) explains them all. */
function commonest(failed: readonly { errorCode: string; message: string }[]): string {
  const counts = new Map<string, number>();
  for (const f of failed) counts.set(`${f.errorCode}: ${f.message}`, (counts.get(`${f.errorCode}: ${f.message}`) ?? 0) + 1);
  const [error, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return count === failed.length ? error : `${count} of them ${error}`;
}

/** Only when a source is configured: a run without usage keeps the counts it always had. */
function usageTotals(results: readonly UsageReadResult[]): Record<string, number> {
  return results.length === 0 ? {} : { usageRows: results.reduce((n, r) => n + r.rows, 0) };
}

function prefixed(prefix: string, values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`, v]));
}
