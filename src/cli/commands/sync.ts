import type { Command } from 'commander';
import { canonicalObjects, type CanonicalObject } from '../../contracts/connector.js';
import { UsageError } from '../../model/errors.js';
import { createLogger } from '../../log/logger.js';
import { pulledText } from '../../sync/pulledText.js';
import { runSync } from '../../sync/runSync.js';
import type { CommandRunner } from '../commandRunner.js';
import { readUsageSources } from '../../usage/readUsageSources.js';
import { usageReadText } from '../../usage/usageText.js';
import { heldDeleteOutcomes, quarantineOutcomes, stoppedOutcomes } from '../connectorOutcomes.js';
import { checksOf, heldDeletes } from '../../sync/heldDeletes.js';
import { print, printJson, VERBOSE_HELP } from '../context.js';
import { openConnector, selectConnectors } from '../connectorsFor.js';

export function parseObjects(value: string): CanonicalObject[] {
  const objects = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = objects.filter((o) => !(canonicalObjects as readonly string[]).includes(o));
  if (unknown.length > 0) throw new UsageError('UNKNOWN_OBJECT', `unknown object ${unknown.join(', ')}; allowed: ${canonicalObjects.join(', ')}`);
  return objects as CanonicalObject[];
}

export function registerSync(program: Command, runner: CommandRunner): void {
  program
    .command('sync')
    .description('pull changes since the last sync (deletes included) into the local state; a whole sync also reads the usage sources')
    .option('--verbose', VERBOSE_HELP)
    .option('--full', 'forget the cursors and pull everything again')
    .option('--connector <name>', 'only this connector')
    .option('--objects <list>', `comma-separated: ${canonicalObjects.join(',')}`, parseObjects)
    .option('--sweep', 'read every id now (nothing else) and mark deleted the records the CRM no longer has')
    .option('--confirm-deletes', 'mark deleted the records a full pull or id sweep found gone, even above deletes.maxSharePercent')
    .option('--json', 'print the result as JSON')
    .action((options: { full?: boolean; connector?: string; objects?: CanonicalObject[]; sweep?: boolean; confirmDeletes?: boolean; json?: boolean }, command: Command) =>
      runner.run(command, { prepare: (config) => selectConnectors(config, options.connector), state: 'write', lock: 'sync', signal: true }, async ({ config, prepared: entries, state, lock, signal }) => {
        const started = Date.now();
        const result = await runSync(state, entries, openConnector, createLogger('sync'), {
          kind: 'sync',
          full: options.full,
          objects: options.objects,
          signal,
          onPage: lock.heartbeat,
          deletes: { ...config.deletes, confirm: options.confirmDeletes === true, sweepNow: options.sweep === true },
        });
        // Usage rides along with a whole sync; a sync of chosen objects or an id sweep is about the CRM alone.
        const sources = options.objects || options.sweep ? [] : config.usage.filter((s) => entries.some((e) => e.name === s.match.connector));
        const usage = sources.length > 0 && !signal.aborted ? await readUsageSources(state, sources, config.baseDir, createLogger('usage'), { signal, onWindow: lock.heartbeat }) : [];
        if (options.json) printJson({ ...result, usage, seconds: (Date.now() - started) / 1000 });
        else {
          for (const r of result.results) {
            for (const o of r.outcomes) {
              print(`${r.connector} ${o.object}: ${pulledText(o, [o])}`);
            }
            for (const held of heldDeletes(r.connector, checksOf(r.outcomes))) print(`HELD ${held}`);
            print(`${r.connector}: ${r.apiCalls} API calls${r.stopped ? `; stopped: ${r.stopped.message}` : ''}`);
          }
          for (const u of usage) print(`usage ${usageReadText(u)}`);
          print(`sync #${result.runId} ${result.ok ? 'finished' : 'did not finish'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
        }
        return [...(usage.some((u) => u.error) ? ['usageFailed' as const] : []), ...result.results.flatMap((r) => stoppedOutcomes(r.stopped)), ...quarantineOutcomes(result.results), ...heldDeleteOutcomes(result.results)];
      }),
    );
}
