import type { Command } from 'commander';
import { ExitCode, exitCodeFor } from '../../model/errors.js';
import { createLogger } from '../../log/logger.js';
import { renderWriteback } from '../../writeback/renderPlan.js';
import { runWriteback } from '../../writeback/writebackRun.js';
import type { HeldRunLock } from '../../run/runLock.js';
import { openState } from '../../../state/openState.js';
import { runLockFor } from '../runLockFor.js';
import { configFor, print, printJson, reportExitCode } from '../context.js';
import { openConnector, selectConnectors, stopSignal } from '../connectorsFor.js';

export function registerWriteback(program: Command): void {
  program
    .command('writeback')
    .description('push changed score fields and CSM tasks to the CRM; --dry-run prints the plan and its API cost instead')
    .option('--dry-run', 'print what would be written and the API calls it would spend; change nothing')
    .option('--connector <name>', 'only this connector')
    .option('--json', 'print the plan and result as JSON')
    .action(async (options: { dryRun?: boolean; connector?: string; json?: boolean }, command: Command) => {
      const config = await configFor(command);
      const entries = selectConnectors(config, options.connector);
      const state = openState(config.statePath);
      const dryRun = options.dryRun === true;
      // A dry run only reads; a real one must not overlap another run's writes.
      let held: HeldRunLock | undefined;
      if (!dryRun) {
        held = runLockFor(state, 'writeback') ?? undefined;
        if (!held) return;
      }
      const stop = stopSignal();
      try {
        const started = Date.now();
        const result = await runWriteback(state, entries, openConnector, config, createLogger('writeback'), {
          dryRun,
          signal: stop.signal,
          onBatch: held?.heartbeat,
        });
        const seconds = (Date.now() - started) / 1000;
        if (options.json) {
          printJson({ ...result, connectors: result.connectors.map(({ stopped, ...c }) => ({ ...c, ...(stopped ? { stopped: { reason: stopped.reason, message: stopped.message } } : {}) })), seconds });
        } else print(renderWriteback(result, config.writeback.sampleSize));
        const codes = result.connectors.map((c) => (c.stopped?.error ? exitCodeFor(c.stopped.error) : c.stopped ? ExitCode.finishedWithFailures : 0));
        reportExitCode(Math.max(0, ...codes, result.ok ? 0 : ExitCode.finishedWithFailures));
      } finally {
        stop.dispose();
        held?.release();
        state.close();
      }
    });
}
