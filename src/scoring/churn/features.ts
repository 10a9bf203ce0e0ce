import { USAGE_KEYS } from '../../config/scoringSettings.js';

/**
 * The churn model's inputs. Only measures that can be rebuilt as they stood before a past renewal
 * are fitted: the CRM's (AS_OF_MEASURES) always, product usage (dated, so rebuilt too) when the
 * renewals trained on have any, with a "no usage" column beside it. Renewal stage, last activity
 * and mapped extras exist only as current values in the state and enter the risk through their
 * prior coefficients alone (see riskModel.ts), as usage does when no past renewal had any.
 */
export const AS_OF_MEASURES = ['ticketLoad', 'openHighPriorityAge', 'escalations', 'csat', 'arrTrend', 'contraction'] as const;
export const USAGE_MEASURES = USAGE_KEYS;
/** Every risk row's scores start with these, in this order. */
export const ROW_MEASURES: readonly string[] = [...AS_OF_MEASURES, ...USAGE_MEASURES];
const CSAT = AS_OF_MEASURES.indexOf('csat');
const ARR_TREND = AS_OF_MEASURES.indexOf('arrTrend');
const USAGE_FROM = AS_OF_MEASURES.length;

/** One account at one moment, as the risk model reads it. */
export interface RiskRow {
  /** Measure scores in the order of the measure keys in use (ROW_MEASURES first); NaN when missing. */
  scores: number[];
  /** Effective weights ω, same order; 0 when missing. */
  omega: number[];
  health: number;
  /** Lower-cased segment value. */
  segment: string;
  arr: number | null;
  tenureYears: number | null;
}

export interface FeatureColumn {
  name: string;
  /** What an explanation calls it; several columns can share one (CSAT and "no CSAT"). */
  factor: string;
}

/** Columns and the standardisation learned from a population of rows. */
export interface FeatureSpace {
  /** The fitted measures: the first of ROW_MEASURES (AS_OF_MEASURES, with usage or without). */
  measures: readonly string[];
  /** Usage measures and the "no usage" column are fitted. */
  usage: boolean;
  columns: FeatureColumn[];
  scoreMean: number[];
  scoreSd: number[];
  /** Mean ω of each measure where present, and the SD of health: the prior is built from them. */
  omegaMean: number[];
  healthSd: number;
  logArr: { mean: number; sd: number };
  tenure: { mean: number; sd: number };
  /** Segments with a dummy column; the most common one is the baseline. */
  segments: string[];
}

/** Whether any row has a usage measure: then usage can be fitted. */
export function hasUsage(rows: readonly RiskRow[]): boolean {
  return rows.some(usagePresent);
}

/** The row has a usage measure. */
export function usagePresent(row: RiskRow): boolean {
  for (let m = USAGE_FROM; m < ROW_MEASURES.length; m++) if (!Number.isNaN(row.scores[m]!)) return true;
  return false;
}

export function buildFeatureSpace(rows: readonly RiskRow[], usage: boolean): FeatureSpace {
  const measures = usage ? ROW_MEASURES : AS_OF_MEASURES;
  const scoreStats = measures.map((_, m) => meanSd(rows.map((r) => r.scores[m]!)));
  const omegaMean = measures.map((_, m) => meanSd(rows.map((r) => (r.omega[m]! > 0 ? r.omega[m]! : Number.NaN))).mean);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.segment, (counts.get(r.segment) ?? 0) + 1);
  const bySize = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // Rare segments would get a coefficient from a handful of renewals; they share the baseline.
  const segments = bySize.slice(1).filter(([, n]) => n >= Math.max(30, rows.length * 0.01)).map(([s]) => s);
  const columns: FeatureColumn[] = [
    { name: 'intercept', factor: 'baseline' },
    ...measures.map((key) => ({ name: key, factor: key })),
    { name: 'csatMissing', factor: 'csat' },
    { name: 'arrTrendMissing', factor: 'arrTrend' },
    ...(usage ? [{ name: 'usageMissing', factor: 'usageMissing' }] : []),
    { name: 'logArr', factor: 'arrSize' },
    { name: 'tenure', factor: 'tenure' },
    ...segments.map((s) => ({ name: `segment:${s}`, factor: 'segment' })),
  ];
  return {
    measures,
    usage,
    columns,
    scoreMean: scoreStats.map((s) => s.mean),
    scoreSd: scoreStats.map((s) => s.sd),
    omegaMean: omegaMean.map((w) => (Number.isNaN(w) ? 0 : w)),
    healthSd: meanSd(rows.map((r) => r.health)).sd,
    logArr: meanSd(rows.map((r) => (r.arr !== null && r.arr > 0 ? Math.log1p(r.arr) : Number.NaN))),
    tenure: meanSd(rows.map((r) => r.tenureYears ?? Number.NaN)),
    segments,
  };
}

/** Writes the row's features into `out` from `at`. Missing inputs sit at the mean (0). */
export function encode(space: FeatureSpace, row: RiskRow, out: Float64Array, at = 0): void {
  let c = at;
  out[c++] = 1;
  for (let m = 0; m < space.measures.length; m++) {
    const s = row.scores[m]!;
    out[c++] = Number.isNaN(s) ? 0 : (s - space.scoreMean[m]!) / space.scoreSd[m]!;
  }
  out[c++] = Number.isNaN(row.scores[CSAT]!) ? 1 : 0;
  out[c++] = Number.isNaN(row.scores[ARR_TREND]!) ? 1 : 0;
  if (space.usage) out[c++] = usagePresent(row) ? 0 : 1;
  out[c++] = row.arr !== null && row.arr > 0 ? (Math.log1p(row.arr) - space.logArr.mean) / space.logArr.sd : 0;
  out[c++] = row.tenureYears === null ? 0 : (row.tenureYears - space.tenure.mean) / space.tenure.sd;
  for (const s of space.segments) out[c++] = row.segment === s ? 1 : 0;
}

export function encodeAll(space: FeatureSpace, rows: readonly RiskRow[]): Float64Array {
  const p = space.columns.length;
  const x = new Float64Array(rows.length * p);
  rows.forEach((row, i) => encode(space, row, x, i * p));
  return x;
}

/** Mean and SD over the finite values; an SD of 1 where there is no spread, so z stays 0. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    n += 1;
    sum += v;
    sumSq += v * v;
  }
  if (n === 0) return { mean: 0, sd: 1 };
  const mean = sum / n;
  const variance = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : 0;
  return { mean, sd: variance > 1e-12 ? Math.sqrt(variance) : 1 };
}
