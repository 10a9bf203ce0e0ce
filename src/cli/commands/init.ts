import { copyFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { packageFile } from '../../model/packagePaths.js';
import type { GlobalOptions } from '../context.js';
import { print } from '../context.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a starter config (vitals.yaml) from the documented example')
    .option('--force', 'overwrite an existing file')
    .action((options: { force?: boolean }, command: Command) => {
      const target = resolve(command.optsWithGlobals<GlobalOptions>().config);
      if (existsSync(target) && !options.force) {
        throw new UsageError('CONFIG_EXISTS', `${target} already exists; pass --force to overwrite it`);
      }
      copyFileSync(packageFile('config.example.yaml'), target);
      print(`Wrote ${target}`);
      print('Next: set the environment variables it references, edit the connectors, then run `vitals validate`.');
    });
}
