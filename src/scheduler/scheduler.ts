import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config/config.js';
import type { Connector } from '../contracts/connector.js';
import type { ConnectorConfig } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { runJob } from '../run/runJob.js';
import { describeHolder, takeRunLock } from '../run/runLock.js';
import { runSync } from '../sync/runSync.js';
import { openState } from '../../state/openState.js';

export type ScheduledJob = Config['schedule']['jobs'][number]['job'];

export interface SchedulerOptions {
  open: (entry: ConnectorConfig) => Promise<Connector>;
  log: Logger;
}

export interface TickOutcome {
  job: ScheduledJob;
  outcome: 'ok' | 'failed' | 'skipped-busy' | 'skipped-locked' | 'interrupted';
  runId?: number;
}

/**
 * `vitals schedule`: the config's cron jobs in one long-lived process. A tick never overlaps
 * another tick here, nor any run elsewhere (the run lock in the state); a tick that cannot start
 * is skipped and logged, and a failing run is logged and the next tick goes on. `stop()` lets the
 * run in flight finish its page or batch and commit, then releases the lock.
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly controller = new AbortController();
  private running: Promise<TickOutcome> | null = null;
  private readonly listeners: ((outcome: TickOutcome) => void)[] = [];

  constructor(
    private readonly config: Config,
    private readonly options: SchedulerOptions,
  ) {}

  start(): void {
    const { jobs, timezone } = this.config.schedule;
    for (const { job, cron: expression } of jobs) {
      const task = cron.schedule(expression, () => void this.tick(job), { timezone, name: `vitals ${job}`, logger: this.cronLogger() });
      this.tasks.push(task);
      this.options.log.info('scheduled', { job, cron: expression, timezone, next: task.getNextRun()?.toISOString() ?? null });
    }
  }

  /** node-cron's own messages (a missed tick while a run blocks the loop) as our JSON lines. */
  private cronLogger() {
    const log = this.options.log.child('cron');
    const text = (message: string | Error) => (message instanceof Error ? message.message : message);
    return {
      info: (message: string) => log.debug(message),
      warn: (message: string) => log.warn(message),
      error: (message: string | Error, error?: Error) => log.error(text(message), error ? { error } : {}),
      debug: (message: string | Error) => log.debug(text(message)),
    };
  }

  onTick(listener: (outcome: TickOutcome) => void): void {
    this.listeners.push(listener);
  }

  /** Runs one job now, as a tick would (also what the cron callbacks call). */
  async tick(job: ScheduledJob): Promise<TickOutcome> {
    const log = this.options.log;
    if (this.controller.signal.aborted) return this.emit({ job, outcome: 'interrupted' });
    if (this.running) {
      log.warn('tick skipped: the previous run is still going', { job });
      return this.emit({ job, outcome: 'skipped-busy' });
    }
    this.running = this.runLocked(job);
    try {
      return this.emit(await this.running);
    } finally {
      this.running = null;
    }
  }

  /** Stops scheduling, lets the run in flight reach its next checkpoint, and resolves once it has. */
  async stop(): Promise<void> {
    this.controller.abort();
    for (const task of this.tasks) await task.stop();
    await this.running;
  }

  private async runLocked(job: ScheduledJob): Promise<TickOutcome> {
    const { config, options } = this;
    const log = options.log.child(job);
    const state = openState(config.statePath);
    try {
      const lock = takeRunLock(state, `schedule ${job}`);
      if ('heldBy' in lock) {
        log.warn('tick skipped: another run holds the lock', { holder: describeHolder(lock.heldBy) });
        return { job, outcome: 'skipped-locked' };
      }
      try {
        const signal = this.controller.signal;
        const started = Date.now();
        if (job === 'run') {
          const result = await runJob(state, config, config.connectors, options.open, log, { dryRun: false, signal, onProgress: lock.held.heartbeat });
          const outcome = result.interrupted ? 'interrupted' : result.ok ? 'ok' : 'failed';
          log[outcome === 'failed' ? 'error' : 'info']('run finished', { runId: result.runId, outcome, seconds: (Date.now() - started) / 1000, apiCalls: result.apiCalls, ...result.counts, failures: result.connectors.flatMap((c) => c.failures) });
          return { job, outcome, runId: result.runId };
        }
        const result = await runSync(state, config.connectors, options.open, log, { kind: 'sync', signal, onPage: lock.held.heartbeat, deletes: { ...config.deletes, confirm: false } });
        const outcome = signal.aborted ? 'interrupted' : result.ok ? 'ok' : 'failed';
        log[outcome === 'failed' ? 'error' : 'info']('sync finished', { runId: result.runId, outcome, seconds: (Date.now() - started) / 1000 });
        return { job, outcome, runId: result.runId };
      } finally {
        lock.held.release();
      }
    } catch (error) {
      // A broken state or a bug must not end the scheduler: the next tick tries again.
      log.error('tick failed', { error });
      return { job, outcome: 'failed' };
    } finally {
      state.close();
    }
  }

  private emit(outcome: TickOutcome): TickOutcome {
    for (const listener of this.listeners) listener(outcome);
    return outcome;
  }
}
