import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openState } from '../../../state/openState.js';
import { statusReport } from '../../../state/statusReport.js';
import { configFor, print, printJson } from '../context.js';
import { renderStatus } from '../renderStatus.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('last runs, cursors, record counts, failed writes, quarantined records, API budget, unfinished backfills, lock holder')
    .option('--json', 'print the status as JSON')
    .option('--runs <n>', 'how many recent runs to show', (v) => Number.parseInt(v, 10), 10)
    .action(async (options: { json?: boolean; runs: number }, command: Command) => {
      const config = await configFor(command);
      // Reading status must not create an empty state file as a side effect.
      if (!existsSync(config.statePath)) {
        if (options.json) printJson({ statePath: config.statePath, exists: false });
        else print(`No state yet at ${config.statePath}: nothing has run with this config.`);
        return;
      }
      const state = openState(config.statePath);
      try {
        const report = statusReport(state, options.runs);
        if (options.json) printJson({ exists: true, ...report });
        else print(renderStatus(report));
      } finally {
        state.close();
      }
    });
}
