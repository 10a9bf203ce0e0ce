import type { Command } from 'commander';
import type { Config } from '../../config/config.js';
import { createLogger } from '../../log/logger.js';
import { bandTotals, scoreConnectorPass, type ScorePassResult } from '../../scoring/scorePass.js';
import { scoredText } from '../../scoring/snapshotRecord.js';
import { finishRun, startRun } from '../../../state/runs.js';
import type { CommandRunner } from '../commandRunner.js';
import { print, printJson } from '../context.js';
import { selectConnectors } from '../connectorsFor.js';

const log = createLogger('score');

export function registerScore(program: Command, runner: CommandRunner): void {
  program
    .command('score')
    .description('recompute health scores and churn risk from the local state (no CRM calls)')
    .option('--connector <name>', 'score only this connector')
    .option('--json', 'print the summary as JSON')
    .action((options: { connector?: string; json?: boolean }, command: Command) =>
      runner.run(command, { crm: false, prepare: (config) => connectorNames(config, options.connector), state: 'write' }, async ({ config, prepared: names, state }) => {
        const run = startRun(state, 'score', options.connector ?? null);
        try {
          const results = names.map((name) => scoreConnectorPass(state, config, name, run));
          const counts = bandTotals(results);
          finishRun(state, run, { status: 'ok', counts });
          log.info('scored', { ...counts, connectors: names.length });
          if (options.json) printJson({ connectors: results });
          else results.forEach((r) => print(renderScore(r, config.scoring.lowCoverageBelow, config.scoring.risk.minChurnedRenewals)));
        } catch (error) {
          finishRun(state, run, { status: 'failed', error: (error as Error).message });
          throw error;
        }
      }),
    );
}

/** What a command that reads scores asks for when there is no state yet. */
export const SCORE_FIRST = 'run `vitals sync` and `vitals score` first';

export function connectorNames(config: Config, only: string | undefined): string[] {
  return selectConnectors(config, only).map((c) => c.name);
}

type ScoreResult = ScorePassResult;

export function renderScore(r: ScoreResult, lowCoverageBelow: number, minChurned: number): string {
  const s = r.summary;
  if (!s) return `${r.connector}: no accounts in the state yet; run \`vitals sync\` first.`;
  const pct = (n: number) => `${((100 * n) / Math.max(1, s.accounts)).toFixed(1)}%`;
  const risk = s.risk;
  const lines = [
    `Scored ${r.connector} in ${(r.durationMs / 1000).toFixed(1)} s: ${scoredText(s)}`,
    ...(['green', 'yellow', 'red'] as const).map((band) => `  ${band.padEnd(7)}${String(s.bands[band]).padStart(8)}  ${pct(s.bands[band]).padStart(6)}`),
    `  mean churn risk ${(100 * s.meanChurnRisk).toFixed(1)}%   mean coverage ${s.meanCoverage.toFixed(2)} (${s.lowCoverage} below ${lowCoverageBelow})   red flags on ${s.redFlagged}`,
    risk.source === 'fitted'
      ? `  churn risk fitted on ${risk.renewals} past renewals (${risk.churnedRenewals} lost), prior SD ${risk.priorSd}`
      : `  churn risk from the health-score prior: ${risk.churnedRenewals} lost renewals on record, ${minChurned} needed to fit`,
    `  model ${r.modelVersion}`,
  ];
  if (s.unscorable) lines.push(`  ${s.unscorable} accounts have no data any measure can use`);
  return lines.join('\n');
}
