import type { Command } from 'commander';
import type { CommandRunner } from '../commandRunner.js';
import { print, printJson } from '../context.js';
import { parseSince } from '../optionParsers.js';
import { SCORE_FIRST } from './score.js';

export function registerReport(program: Command, runner: CommandRunner): void {
  program
    .command('report')
    .description('the book at a glance as one self-contained HTML page: bands, ARR at risk, renewals, movers, tasks, back-test, sync health')
    .option('--html <file>', 'where to write the page', 'vitals-report.html')
    .option('--since <date>', 'start of the report period (movers, tasks, runs), YYYY-MM-DD or ISO instant; default: 7 days ago', parseSince)
    .option('--connector <name>', 'report on this connector only')
    .option('--json', 'print the summary figures as JSON')
    .action((options: { html: string; since?: string; connector?: string; json?: boolean }, command: Command) =>
      runner.run(command, { crm: false, state: 'read', missing: SCORE_FIRST }, async ({ config, state }) => {
        // Loaded here: the chart renderer (Vega) is 20 MB of memory every other command can do without.
        const { writeReport } = await import('../../reporting/writeReport.js');
        const report = await writeReport(state, config, { htmlPath: options.html, since: options.since === undefined ? undefined : new Date(options.since), connector: options.connector });
        if (options.json) {
          const { urlOf: _links, ...figures } = report.model;
          printJson({ path: report.path, bytes: report.bytes, ...figures });
        } else print(report.summaryText);
      }),
    );
}
