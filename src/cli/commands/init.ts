import { copyFileSync, existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { packageFile } from '../../model/packagePaths.js';
import type { CommandRunner } from '../commandRunner.js';
import { print } from '../context.js';

export function registerInit(program: Command, runner: CommandRunner): void {
  program
    .command('init')
    .description('write a starter config (vitals.yaml) from the documented example')
    .option('--force', 'overwrite an existing file')
    .action((options: { force?: boolean }, command: Command) =>
      // The config is what this command writes: there is none to load yet.
      runner.run(command, { config: false }, async ({ configFile: target }) => {
        if (existsSync(target) && !options.force) {
          throw new UsageError('CONFIG_EXISTS', `${target} already exists; pass --force to overwrite it`);
        }
        copyFileSync(packageFile('config.example.yaml'), target);
        print(`Wrote ${target}`);
        print('Next: set the environment variables it references, edit the connectors, then run `vitals validate`.');
      }),
    );
}
