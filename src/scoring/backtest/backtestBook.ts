import type { ScoringConfig } from '../../config/scoringSettings.js';
import type { BacktestReport, BandOutcome } from '../../model/backtest.js';
import { BANDS } from '../../model/bands.js';
import type { BookSource } from '../../model/bookSource.js';
import { rawBand } from '../bands.js';
import { ScoringProfiles } from '../segmentProfile.js';
import { RenewalSample } from '../churn/renewalCases.js';
import { hasUsage, usagePresent } from '../churn/features.js';
import { churnProbability, fitRiskModel } from '../churn/riskModel.js';
import { sampledTrainingSet, subsetTrainingSet, type TrainingSet } from '../churn/trainingSet.js';
import { quarterFolds } from './folds.js';
import { auc, averagePrecision, brier, calibrationLine, meanLogLoss, reliability, wilson } from './metrics.js';

/** Measures the back-test cannot rebuild as they stood before a past renewal, and why. */
export const NOT_REBUILDABLE = [
  'renewalReadiness: the state keeps only the current stage of an opportunity',
  'activityRecency: the state keeps only the latest activity date',
  'mapped extras (CRM fields such as NPS or a usage score): the state keeps only current values',
  'renewal slippage: close-date history is not synced',
];

/**
 * Replays the org's renewal history: every past renewal is rebuilt as it stood at several days
 * before its date, scored by a model fitted only on renewals resolved before its quarter's
 * horizon, and the predictions are compared with what happened. When usage reaches back to
 * past renewals, every fold is also fitted without it, so the report shows what usage adds.
 */
export function backtestBook(source: BookSource, config: ScoringConfig, nowMs: number): BacktestReport {
  const profiles = new ScoringProfiles(config);
  const sample = new RenewalSample(config.risk.maxTrainingRenewals);
  let position = 0;
  for (const chunk of source.chunks()) for (const inputs of chunk) sample.offerAccount(inputs, position++, nowMs);
  const cases = sample.cases();
  const all = sampledTrainingSet(source, cases, profiles, config);
  const horizon = Math.max(...config.risk.asOfDays);
  const priorOnly = { ...config.risk, minChurnedRenewals: Number.MAX_SAFE_INTEGER };

  const fitted = new Float64Array(all.rows.length).fill(Number.NaN);
  const prior = new Float64Array(all.rows.length).fill(Number.NaN);
  const usage = hasUsage(all.rows);
  const withoutUsage = usage ? new Float64Array(all.rows.length).fill(Number.NaN) : null;
  const folds: BacktestReport['folds'] = [];
  for (const fold of quarterFolds(cases, horizon)) {
    const train = subsetTrainingSet(all, fold.train);
    const test = subsetTrainingSet(all, fold.test);
    const model = fitRiskModel(train, config.risk, test.rows);
    const priorModel = fitRiskModel(train, priorOnly, test.rows);
    const noUsageModel = withoutUsage ? fitRiskModel(train, config.risk, test.rows, false) : null;
    const testRows = rowsOfCases(all, new Set(fold.test));
    for (const i of testRows) {
      fitted[i] = churnProbability(model, all.rows[i]!);
      prior[i] = churnProbability(priorModel, all.rows[i]!);
      if (withoutUsage) withoutUsage[i] = churnProbability(noUsageModel!, all.rows[i]!);
    }
    const foldAuc = auc(testRows.map((i) => fitted[i]!), testRows.map((i) => all.y[i]!));
    folds.push({
      label: fold.label,
      trainRenewals: train.renewals,
      trainChurned: train.churned,
      testRenewals: test.renewals,
      testChurned: test.churned,
      source: model.source,
      auc: Number.isNaN(foldAuc) ? null : foldAuc,
    });
  }
  const report = summarise(all, fitted, prior, config, folds);
  return withoutUsage ? { ...report, usage: usageEffect(all, fitted, withoutUsage) } : report;
}

