import type { ReliabilityBin } from '../../model/backtest.js';
import { fitLogistic, logit } from '../churn/logistic.js';

/** Probability that a random churner is ranked above a random renewer; ties count half. NaN without both. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end += 1;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]!] === 1) {
        positives += 1;
        rankSum += midRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Area under the precision-recall curve as average precision (the mean precision at each churner). */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let hits = 0;
  let sum = 0;
  order.forEach((i, k) => {
    if (labels[i] === 1) {
      hits += 1;
      sum += hits / (k + 1);
    }
  });
  return hits === 0 ? Number.NaN : sum / hits;
}

export function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += (p[i]! - y[i]!) ** 2;
  return p.length === 0 ? Number.NaN : sum / p.length;
}

export function meanLogLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]!));
    sum -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return p.length === 0 ? Number.NaN : sum / p.length;
}

/**
 * Reliability by deciles of the prediction (equal counts, so every bin has data) and the
 * expected calibration error over them: Σ (n_b/n)·|mean p_b − rate_b|.
 */
export function reliability(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): { bins: ReliabilityBin[]; ece: number } {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  const out: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * order.length) / bins);
    const to = Math.floor(((b + 1) * order.length) / bins);
    if (to <= from) continue;
    let predicted = 0;
    let observed = 0;
    for (let k = from; k < to; k++) {
      predicted += p[order[k]!]!;
      observed += y[order[k]!]!;
    }
    const n = to - from;
    out.push({ n, meanPredicted: predicted / n, observedRate: observed / n });
    ece += Math.abs(predicted - observed) / order.length;
  }
  return { bins: out, ece };
}

/**
 * Calibration intercept and slope: the logistic regression of the outcome on logit(p). A
 * calibrated model gives 0 and 1; a slope below 1 means the predictions are too extreme.
 */
export function calibrationLine(p: ArrayLike<number>, y: ArrayLike<number>): { intercept: number; slope: number } {
  const n = p.length;
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    x[2 * i] = 1;
    x[2 * i + 1] = logit(Math.min(1 - 1e-9, Math.max(1e-9, p[i]!)));
  }
  const fit = fitLogistic({
    x,
    p: 2,
    y: Uint8Array.from({ length: n }, (_, i) => (y[i] === 1 ? 1 : 0)),
    priorMean: Float64Array.of(0, 1),
    priorPrecision: Float64Array.of(1e-6, 1e-6),
  });
  return { intercept: fit.beta[0]!, slope: fit.beta[1]! };
}

/** Wilson score interval for k successes in n, at 95%. */
export function wilson(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const phat = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = phat + (z * z) / (2 * n);
  const margin = z * Math.sqrt((phat * (1 - phat)) / n + (z * z) / (4 * n * n));
  return [(centre - margin) / denominator, (centre + margin) / denominator];
}
