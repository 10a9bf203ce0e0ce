import type { Command } from 'commander';
import type { Config } from '../../config/config.js';
import type { Outcome } from '../../model/errors.js';
import { createLogger } from '../../log/logger.js';
import { renderWriteback } from '../../writeback/renderPlan.js';
import { runWriteback, type WritebackResult } from '../../writeback/writebackRun.js';
import type { CommandRunner } from '../commandRunner.js';
import { stoppedOutcomes } from '../connectorOutcomes.js';
import { print, printJson } from '../context.js';
import { openConnector, selectConnectors } from '../connectorsFor.js';

export function registerWriteback(program: Command, runner: CommandRunner): void {
  program
    .command('writeback')
    .description('push changed score fields and CSM tasks to the CRM; --dry-run prints the plan and its API cost instead')
    .option('--dry-run', 'print what would be written and the API calls it would spend; change nothing')
    .option('--connector <name>', 'only this connector')
    .option('--json', 'print the plan and result as JSON')
    .action((options: { dryRun?: boolean; connector?: string; json?: boolean }, command: Command) => {
      const dryRun = options.dryRun === true;
      // A dry run only reads; a real one must not overlap another run's writes.
      const needs = { prepare: (config: Config) => selectConnectors(config, options.connector), state: 'write', lock: dryRun ? undefined : 'writeback', signal: true } as const;
      return runner.run(command, needs, async ({ config, prepared: entries, state, lock, signal }) => {
        const started = Date.now();
        const result = await runWriteback(state, entries, openConnector, config, createLogger('writeback'), {
          dryRun,
          signal,
          onBatch: lock?.heartbeat,
        });
        const seconds = (Date.now() - started) / 1000;
        if (options.json) {
          printJson({ ...result, connectors: result.connectors.map(({ stopped, ...c }) => ({ ...c, ...(stopped ? { stopped: { reason: stopped.reason, message: stopped.message } } : {}) })), seconds });
        } else print(renderWriteback(result, config.writeback.sampleSize));
        return writebackOutcomes(result, signal);
      });
    });
}

function writebackOutcomes(result: WritebackResult, signal: AbortSignal): Outcome[] {
  const refused = result.connectors.some((c) => (c.writes?.failed.length ?? 0) + (c.tasks?.failed.length ?? 0) > 0);
  return [...result.connectors.flatMap((c) => stoppedOutcomes(c.stopped)), ...(refused ? ['recordsFailed' as const] : []), ...(signal.aborted ? ['stoppedEarly' as const] : [])];
}
