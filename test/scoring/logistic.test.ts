import { BookRandom } from '../../emulators/book/bookRandom.js';
import { choleskySolve } from '../../src/scoring/churn/cholesky.js';
import { fitLogistic, sigmoid, type LogisticProblem } from '../../src/scoring/churn/logistic.js';

/** n rows of an intercept and standard-normal inputs, outcomes drawn from the true coefficients. */
function synthetic(n: number, truth: number[], seed = 11): Omit<LogisticProblem, 'priorMean' | 'priorPrecision'> {
  const rng = new BookRandom(seed);
  const p = truth.length;
  const x = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x[i * p] = 1;
    let eta = truth[0]!;
    for (let j = 1; j < p; j++) {
      const v = rng.normal();
      x[i * p + j] = v;
      eta += truth[j]! * v;
    }
    y[i] = rng.chance(sigmoid(eta)) ? 1 : 0;
  }
  return { x, p, y };
}

const flat = (p: number) => ({ priorMean: new Float64Array(p), priorPrecision: new Float64Array(p).fill(1e-8) });

describe('cholesky', () => {
  it('solves a symmetric positive-definite system', () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    const x = choleskySolve(a, Float64Array.of(1, 2, 3), 3)!;
    const back = [0, 1, 2].map((i) => a[i * 3]! * x[0]! + a[i * 3 + 1]! * x[1]! + a[i * 3 + 2]! * x[2]!);
    expect(back[0]).toBeCloseTo(1, 10);
    expect(back[1]).toBeCloseTo(2, 10);
    expect(back[2]).toBeCloseTo(3, 10);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(choleskySolve(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toBeNull();
  });
});

describe('MAP logistic regression', () => {
  const truth = [-1.5, 0.8, -0.5, 0.3, 0];

  it('recovers known coefficients from plenty of data with a flat prior', () => {
    const fit = fitLogistic({ ...synthetic(40_000, truth), ...flat(truth.length) });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(10);
    fit.beta.forEach((b, j) => expect(Math.abs(b - truth[j]!)).toBeLessThan(0.06));
  });

  it('stays near the prior means with few labels, and moves to the data with many', () => {
    const priorMean = Float64Array.of(-1.5, 0.4, -0.2, 0.1, 0.2);
    const priorPrecision = Float64Array.of(0.25, 16, 16, 16, 16); // prior SD 0.25 on the slopes
    const distance = (beta: Float64Array, to: ArrayLike<number>) => [1, 2, 3, 4].reduce((sum, j) => sum + Math.abs(beta[j]! - to[j]!), 0) / 4;
    const few = fitLogistic({ ...synthetic(60, truth, 3), priorMean, priorPrecision }).beta;
    const many = fitLogistic({ ...synthetic(40_000, truth, 3), priorMean, priorPrecision }).beta;
    const unpenalised = fitLogistic({ ...synthetic(60, truth, 3), ...flat(truth.length) }).beta;
    expect(distance(few, priorMean)).toBeLessThan(0.2);
    expect(distance(unpenalised, priorMean)).toBeGreaterThan(2 * distance(few, priorMean));
    [1, 2, 3, 4].forEach((j) => expect(Math.abs(many[j]! - truth[j]!)).toBeLessThan(0.06));
  });

  it('returns the prior mean when there is no data', () => {
    const priorMean = Float64Array.of(-2, 0.5);
    const fit = fitLogistic({ x: new Float64Array(0), p: 2, y: new Uint8Array(0), priorMean, priorPrecision: Float64Array.of(1, 1) });
    expect([...fit.beta]).toEqual([-2, 0.5]);
  });

  it('stays finite on perfectly separable data thanks to the prior', () => {
    const x = Float64Array.of(1, -2, 1, -1, 1, 1, 1, 2);
    const fit = fitLogistic({ x, p: 2, y: Uint8Array.of(0, 0, 1, 1), priorMean: new Float64Array(2), priorPrecision: Float64Array.of(0.01, 1) });
    expect(fit.converged).toBe(true);
    expect(fit.beta[1]).toBeGreaterThan(0.5);
    expect(Number.isFinite(fit.beta[1]!)).toBe(true);
  });

  it('treats a row of weight 2 as two rows, and fits only the rows asked for', () => {
    const base = synthetic(500, truth, 5);
    const doubled = { ...base, x: new Float64Array([...base.x, ...base.x.slice(0, 5)]), y: Uint8Array.from([...base.y, base.y[0]!]) };
    const weight = new Float64Array(500).fill(1);
    weight[0] = 2;
    const a = fitLogistic({ ...doubled, ...flat(5) }).beta;
    const b = fitLogistic({ ...base, weight, ...flat(5) }).beta;
    a.forEach((v, j) => expect(v).toBeCloseTo(b[j]!, 6));
    const rows = Int32Array.from({ length: 500 }, (_, i) => i);
    const c = fitLogistic({ ...doubled, rows, ...flat(5) }).beta;
    const d = fitLogistic({ ...base, ...flat(5) }).beta;
    c.forEach((v, j) => expect(v).toBeCloseTo(d[j]!, 6));
  });

  it('takes offsets as fixed terms', () => {
    const base = synthetic(5_000, [-1, 0.7], 9);
    const offset = Float64Array.from({ length: 5_000 }, (_, i) => 0.7 * base.x[i * 2 + 1]!);
    const fit = fitLogistic({ ...base, p: 1, x: Float64Array.from({ length: 5_000 }, () => 1), offset, ...flat(1) });
    expect(fit.beta[0]).toBeCloseTo(-1, 1);
  });
});
