import { choleskySolve } from './cholesky.js';

/**
 * A logistic regression problem with a Gaussian prior on each coefficient: the MAP estimate is
 * ridge regression toward the prior means rather than toward zero, which is how the health
 * score's expert weights keep the fit sensible when renewals are few.
 */
export interface LogisticProblem {
  /** n×p design, row-major. */
  x: Float64Array;
  p: number;
  y: Uint8Array;
  /** Row weights (each renewal's as-of slices share one unit). @default 1 */
  weight?: Float64Array;
  /** Added to each row's linear predictor (terms held at their prior). @default 0 */
  offset?: Float64Array;
  /** Only these rows (for cross-validation folds without copying the design). @default all */
  rows?: Int32Array;
  priorMean: Float64Array;
  /** 1/σ² per coefficient; a huge value pins a coefficient at its prior mean. */
  priorPrecision: Float64Array;
}

export interface LogisticFit {
  beta: Float64Array;
  iterations: number;
  converged: boolean;
}

export function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * Newton-Raphson (IRLS) on the penalised log-likelihood:
 *   β ← β + (XᵀWX + Λ)⁻¹ [Xᵀ(y − p) − Λ(β − μ)],  W = diag(w·p(1−p)), Λ = diag(precision),
 * with step halving when a full step would not improve the objective. The prior makes the
 * Hessian positive definite even for separable or tiny data. Usually converges in < 10 steps.
 */
export function fitLogistic(problem: LogisticProblem, start?: Float64Array, maxIterations = 50, tolerance = 1e-7): LogisticFit {
  const { p, priorMean } = problem;
  let beta = Float64Array.from(start ?? priorMean);
  let objective = penalisedLoss(problem, beta);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const { gradient, hessian } = newtonTerms(problem, beta);
    const step = choleskySolve(hessian, gradient, p);
    if (!step) return { beta, iterations: iteration, converged: false };
    let scale = 1;
    let next = beta;
    let nextObjective = objective;
    while (scale > 1e-6) {
      next = new Float64Array(p);
      for (let j = 0; j < p; j++) next[j] = beta[j]! + scale * step[j]!;
      nextObjective = penalisedLoss(problem, next);
      if (nextObjective <= objective + 1e-12) break;
      scale /= 2;
    }
    let moved = 0;
    for (let j = 0; j < p; j++) moved = Math.max(moved, Math.abs(step[j]! * scale));
    beta = next;
    objective = nextObjective;
    if (moved < tolerance) return { beta, iterations: iteration, converged: true };
  }
  return { beta, iterations: maxIterations, converged: false };
}

function newtonTerms(problem: LogisticProblem, beta: Float64Array): { gradient: Float64Array; hessian: Float64Array } {
  const { x, p, y, weight, offset, priorMean, priorPrecision } = problem;
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    gradient[j] = -priorPrecision[j]! * (beta[j]! - priorMean[j]!);
    hessian[j * p + j] = priorPrecision[j]!;
  }
  const rows = rowsOf(problem);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    const base = i * p;
    let eta = offset ? offset[i]! : 0;
    for (let j = 0; j < p; j++) eta += x[base + j]! * beta[j]!;
    const prob = sigmoid(eta);
    const w = weight ? weight[i]! : 1;
    const residual = w * (y[i]! - prob);
    const curvature = w * prob * (1 - prob);
    for (let j = 0; j < p; j++) {
      const xj = x[base + j]!;
      gradient[j]! += residual * xj;
      const cx = curvature * xj;
      const hRow = j * p;
      for (let k = 0; k <= j; k++) hessian[hRow + k]! += cx * x[base + k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) hessian[k * p + j] = hessian[j * p + k]!;
  return { gradient, hessian };
}

/** Weighted negative log-likelihood plus the prior's penalty. */
export function penalisedLoss(problem: LogisticProblem, beta: Float64Array): number {
  const { p, priorMean, priorPrecision } = problem;
  let loss = 0;
  for (let j = 0; j < p; j++) loss += 0.5 * priorPrecision[j]! * (beta[j]! - priorMean[j]!) ** 2;
  return loss + logLoss(problem, beta);
}

/** Weighted negative log-likelihood of the problem's rows under `beta`. */
export function logLoss(problem: Omit<LogisticProblem, 'priorMean' | 'priorPrecision'>, beta: Float64Array): number {
  const { x, p, y, weight, offset } = problem;
  const rows = rowsOf(problem);
  let loss = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    let eta = offset ? offset[i]! : 0;
    for (let j = 0; j < p; j++) eta += x[i * p + j]! * beta[j]!;
    // log(1 + e^η) − y·η, computed without overflow.
    const softplus = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
    loss += (weight ? weight[i]! : 1) * (softplus - y[i]! * eta);
  }
  return loss;
}

const allRows = new WeakMap<Uint8Array, Int32Array>();
function rowsOf(problem: Pick<LogisticProblem, 'rows' | 'y'>): Int32Array {
  if (problem.rows) return problem.rows;
  let rows = allRows.get(problem.y);
  if (!rows) {
    rows = new Int32Array(problem.y.length);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    allRows.set(problem.y, rows);
  }
  return rows;
}
