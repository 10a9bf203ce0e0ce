import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { builtinConnectors } from '../../../connectors/registry.js';
import { realOrgConfig } from '../../config/realOrgConfig.js';
import { UsageError } from '../../model/errors.js';
import { packageFile } from '../../model/packagePaths.js';
import type { CommandRunner } from '../commandRunner.js';
import { print } from '../context.js';

const crmTypes = () => builtinConnectors.map((d) => d.type);

function parseCrms(value: string): string[] {
  const types = value.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = types.filter((t) => !crmTypes().includes(t));
  if (types.length === 0 || unknown.length > 0) {
    throw new UsageError('BAD_OPTION', `--crm expects ${crmTypes().join(', ')} or a comma-separated list of them, got "${value}"`);
  }
  return types;
}

export function registerInit(program: Command, runner: CommandRunner): void {
  program
    .command('init')
    .description('write a starter config (vitals.yaml): for your CRM (--crm) or for the local emulators (--emulator)')
    .option('--crm <types>', `the CRMs to connect, no emulator fallbacks: ${crmTypes().join(', ')} (comma-separated for several)`, parseCrms)
    .option('--emulator', 'the demo config: connectors point at `vitals emulate` unless the variables say otherwise')
    .option('--force', 'overwrite an existing file')
    .action((options: { crm?: string[]; emulator?: boolean; force?: boolean }, command: Command) =>
      // The config is what this command writes: there is none to load yet.
      runner.run(command, { config: false }, async ({ configFile: target }) => {
        if (!options.crm === !options.emulator) {
          throw new UsageError('BAD_OPTION', `say which config to write: \`vitals init --crm ${crmTypes()[0]}\` for your own org (${crmTypes().join(', ')}), or \`vitals init --emulator\` for the local emulators`);
        }
        if (existsSync(target) && !options.force) {
          throw new UsageError('CONFIG_EXISTS', `${target} already exists; pass --force to overwrite it`);
        }
        const example = readFileSync(packageFile('config.example.yaml'), 'utf8');
        if (options.emulator) {
          writeFileSync(target, example, { mode: 0o600 });
          print(`Wrote ${target} (the local emulators: start them with \`vitals emulate\` in another terminal)`);
          print('Next: `vitals run`.');
          return;
        }
        const { yaml, variables } = realOrgConfig(example, options.crm!);
        writeFileSync(target, yaml, { mode: 0o600 });
        print(`Wrote ${target} for ${options.crm!.join(' and ')}. It reads these variables (secrets stay out of the file):`);
        for (const name of variables) print(`  export ${name}=...`);
        print('Next: `vitals validate` (credentials, mapped fields, API budget), `vitals setup-fields` (the score fields), then `vitals run`.');
      }),
    );
}
