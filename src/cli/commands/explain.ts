import type { Command } from 'commander';
import type { ScoringConfig } from '../../config/scoringSettings.js';
import { UsageError } from '../../model/errors.js';
import { measureLabel } from '../../scoring/drivers.js';
import { measureName } from '../../scoring/measureNames.js';
import { NOT_DUE } from '../../scoring/snapshotRecord.js';
import { usageSentence } from '../../scoring/usageValues.js';
import { accountMoney, type AccountMoney } from '../../../state/currencies.js';
import { findAccounts, storedBook } from '../../../state/scoringInputs.js';
import type { State } from '../../../state/openState.js';
import { churnedAt } from '../../scoring/churn/renewalCases.js';
import { fullMoney } from '../../reporting/formatNumbers.js';
import { recentSnapshots, type SnapshotRecord } from '../../../state/snapshots.js';
import type { CommandRunner } from '../commandRunner.js';
import { print, printJson } from '../context.js';
import { integerOption } from '../optionParsers.js';
import { connectorNames, SCORE_FIRST } from './score.js';

type Snapshot = SnapshotRecord & { asOf: string; modelVersion: string };

export function registerExplain(program: Command, runner: CommandRunner): void {
  program
    .command('explain')
    .description('one account: health, band, trend, every measure and its points, churn risk and its drivers, history')
    .argument('<account>', 'account id or name (a name prefix works when it is unique)')
    .option('--connector <name>', 'look in this connector only')
    .option('--history <n>', 'how many recent snapshots to show', integerOption('history', 1), 10)
    .option('--json', 'print the explanation as JSON')
    .action((query: string, options: { connector?: string; history: number; json?: boolean }, command: Command) =>
      runner.run(command, { crm: false, prepare: (config) => connectorNames(config, options.connector), state: 'read', missing: SCORE_FIRST }, async ({ config, prepared: names, state }) => {
        const found = findAccounts(state, query, options.connector).filter((a) => names.includes(a.connector));
        if (found.length === 0) throw new UsageError('UNKNOWN_ACCOUNT', `no account matches "${query}" (by id, name or name prefix)`);
        if (found.length > 1) {
          const list = found.map((a) => `  ${a.connector} ${a.id}  ${a.name ?? ''}`).join('\n');
          throw new UsageError('AMBIGUOUS_ACCOUNT', `"${query}" matches ${found.length}${found.length >= 20 ? ' or more' : ''} accounts; give an id or --connector:\n${list}`);
        }
        const account = found[0]!;
        const snapshots = recentSnapshots(state, account.connector, account.id, options.history);
        const churned = churnedOn(state, account);
        if (snapshots.length === 0) {
          if (churned) throw new UsageError('NOT_SCORED', `${account.name ?? account.id} churned: ${churned}; churned accounts are not scored`);
          throw new UsageError('NOT_SCORED', `${account.name ?? account.id} has no score yet; run \`vitals score\``);
        }
        const money = accountMoney(state, account.connector, account.id);
        if (options.json) printJson({ ...account, money, ...(churned ? { churned } : {}), latest: snapshots[0], history: snapshots.slice(1) });
        else print(`${churned ? `Churned: ${churned}; not scored since, the last score is below.\n` : ''}${renderExplain(account, money, snapshots, config.scoring)}`);
      }),
    );
}

/** "its last renewal was lost on 2026-03-31" for a churned account (why it has no score), else null. */
function churnedOn(state: State, account: { connector: string; id: string }): string | null {
  const [inputs] = storedBook(state, account.connector).read([account.id]);
  const lostMs = inputs ? churnedAt(inputs) : null;
  return lostMs === null ? null : `its last renewal was lost on ${new Date(lostMs).toISOString().slice(0, 10)}`;
}

