import type { Command } from 'commander';
import { statusReport } from '../../../state/statusReport.js';
import type { CommandRunner } from '../commandRunner.js';
import { print, printJson } from '../context.js';
import { integerOption } from '../optionParsers.js';
import { renderStatus } from '../renderStatus.js';
import { usageStatus } from '../../usage/usageStatus.js';

export function registerStatus(program: Command, runner: CommandRunner): void {
  program
    .command('status')
    .description('last runs, usage sources and unmatched usage keys, sync positions and record counts, failed writes, quarantined records, API budget, unfinished backfills, lock holder')
    .option('--json', 'print the status as JSON')
    .option('--runs <n>', 'how many recent runs to show', integerOption('runs', 1), 10)
    .action((options: { json?: boolean; runs: number }, command: Command) =>
      // Reading status must not create an empty state file as a side effect.
      runner.run(command, { crm: false, state: 'if-present' }, async ({ config, state }) => {
        if (!state) {
          if (options.json) printJson({ statePath: config.statePath, exists: false });
          else print(`No state yet at ${config.statePath}: nothing has run with this config.`);
          return;
        }
        const report = statusReport(state, options.runs);
        const usage = usageStatus(state, config.usage);
        if (options.json) printJson({ exists: true, ...report, usage });
        else print(renderStatus(report, usage));
      }),
    );
}
