import type { Band } from './bands.js';
import type { RiskSource } from './riskSource.js';

export interface ReliabilityBin {
  n: number;
  meanPredicted: number;
  observedRate: number;
}

export interface BandOutcome {
  band: Band;
  rows: number;
  churned: number;
  rate: number;
  /** Churn rate over the base rate. */
  lift: number;
  ci95: [number, number];
}

/** A replay of the org's renewal history, as `vitals backtest` computes it and the state keeps it. */
export interface BacktestReport {
  renewals: number;
  churnedRenewals: number;
  /** As-of rows evaluated (each renewal rebuilt at several days before it). */
  rows: number;
  baseRate: number;
  folds: { label: string; trainRenewals: number; trainChurned: number; testRenewals: number; testChurned: number; source: RiskSource; auc: number | null }[];
  risk: { auc: number; prAuc: number; brier: number; logLoss: number; ece: number; calibration: { intercept: number; slope: number }; deciles: ReliabilityBin[] };
  /** The same folds with the coefficients held at the health-score prior. */
  prior: { auc: number; brier: number; ece: number };
  /** How well lower health alone ranks the churners. */
  healthAuc: number;
  /** Fitted coefficients beat the prior by the adoption rule: AUC ≥ AUC(−H) + 0.02 and a better Brier score. */
  fittedBeatsPrior: boolean;
  byDaysBefore: { days: number; rows: number; auc: number | null }[];
  bands: BandOutcome[];
  greenShare: number;
  /** Churners already red or yellow 60-90 days before the renewal (at either slice). */
  leadTime: {
    churners: number;
    flagged: number;
    share: number;
    /** Renewals with a slice 60-90 days before; absent from back-tests stored before it was kept. */
    renewals?: number;
    /** Renewals green at every slice 60-90 days before, and how many of them churned anyway. */
    green?: { renewals: number; churned: number; rate: number };
  };
  notRebuildable: string[];
  /**
   * What product usage adds: the same folds fitted with usage and without it (`auc` and `brier`
   * are the churn risk's above). Absent when no past renewal had usage, and from back-tests
   * stored before usage was measured.
   */
  usage?: { rows: number; auc: number; aucWithout: number; brier: number; brierWithout: number };
}
