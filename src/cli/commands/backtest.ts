import type { Command } from 'commander';
import { backtestBook } from '../../scoring/backtest/backtestBook.js';
import { recordBacktest } from '../../../state/backtests.js';
import { storedBook } from '../../../state/scoringInputs.js';
import type { CommandRunner } from '../commandRunner.js';
import { print, printJson } from '../context.js';
import { renderBacktest } from '../renderBacktest.js';
import { connectorNames } from './score.js';

export function registerBacktest(program: Command, runner: CommandRunner): void {
  program
    .command('backtest')
    .description("how well the scores predicted the org's past renewals: AUC, Brier, calibration, churn by band, lead time")
    .option('--connector <name>', 'back-test this connector only')
    .option('--json', 'print the report as JSON')
    .action((options: { connector?: string; json?: boolean }, command: Command) =>
      runner.run(command, { crm: false, prepare: (config) => connectorNames(config, options.connector), state: 'read' }, async ({ config, prepared: names, state }) => {
        const nowMs = Date.now();
        const reports = names.map((connector) => ({ connector, ...backtestBook(storedBook(state, connector), config.scoring, nowMs) }));
        // Kept, so `vitals report` shows the latest back-test without replaying the renewals.
        for (const { connector, ...report } of reports) recordBacktest(state, connector, new Date(nowMs).toISOString(), report);
        if (options.json) printJson({ connectors: reports });
        else print(reports.map((r) => renderBacktest(r.connector, r, config.scoring.risk.asOfDays)).join('\n\n'));
      }),
    );
}
