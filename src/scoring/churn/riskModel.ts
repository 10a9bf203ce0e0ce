import type { RiskSettings } from '../../config/scoringSettings.js';
import type { RiskSource } from '../../model/riskSource.js';
import { buildFeatureSpace, encode, encodeAll, hasUsage, meanSd, type FeatureSpace, type RiskRow } from './features.js';
import { fitLogistic, logLoss, sigmoid, type LogisticProblem } from './logistic.js';
import { choosePriorSd, healthPrior, measurePriorCoefficient, pinnedToPrior, priorChurnRate, PRIOR_SD_GRID } from './prior.js';
import type { TrainingSet } from './trainingSet.js';

export interface RiskModel {
  source: RiskSource;
  space: FeatureSpace;
  beta: Float64Array;
  /** The coefficients the health score implies, before the data moved them. */
  priorMean: Float64Array;
  /** How far the data could pull (null: the prior alone). */
  priorSd: number | null;
  renewals: number;
  churnedRenewals: number;
  /** The org's churn rate per renewal, shrunk toward the configured prior rate. */
  baseRate: number;
}

const CV_BLOCKS = 5;
const CV_MAX_CASES = 5_000;

/**
 * Fits the churn model on past renewals: MAP logistic regression toward the health-score prior.
 * With fewer churned renewals than `minChurnedRenewals`, only the intercept is learned and the
 * coefficients stay at the prior (`source: prior`). `population` supplies the standardisation
 * when there is too little history to learn it from. Usage is fitted when the renewals trained
 * on have any (`usage: false` fits without it, as the back-test does to show what usage adds).
 */
export function fitRiskModel(training: TrainingSet, r: RiskSettings, population: readonly RiskRow[], usage = hasUsage(training.rows)): RiskModel {
  const space = buildFeatureSpace(training.rows.length >= 30 || population.length === 0 ? training.rows : population, usage);
  const baseRate = priorChurnRate(training.churned, training.renewals, r);
  const problem: Omit<LogisticProblem, 'priorMean' | 'priorPrecision'> = {
    x: encodeAll(space, training.rows),
    p: space.columns.length,
    y: training.y,
    weight: training.weight,
  };
  const choice = choosePriorSd(training.churned, r);
  const base = { space, renewals: training.renewals, churnedRenewals: training.churned, baseRate };
  if (choice.source === 'prior') {
    const prior = pinnedToPrior(healthPrior(space, r, baseRate, 1));
    const beta = training.rows.length > 0 ? fitLogistic({ ...problem, ...prior }).beta : Float64Array.from(prior.priorMean);
    return { ...base, source: 'prior', beta, priorMean: prior.priorMean, priorSd: null };
  }
  const priorSd = choice.priorSd === 'cv' ? priorSdByTimeOrderedCv(problem, training, space, r, baseRate) : choice.priorSd;
  const prior = healthPrior(space, r, baseRate, priorSd);
  return { ...base, source: 'fitted', beta: fitLogistic({ ...problem, ...prior }).beta, priorMean: prior.priorMean, priorSd };
}

/**
 * Rolling origin over renewals in time order: fit on the earlier blocks, score the next one,
 * sum the weighted log-loss; the prior SD with the least wins. Slices of one renewal stay in one
 * block, so a renewal never validates itself.
 */
function priorSdByTimeOrderedCv(
  problem: Omit<LogisticProblem, 'priorMean' | 'priorPrecision'>,
  training: TrainingSet,
  space: FeatureSpace,
  r: RiskSettings,
  baseRate: number,
): number {
  const cases = training.cases.length;
  // Choosing one number needs far less data than fitting twelve: a big book is thinned first.
  const stride = Math.ceil(cases / CV_MAX_CASES);
  const blockOf = (row: number) => Math.min(CV_BLOCKS - 1, Math.floor((training.caseOf[row]! * CV_BLOCKS) / cases));
  const folds: { train: Int32Array; test: Int32Array }[] = [];
  for (let k = 1; k < CV_BLOCKS; k++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < training.rows.length; i++) {
      if (training.caseOf[i]! % stride !== 0) continue;
      const block = blockOf(i);
      if (block < k) train.push(i);
      else if (block === k) test.push(i);
    }
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  const losses = PRIOR_SD_GRID.map(() => 0);
  for (const fold of folds) {
    // Each looser prior starts from the tighter one's solution, a few Newton steps away.
    let start: Float64Array | undefined;
    PRIOR_SD_GRID.forEach((sd, k) => {
      start = fitLogistic({ ...problem, ...healthPrior(space, r, baseRate, sd), rows: fold.train }, start).beta;
      losses[k]! += logLoss({ ...problem, rows: fold.test }, start);
    });
  }
  const best = losses.indexOf(Math.min(...losses));
  return PRIOR_SD_GRID[best]!;
}

/**
 * Measures the fit cannot see (stage, activity, extras exist only as current values; usage when
 * no past renewal had any) still speak for the risk through the coefficient their health weight
 * implies, μ = −κ·ω·sd/SD_H, on the current book's spread. They are not validated by the
 * back-test, which cannot see them.
 */
export interface PriorOnlyTerm {
  key: string;
  /** Where the measure's score sits in a risk row. */
  index: number;
  coefficient: number;
  mean: number;
  sd: number;
}

export function priorOnlyTerms(measures: readonly { key: string; index: number }[], rows: readonly RiskRow[], r: RiskSettings): PriorOnlyTerm[] {
  const healthSd = meanSd(rows.map((row) => row.health)).sd;
  return measures.map(({ key, index }) => {
    const stats = meanSd(rows.map((row) => row.scores[index]!));
    const omega = meanSd(rows.map((row) => (row.omega[index]! > 0 ? row.omega[index]! : Number.NaN))).mean;
    return { key, index, coefficient: measurePriorCoefficient(omega, stats.sd, healthSd, r), mean: stats.mean, sd: stats.sd };
  });
}

/** Writes each prior-only term's log-odds for the row at `at` (0 where the measure is missing). */
export function priorOnlyLogits(terms: readonly PriorOnlyTerm[], row: RiskRow, out: Float64Array, at = 0): void {
  terms.forEach((t, k) => {
    const s = row.scores[t.index]!;
    out[at + k] = Number.isNaN(s) ? 0 : (t.coefficient * (s - t.mean)) / t.sd;
  });
}

/** β·x for the features written at `at` in `features`. */
export function linearPredictor(model: RiskModel, features: Float64Array, at = 0): number {
  let eta = 0;
  for (let j = 0; j < model.beta.length; j++) eta += model.beta[j]! * features[at + j]!;
  return eta;
}

/** Churn probability of one row with the fitted part alone (as-of rows, back-test). */
export function churnProbability(model: RiskModel, row: RiskRow, scratch = new Float64Array(model.beta.length)): number {
  encode(model.space, row, scratch);
  return sigmoid(linearPredictor(model, scratch));
}