function renderExplain(account: { connector: string; id: string; name: string | null }, money: AccountMoney, snapshots: Snapshot[], config: ScoringConfig): string {
  const s = snapshots[0]!;
  const extraLabels = Object.fromEntries(Object.entries(config.extras).map(([k, e]) => [k, e.label]));
  const trend = [
    s.trend,
    s.trendChange === null ? null : `${signed(s.trendChange)} in ${config.trend.changeDays}d`,
    s.trendSlope === null ? null : `${signed(s.trendSlope)}/week`,
  ].filter(Boolean);
  const lines = [
    `${account.name ?? account.id} (${account.connector} ${account.id})`,
    `  health ${s.health.toFixed(1)}  ${s.band}   trend ${trend.join(', ')}   coverage ${s.coverage.toFixed(2)}${s.coverage < config.lowCoverageBelow ? ' (low: read with care)' : ''}`,
    `  churn risk ${(100 * s.churnRisk).toFixed(1)}% (${s.riskSource === 'prior' ? 'health-score prior: too few lost renewals to fit' : 'fitted on past renewals'})`,
    `  scored ${s.asOf} by ${s.modelVersion}`,
  ];
  if (money.arr !== null) lines.splice(3, 0, `  ARR ${arrText(money)}`);
  const measurePoints = Object.values(s.measures).reduce((sum, m) => sum + m.p, 0);
  const capPoints = Math.max(0, 100 - s.health - measurePoints);
  if (s.flags.length > 0) {
    lines.push(`  red flags: ${s.flags.map((f) => f.label).join('; ')} (score capped at ${config.redFlags.cap}${capPoints >= 0.5 ? `, -${capPoints.toFixed(1)} points` : ''})`);
  }
  lines.push(`  drivers: ${s.driversText}`, '', '  measure              value                         score   weight  points');
  const measures = Object.entries(s.measures).sort((a, b) => b[1].p - a[1].p);
  for (const [key, m] of measures) {
    const notDue = m.n === NOT_DUE;
    const label =
      m.s === null && !notDue
        ? 'no data (dropped)'
        : measureLabel({ key, group: 'support', score: m.s, value: m.v, notDue, ...(m.n ? { note: m.n } : {}) }, extraLabels) + (notDue ? ', not due' : '');
    lines.push(
      `  ${measureName(key, config).padEnd(20)} ${label.padEnd(29)} ${m.s === null ? '    -' : m.s.toFixed(0).padStart(5)}  ${(m.w * 100).toFixed(1).padStart(6)}%  ${m.p > 0 ? `-${m.p.toFixed(1)}` : '0'}`,
    );
    // Usage values need more words than the column holds: what was counted, over which days.
    const words = usageSentence(key, m.v, m.n);
    if (words) lines.push(`  ${''.padEnd(20)} ${words}`);
  }
  if (capPoints >= 0.5) lines.push(`  ${'red flag cap'.padEnd(20)} ${(s.flags[0]?.label ?? '').padEnd(29)}                  -${capPoints.toFixed(1)}`);
  if (s.drivers.risk.length > 0) {
    lines.push('', '  churn risk against the segment average (percentage points)');
    const raising = s.drivers.risk.filter((c) => c.points > 0).slice(0, 3);
    const lowering = s.drivers.risk.filter((c) => c.points < 0).slice(0, 2);
    for (const c of [...raising, ...lowering]) lines.push(`    ${signed(c.points).padStart(6)}  ${measureName(c.factor, config)}`);
  }
  if (s.drivers.change.length > 0) {
    lines.push('', '  what moved the score since the last snapshot');
    for (const d of s.drivers.change.slice(0, 3)) lines.push(`    ${signed(d.points).padStart(6)}  ${d.label}`);
  }
  lines.push('', '  recent snapshots');
  for (const h of snapshots) lines.push(`    ${h.asOf.slice(0, 16).replace('T', ' ')}  ${h.health.toFixed(1).padStart(5)}  ${h.band.padEnd(6)}  risk ${(100 * h.churnRisk).toFixed(1)}%`);
  return lines.join('\n');
}

/** "$1,204,000", and beside it the record's own money when it keeps another currency: "(€1,110,000 in the CRM)". */
function arrText(m: AccountMoney): string {
  const counted = fullMoney(m.corporate, m.arrInCorporate);
  if (m.currency === null || m.currency === m.corporate) return counted;
  if (m.arrInCorporate === null) return `${fullMoney(m.currency, m.arr)} in the CRM: no ${m.currency} rate in the org, so not counted in totals`;
  return `${counted} (${fullMoney(m.currency, m.arr)} in the CRM, at the org's ${m.currency} rate)`;
}

function signed(x: number): string {
  const v = Math.round(x * 10) / 10;
  return v > 0 ? `+${v}` : `${v}`;
}