/** The same rows scored by the models fitted with usage and without it. */
function usageEffect(all: TrainingSet, fitted: Float64Array, withoutUsage: Float64Array): NonNullable<BacktestReport['usage']> {
  return {
    rows: all.rows.filter(usagePresent).length,
    auc: auc(fitted, all.y),
    aucWithout: auc(withoutUsage, all.y),
    brier: brier(fitted, all.y),
    brierWithout: brier(withoutUsage, all.y),
  };
}

function summarise(all: TrainingSet, fitted: Float64Array, prior: Float64Array, config: ScoringConfig, folds: BacktestReport['folds']): BacktestReport {
  const y = all.y;
  const n = all.rows.length;
  const baseRate = n === 0 ? 0 : y.reduce((a, b) => a + b, 0) / n;
  const negHealth = all.rows.map((r) => -r.health);
  const healthAuc = auc(negHealth, y);
  const fittedReliability = reliability(fitted, y);
  const risk = {
    auc: auc(fitted, y),
    prAuc: averagePrecision(fitted, y),
    brier: brier(fitted, y),
    logLoss: meanLogLoss(fitted, y),
    ece: fittedReliability.ece,
    calibration: n > 0 ? calibrationLine(fitted, y) : { intercept: Number.NaN, slope: Number.NaN },
    deciles: fittedReliability.bins,
  };
  const priorScores = { auc: auc(prior, y), brier: brier(prior, y), ece: reliability(prior, y).ece };

  const bandOf = all.rows.map((r) => rawBand(r.health, config.bands));
  const bands = BANDS.map((band): BandOutcome => {
    let rows = 0;
    let churned = 0;
    bandOf.forEach((b, i) => {
      if (b !== band) return;
      rows += 1;
      churned += y[i]!;
    });
    const rate = rows === 0 ? 0 : churned / rows;
    return { band, rows, churned, rate, lift: baseRate > 0 ? rate / baseRate : Number.NaN, ci95: wilson(churned, rows) };
  });

  // Per renewal, not per as-of row: was it red or yellow at any slice 60-90 days before?
  const flaggedAhead = new Map<number, { flagged: boolean; churned: boolean }>();
  for (let i = 0; i < n; i++) {
    const days = all.daysBefore[i]!;
    if (days < 60 || days > 90) continue;
    const c = all.caseOf[i]!;
    const seen = flaggedAhead.get(c);
    flaggedAhead.set(c, { flagged: (seen?.flagged ?? false) || bandOf[i] !== 'green', churned: y[i] === 1 });
  }
  const ahead = [...flaggedAhead.values()];
  const churners = ahead.filter((a) => a.churned);
  const flagged = churners.filter((a) => a.flagged).length;
  const stayedGreen = ahead.filter((a) => !a.flagged);
  const greenChurned = stayedGreen.filter((a) => a.churned).length;

  const byDaysBefore = [...new Set(all.daysBefore)].sort((a, b) => b - a).map((days) => {
    const rows = [...all.daysBefore.keys()].filter((i) => all.daysBefore[i] === days);
    const value = auc(rows.map((i) => fitted[i]!), rows.map((i) => y[i]!));
    return { days, rows: rows.length, auc: Number.isNaN(value) ? null : value };
  });

  return {
    renewals: all.renewals,
    churnedRenewals: all.churned,
    rows: n,
    baseRate,
    folds,
    risk,
    prior: priorScores,
    healthAuc,
    fittedBeatsPrior: risk.auc >= healthAuc + 0.02 && risk.brier < priorScores.brier,
    byDaysBefore,
    bands,
    greenShare: n === 0 ? 0 : bands[2]!.rows / n,
    leadTime: {
      churners: churners.length,
      flagged,
      share: churners.length === 0 ? 0 : flagged / churners.length,
      renewals: ahead.length,
      green: { renewals: stayedGreen.length, churned: greenChurned, rate: stayedGreen.length === 0 ? 0 : greenChurned / stayedGreen.length },
    },
    notRebuildable: NOT_REBUILDABLE,
  };
}

function rowsOfCases(set: TrainingSet, cases: ReadonlySet<number>): number[] {
  const rows: number[] = [];
  for (let i = 0; i < set.rows.length; i++) if (cases.has(set.caseOf[i]!)) rows.push(i);
  return rows;
}
