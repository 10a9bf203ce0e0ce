import type { Command } from 'commander';
import type { EnsureFieldsResult, FieldSpec } from '../../contracts/connector.js';
import { scoreFieldSpecs } from '../../writeback/scoreFieldSpecs.js';
import type { CommandRunner } from '../commandRunner.js';
import { openConnector, selectConnectors } from '../connectorsFor.js';
import { print, printJson } from '../context.js';

export function registerSetupFields(program: Command, runner: CommandRunner): void {
  program
    .command('setup-fields')
    .description('create the score fields and the task dedupe key the mapping names (idempotent); lists what a CRM admin must create by hand')
    .option('--connector <name>', 'only this connector')
    .option('--json', 'print the result as JSON')
    .action((options: { connector?: string; json?: boolean }, command: Command) =>
      runner.run(command, {}, async ({ config }) => {
        const outcomes: { connector: string; result: EnsureFieldsResult }[] = [];
        for (const entry of selectConnectors(config, options.connector)) {
          const connector = await openConnector(entry);
          try {
            outcomes.push({ connector: entry.name, result: await connector.ensureFields(scoreFieldSpecs(entry.mapping)) });
          } finally {
            await connector.close();
          }
        }
        if (options.json) printJson(outcomes);
        else for (const { connector, result } of outcomes) printOutcome(connector, result);
        return outcomes.some((o) => o.result.manual.length > 0) ? 'manualStepsLeft' : 'ok';
      }),
    );
}

function printOutcome(connector: string, result: EnsureFieldsResult): void {
  const name = (f: FieldSpec) => `${f.object}.${f.name}`;
  print(`${connector}: ${result.created.length} created, ${result.present.length} already present, ${result.manual.length} to do by hand`);
  for (const field of result.created) print(`  created  ${name(field)} (${field.label})`);
  for (const field of result.present) print(`  present  ${name(field)}`);
  for (const { field, instruction } of result.manual) print(`  MANUAL   ${name(field)}: ${instruction}`);
}
