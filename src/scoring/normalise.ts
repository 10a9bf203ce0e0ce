/** Maps raw measure values to 0-100 (higher is healthier); formulas from docs scoring.md. */

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** 0 at `bad`, 100 at `good`, linear between; works in either direction. */
export function lin(x: number, bad: number, good: number): number {
  const t = clamp((x - bad) / (good - bad), 0, 1);
  // A reversed scale yields -0 at its bad end; keep stored and printed scores a plain 0.
  return t === 0 ? 0 : 100 * t;
}

/** 100 up to `grace`, then halving every `halfLife`. */
export function decay(t: number, grace: number, halfLife: number): number {
  return t <= grace ? 100 : 100 * Math.pow(2, -(t - grace) / halfLife);
}

/** Bayesian average: `m` pseudo-observations at `prior` added to `n` observations averaging `mean`. */
export function shrink(mean: number, n: number, prior: number, m: number): number {
  return (n * mean + m * prior) / (n + m);
}

/**
 * Where a value stands among its peers, for "lower is better" measures: 100 minus the share of
 * peers strictly below it. Ties at the best value all score 100 — in a segment where most accounts
 * filed no ticket lately, having none must not cost points, which a mid-rank ECDF would do.
 */
export class LowerIsBetterRank {
  private readonly sorted: Float64Array;

  constructor(values: readonly number[]) {
    this.sorted = Float64Array.from(values).sort();
  }

  get size(): number {
    return this.sorted.length;
  }

  score(x: number): number {
    const below = lowerBound(this.sorted, x);
    return this.sorted.length === 0 ? 100 : 100 * (1 - below / this.sorted.length);
  }
}

/** Index of the first element >= x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
