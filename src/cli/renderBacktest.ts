import type { BacktestReport } from '../model/backtest.js';

/** `vitals backtest` for one connector, as a person reads it on a terminal. */
export function renderBacktest(connector: string, r: BacktestReport, asOfDays: number[]): string {
  if (r.renewals === 0) return `${connector}: no past renewal with an outcome to test against yet.`;
  const f3 = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `Back-test ${connector}: ${r.renewals} past renewals (${r.churnedRenewals} lost), ${r.rows} as-of rows at ${Math.max(...asOfDays)}-${Math.min(...asOfDays)} days before, ${r.folds.length} quarterly folds; base rate ${pct(r.baseRate)}`,
    `  churn risk    AUC ${f3(r.risk.auc)}  PR-AUC ${f3(r.risk.prAuc)}  Brier ${r.risk.brier.toFixed(4)}  log-loss ${f3(r.risk.logLoss)}  ECE ${f3(r.risk.ece)}  calibration slope ${r.risk.calibration.slope.toFixed(2)}, intercept ${r.risk.calibration.intercept.toFixed(2)}`,
    `  prior alone   AUC ${f3(r.prior.auc)}  Brier ${r.prior.brier.toFixed(4)}  ECE ${f3(r.prior.ece)}`,
    `  health alone  AUC ${f3(r.healthAuc)}`,
    ...(r.usage
      ? [
          `  without usage AUC ${f3(r.usage.aucWithout)}  Brier ${r.usage.brierWithout.toFixed(4)}  (the same folds fitted without product usage; with it: AUC ${f3(r.usage.auc)}, Brier ${r.usage.brier.toFixed(4)}; ${r.usage.rows} of ${r.rows} rows had usage)`,
        ]
      : []),
    `  fitted coefficients ${r.fittedBeatsPrior ? 'beat' : 'do not beat'} the prior (AUC >= health AUC + 0.02 and a lower Brier score)`,
    '',
    '  churn by band (as-of health)      rows   churned   vs base    95% CI',
    ...r.bands.map(
      (b) =>
        `    ${b.band.padEnd(28)} ${String(b.rows).padStart(6)}   ${pct(b.rate).padStart(7)}   ${Number.isNaN(b.lift) ? '  n/a' : `${b.lift.toFixed(1)}x`.padStart(5)}    ${pct(b.ci95[0])}-${pct(b.ci95[1])}`,
    ),
    `    ${pct(r.greenShare)} of the rows were green`,
    `  lead time: ${r.leadTime.flagged} of ${r.leadTime.churners} churners (${pct(r.leadTime.share)}) were red or yellow 60-90 days before the renewal`,
    '',
    '  calibration by decile of predicted risk: predicted -> observed',
    ...r.risk.deciles.map((d, i) => `    ${String(i + 1).padStart(2)}  ${pct(d.meanPredicted).padStart(6)} -> ${pct(d.observedRate).padStart(6)}  (${d.n})`),
    '',
    '  AUC by days before the renewal: ' + r.byDaysBefore.map((d) => `${d.days}d ${d.auc === null ? 'n/a' : d.auc.toFixed(3)}`).join(', '),
    '  folds (train renewals/lost -> test renewals/lost, source, AUC):',
    ...r.folds.map((f) => `    ${f.label}  ${f.trainRenewals}/${f.trainChurned} -> ${f.testRenewals}/${f.testChurned}  ${f.source}  ${f.auc === null ? 'n/a' : f.auc.toFixed(3)}`),
    '',
    '  not rebuildable as of a past date, so left out of the back-test (the live score uses them):',
    ...r.notRebuildable.map((reason) => `    - ${reason}`),
  ];
  return lines.join('\n');
}
