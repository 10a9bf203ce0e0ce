import type { RiskSettings } from '../../config/scoringSettings.js';
import type { FeatureSpace } from './features.js';
import { logit } from './logistic.js';

/** Pseudo-renewals behind the configured churn rate: a Beta(1, 9) prior at the default 10%. */
const PRIOR_RENEWALS = 10;
/** The intercept is always learned from the data; its prior only steadies a tiny book. */
const INTERCEPT_SD = 2;

export interface CoefficientPrior {
  priorMean: Float64Array;
  priorPrecision: Float64Array;
}

/** The org's renewal churn rate, shrunk toward the configured prior rate when renewals are few. */
export function priorChurnRate(churned: number, renewals: number, r: RiskSettings): number {
  return (churned + PRIOR_RENEWALS * r.priorChurnRate) / (renewals + PRIOR_RENEWALS);
}

/**
 * The prior derived from the health score. Assume one SD lower health multiplies the churn odds
 * by e^κ: η = logit(π0) + κ·(H̄ − H)/SD_H. Since H = Σ ω_m·s_m, the coefficient on the
 * standardised measure z_m has prior mean μ_m = −κ·ω_m·sd_m/SD_H. Inputs the scorecard does not
 * weigh (size, tenure, segment, missing flags) get prior mean 0.
 */
export function healthPrior(space: FeatureSpace, r: RiskSettings, baseRate: number, priorSd: number): CoefficientPrior {
  const p = space.columns.length;
  const mean = new Float64Array(p);
  const precision = new Float64Array(p).fill(1 / (priorSd * priorSd));
  mean[0] = logit(baseRate);
  precision[0] = 1 / (INTERCEPT_SD * INTERCEPT_SD);
  space.measures.forEach((_, m) => {
    mean[1 + m] = measurePriorCoefficient(space.omegaMean[m]!, space.scoreSd[m]!, space.healthSd, r);
  });
  return { priorMean: mean, priorPrecision: precision };
}

/** μ = −κ·ω·sd/SD_H: the log-odds per SD of a measure that the health score implies. */
export function measurePriorCoefficient(omega: number, scoreSd: number, healthSd: number, r: RiskSettings): number {
  return healthSd > 0 ? (-r.healthLogOddsPerSd * omega * scoreSd) / healthSd : 0;
}

/** Pins every coefficient but the intercept at its prior mean: "the prior alone". */
export function pinnedToPrior(prior: CoefficientPrior): CoefficientPrior {
  return { priorMean: prior.priorMean, priorPrecision: prior.priorPrecision.map((v, j) => (j === 0 ? v : 1e12)) };
}

export type PriorSdChoice = { source: 'prior' } | { source: 'fitted'; priorSd: number } | { source: 'fitted'; priorSd: 'cv' };

/**
 * How far the data may pull the coefficients from the prior, by how many churned renewals there
 * are (docs scoring.md): under the minimum, the prior alone; up to 50, a tight 0.25; beyond,
 * chosen by time-ordered cross-validation.
 */
export function choosePriorSd(churned: number, r: RiskSettings): PriorSdChoice {
  if (churned < r.minChurnedRenewals) return { source: 'prior' };
  if (r.priorSd !== 'auto') return { source: 'fitted', priorSd: r.priorSd };
  if (churned < 50) return { source: 'fitted', priorSd: 0.25 };
  return { source: 'fitted', priorSd: 'cv' };
}

export const PRIOR_SD_GRID = [0.25, 0.5, 1, 2] as const;
