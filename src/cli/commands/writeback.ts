import type { Command } from 'commander';
import { ExitCode, exitCodeFor } from '../../errors.js';
import { createLogger } from '../../log/logger.js';
import { renderWriteback } from '../../writeback/renderPlan.js';
import { runWriteback } from '../../writeback/writebackRun.js';
import { acquireLock, heartbeatLock, releaseLock } from '../../../state/locks.js';
import { openState } from '../../../state/openState.js';
import { configFor, print, printJson, reportExitCode } from '../context.js';
import { openConnector, selectConnectors, stopSignal } from '../connectorsFor.js';

const LOCK = 'run';

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
      if (!dryRun) {
        const lock = acquireLock(state, LOCK, { holder: 'writeback' });
        if (!lock.acquired) {
          state.close();
          process.stderr.write(`vitals: another run holds the lock (${lock.heldBy.holder}, pid ${lock.heldBy.pid} on ${lock.heldBy.host}, since ${lock.heldBy.acquiredAt}); try again when it ends\n`);
          reportExitCode(ExitCode.finishedWithFailures);
          return;
        }
      }
      const stop = stopSignal();
      try {
        const started = Date.now();
        const result = await runWriteback(state, entries, openConnector, config, createLogger('writeback'), {
          dryRun,
          signal: stop.signal,
          onBatch: dryRun ? undefined : () => heartbeatLock(state, LOCK),
        });
        const seconds = (Date.now() - started) / 1000;
        if (options.json) {
          printJson({ ...result, connectors: result.connectors.map(({ stopped, ...c }) => ({ ...c, ...(stopped ? { stopped: { reason: stopped.reason, message: stopped.message } } : {}) })), seconds });
        } else print(renderWriteback(result, config.writeback.sampleSize));
        const codes = result.connectors.map((c) => (c.stopped?.error ? exitCodeFor(c.stopped.error) : c.stopped ? ExitCode.finishedWithFailures : 0));
        reportExitCode(Math.max(0, ...codes, result.ok ? 0 : ExitCode.finishedWithFailures));
      } finally {
        stop.dispose();
        if (!dryRun) releaseLock(state, LOCK);
        state.close();
      }
    });
}
