import type { Command } from 'commander';
import { ExitCode } from '../../model/errors.js';
import { createLogger } from '../../log/logger.js';
import { renderJob } from '../../run/renderJob.js';
import { runJob, type JobResult } from '../../run/runJob.js';
import { openState } from '../../../state/openState.js';
import { runLockFor } from '../runLockFor.js';
import { configFor, print, printJson, reportExitCode } from '../context.js';
import { openConnector, selectConnectors, stopSignal } from '../connectorsFor.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('the whole job, what cron runs: sync, score, tasks and write-back for every connector')
    .option('--dry-run', 'sync and score the local state, then print what would be written; send nothing to the CRM')
    .option('--connector <name>', 'only this connector')
    .option('--json', 'print the result as JSON')
    .action(async (options: { dryRun?: boolean; connector?: string; json?: boolean }, command: Command) => {
      const config = await configFor(command);
      const entries = selectConnectors(config, options.connector);
      const state = openState(config.statePath);
      const log = createLogger('run');
      const lock = runLockFor(state, 'run');
      if (!lock) return;
      const stop = stopSignal();
      try {
        const job = await runJob(state, config, entries, openConnector, log, { dryRun: options.dryRun === true, signal: stop.signal, onProgress: lock.heartbeat });
        if (options.json) printJson(jobJson(job));
        else print(renderJob(job));
        reportExitCode(job.ok ? ExitCode.ok : ExitCode.finishedWithFailures);
      } finally {
        stop.dispose();
        lock.release();
        state.close();
      }
    });
}

/** The result without the raw error objects (they do not serialise and may carry request details). */
export function jobJson(job: JobResult): unknown {
  return {
    ...job,
    connectors: job.connectors.map((c) => ({
      ...c,
      sync: c.sync && { ...c.sync, stopped: c.sync.stopped && { reason: c.sync.stopped.reason, message: c.sync.stopped.message } },
      writeback: c.writeback && { ...c.writeback, stopped: c.writeback.stopped && { reason: c.writeback.stopped.reason, message: c.writeback.stopped.message } },
    })),
  };
}
