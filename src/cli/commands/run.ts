import type { Command } from 'commander';
import { createLogger } from '../../log/logger.js';
import { renderJob } from '../../run/renderJob.js';
import { runJob, type JobResult } from '../../run/runJob.js';
import type { CommandRunner } from '../commandRunner.js';
import { print, printJson, VERBOSE_HELP } from '../context.js';
import { openConnector, selectConnectors } from '../connectorsFor.js';
import { jobOutcomes } from '../connectorOutcomes.js';

export function registerRun(program: Command, runner: CommandRunner): void {
  program
    .command('run')
    .description('the whole job, what cron runs: sync, product usage, score, tasks and write-back for every connector')
    .option('--verbose', VERBOSE_HELP)
    .option('--dry-run', 'sync and score the local state, then print what would be written; send nothing to the CRM')
    .option('--connector <name>', 'only this connector')
    .option('--confirm-deletes', 'mark deleted the records a full pull or id sweep found gone, even above deletes.maxSharePercent')
    .option('--json', 'print the result as JSON')
    .action((options: { dryRun?: boolean; connector?: string; confirmDeletes?: boolean; json?: boolean }, command: Command) =>
      runner.run(command, { prepare: (config) => selectConnectors(config, options.connector), state: 'write', lock: 'run', signal: true }, async ({ config, prepared: entries, state, lock, signal }) => {
        const job = await runJob(state, config, entries, openConnector, createLogger('run'), { dryRun: options.dryRun === true, confirmDeletes: options.confirmDeletes === true, signal, onProgress: lock.heartbeat });
        if (options.json) printJson(jobJson(job));
        else print(renderJob(job));
        return jobOutcomes(job);
      }),
    );
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
