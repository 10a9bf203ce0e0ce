import type { Command } from 'commander';
import { BackfillProgress } from '../../backfill/progress.js';
import { runBackfill } from '../../backfill/runBackfill.js';
import { canonicalObjects, type CanonicalObject } from '../../contracts/connector.js';
import { createLogger } from '../../log/logger.js';
import { stderrTerminal } from '../../log/terminal.js';
import type { CommandRunner } from '../commandRunner.js';
import { heldDeleteOutcomes, quarantineOutcomes, stoppedOutcomes } from '../connectorOutcomes.js';
import { checksOf, heldDeletes } from '../../sync/heldDeletes.js';
import { print, printJson, VERBOSE_HELP } from '../context.js';
import { openConnector, selectConnectors } from '../connectorsFor.js';
import { parseSince } from '../optionParsers.js';
import { parseObjects } from './sync.js';

export function registerBackfill(program: Command, runner: CommandRunner): void {
  program
    .command('backfill')
    .description('pull the full history again (or since a date) with progress; rerun after a stop to resume')
    .option('--verbose', VERBOSE_HELP)
    .option('--since <date>', 'only records modified on or after this date (YYYY-MM-DD or ISO instant)', parseSince)
    .option('--connector <name>', 'only this connector')
    .option('--objects <list>', `comma-separated: ${canonicalObjects.join(',')}`, parseObjects)
    .option('--restart', 'start over instead of resuming an unfinished backfill')
    .option('--confirm-deletes', 'mark deleted the records the pull did not see, even above deletes.maxSharePercent')
    .option('--json', 'print the result as JSON')
    .action((options: { since?: string; connector?: string; objects?: CanonicalObject[]; restart?: boolean; confirmDeletes?: boolean; json?: boolean }, command: Command) =>
      runner.run(command, { prepare: (config) => selectConnectors(config, options.connector), state: 'write', lock: 'backfill', signal: true }, async ({ config, prepared: entries, state, lock, signal }) => {
        const progress = new BackfillProgress({ terminal: stderrTerminal });
        const started = Date.now();
        const result = await runBackfill(state, entries, openConnector, createLogger('backfill'), {
          ...options,
          deletes: { ...config.deletes, confirm: options.confirmDeletes === true },
          signal,
          onCount: (connector, object, total, already) => progress.expect(connector, object, total, already),
          onPage: (connector, outcome) => {
            lock.heartbeat();
            progress.page(connector, outcome);
          },
        });
        progress.finish();
        const seconds = (Date.now() - started) / 1000;
        if (options.json) {
          printJson({ ...result, results: result.results.map(({ stopped, ...r }) => ({ ...r, ...(stopped ? { stopped: { reason: stopped.reason, message: stopped.message } } : {}) })), seconds });
        } else {
          for (const r of result.results) {
            const pulled = r.outcomes.reduce((sum, o) => sum + o.pulled, 0);
            const quarantined = r.outcomes.reduce((sum, o) => sum + o.quarantined, 0);
            const state = r.finished ? 'done' : `stopped (${r.stopped?.message ?? 'interrupted'}); rerun \`vitals backfill\` with the same options to resume`;
            print(`${r.connector}: ${pulled.toLocaleString('en-US')} records${r.resumed ? ' (resumed)' : ''}, ${quarantined} quarantined, ${r.apiCalls} API calls: ${state}`);
            for (const held of heldDeletes(r.connector, checksOf(r.outcomes))) print(`HELD ${held}`);
          }
          const records = result.results.reduce((sum, r) => sum + r.outcomes.reduce((s, o) => s + o.pulled, 0), 0);
          // A rate over less than a second is noise (a resumed backfill with nothing left reads 0 records in 40 ms).
          const rate = seconds >= 1 ? ` (${Math.round(records / seconds).toLocaleString('en-US')} records/s)` : '';
          print(`backfill #${result.runId} in ${seconds.toFixed(1)}s${rate}`);
        }
        // A backfill left unfinished without an error was interrupted: a rerun resumes it.
        return [...result.results.flatMap((r) => (r.finished ? [] : stoppedOutcomes(r.stopped ?? {}))), ...quarantineOutcomes(result.results), ...heldDeleteOutcomes(result.results)];
      }),
    );
}
