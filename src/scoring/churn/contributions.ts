import { sigmoid } from './logistic.js';
import type { RiskModel } from './riskModel.js';

/** How much one factor raises (+) or lowers (−) the account's churn risk, in percentage points. */
export interface RiskContribution {
  factor: string;
  points: number;
}

/** A row's log-odds terms and its segment's averages, at offsets in flat arrays. */
export interface ContributionInputs {
  features: Float64Array;
  featuresAt: number;
  featureMeans: Float64Array;
  featureMeansAt: number;
  /** Factors of the terms held at their prior, and their log-odds. */
  priorFactors: readonly string[];
  priorLogits: Float64Array;
  priorLogitsAt: number;
  priorMeans: Float64Array;
  priorMeansAt: number;
}

const RAISING = 3;
const LOWERING = 2;

/**
 * Per-factor contributions against the account's segment average: c_j = β_j·(x_j − x̄_seg,j) in
 * log-odds (the exact SHAP value of a linear model with independent inputs), reported as
 * Δp = σ(η) − σ(η − c) so a CSM reads points of probability. Columns sharing a factor (CSAT
 * and "no CSAT") are summed first. The three factors raising the risk most and the two lowering
 * it most are returned, largest first.
 */
export function riskContributions(model: RiskModel, eta: number, r: ContributionInputs): RiskContribution[] {
  const { factors, ofColumn } = factorsOf(model, r.priorFactors);
  const logOdds = new Float64Array(factors.length);
  const columns = model.space.columns.length;
  for (let j = 1; j < columns; j++) {
    logOdds[ofColumn[j]!]! += model.beta[j]! * (r.features[r.featuresAt + j]! - r.featureMeans[r.featureMeansAt + j]!);
  }
  r.priorFactors.forEach((_, k) => {
    logOdds[ofColumn[columns + k]!]! += r.priorLogits[r.priorLogitsAt + k]! - r.priorMeans[r.priorMeansAt + k]!;
  });
  const p = sigmoid(eta);
  const all: RiskContribution[] = [];
  logOdds.forEach((c, f) => {
    const points = 100 * (p - sigmoid(eta - c));
    if (Math.abs(points) >= 0.05) all.push({ factor: factors[f]!, points });
  });
  const raising = all.filter((c) => c.points > 0).sort((a, b) => b.points - a.points).slice(0, RAISING);
  const lowering = all.filter((c) => c.points < 0).sort((a, b) => a.points - b.points).slice(0, LOWERING);
  return [...raising, ...lowering];
}

const cache = new WeakMap<RiskModel, { key: string; factors: string[]; ofColumn: Int32Array }>();

/** Factor names, and the factor of each model column followed by each prior-only term. */
function factorsOf(model: RiskModel, priorFactors: readonly string[]): { factors: string[]; ofColumn: Int32Array } {
  const key = priorFactors.join('\n');
  const cached = cache.get(model);
  if (cached && cached.key === key) return cached;
  const names = [...model.space.columns.map((c) => c.factor), ...priorFactors];
  const factors = [...new Set(names.slice(1))];
  const ofColumn = Int32Array.from(names, (name) => Math.max(0, factors.indexOf(name)));
  const entry = { key, factors, ofColumn };
  cache.set(model, entry);
  return entry;
}
