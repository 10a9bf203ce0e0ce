import { compactMoney, decimal, percentOf, wholeNumber } from './formatNumbers.js';
import { backtestSentence } from './backtestSentence.js';
import { matchingLine } from './matchAccounts.js';
import type { ReportModel } from './reportModel.js';

/** The few lines `vitals report` prints on the terminal: the page in brief. */
export function summaryText(model: ReportModel, path: string, bytes: number): string {
  const { totals, bands, risk, renewals, movers, sync } = model;
  const lines = [`Report written to ${path} (${Math.max(1, Math.round(bytes / 1024))} KB)`];
  if (totals.accounts === 0) {
    lines.push('  no scores yet: run `vitals score` or `vitals run` first');
    return lines.join('\n');
  }
  lines.push(
    `  ${wholeNumber(totals.accounts)} accounts, ARR ${compactMoney(model.currency, totals.arr)}: ` +
      bands.map((b) => `${b.band} ${wholeNumber(b.accounts)} (${compactMoney(model.currency, b.arr)})`).join(', '),
  );
  const matching = matchingLine(model.match);
  if (matching) lines.push(`  ${matching}`);
  const top = risk.top[0];
  lines.push(`  ARR at risk ${compactMoney(model.currency, risk.total)} (${percentOf(risk.share)} of ARR)${top ? `; largest: ${top.name ?? top.accountId} ${compactMoney(model.currency, top.arrAtRisk)} at ${percentOf(top.churnRisk, 0)} risk` : ''}`);
  const within90 = renewals.filter((r) => r.withinDays === 90);
  const red90 = within90.find((r) => r.band === 'red');
  lines.push(
    `  renewals within 90 days: ${wholeNumber(within90.reduce((n, r) => n + r.accounts, 0))} accounts, ${compactMoney(model.currency, within90.reduce((n, r) => n + r.arr, 0))}` +
      ` (${wholeNumber(red90?.accounts ?? 0)} red, ${compactMoney(model.currency, red90?.arr ?? 0)})`,
  );
  if (movers) {
    const intoRed = movers.bandChanges.filter((c) => c.to === 'red' && c.from !== null).reduce((n, c) => n + c.accounts, 0);
    const biggest = movers.down[0];
    lines.push(`  since ${model.since.slice(0, 10)}: ${wholeNumber(intoRed)} accounts turned red${biggest ? `; biggest drop ${biggest.name ?? biggest.accountId} ${biggest.change.toFixed(1)} points` : ''}`);
  }
  for (const b of model.backtests) {
    if (b.report.renewals > 0) lines.push(`  back-test ${b.connector}: ${backtestSentence(b.report)} (AUC ${decimal(b.report.risk.auc)}, ${b.computedAt.slice(0, 10)})`);
  }
  const last = sync.runs[0];
  lines.push(`  runs since ${model.since.slice(0, 10)}: ${sync.runs.length}, ${sync.failed} failed${last ? `; last ${last.kind} ${last.status} at ${last.startedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`);
  return lines.join('\n');
}
