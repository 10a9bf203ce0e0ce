import { BookRandom } from '../../emulators/book/bookRandom.js';
import { sigmoid, logit } from '../../src/scoring/churn/logistic.js';
import { auc, averagePrecision, brier, calibrationLine, meanLogLoss, reliability, wilson } from '../../src/scoring/backtest/metrics.js';

describe('back-test metrics', () => {
  it.each([
    ['a known example', [0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.75],
    ['a perfect ranking', [0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1], 1],
    ['a reversed ranking', [0.4, 0.3, 0.2, 0.1], [0, 0, 1, 1], 0],
    ['all tied', [0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1], 0.5],
    ['a tie across classes', [0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1], 0.875],
  ])('AUC of %s', (_name, scores, labels, expected) => {
    expect(auc(scores, labels)).toBeCloseTo(expected, 10);
  });

  it('has no AUC with one class only', () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
  });

  it('computes average precision, Brier and log-loss on known inputs', () => {
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.8333333, 6);
    expect(brier([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0])).toBeCloseTo(0.0375, 10);
    expect(meanLogLoss([0.9, 0.1, 0.2, 0.65], [1, 0, 0, 1])).toBeCloseTo(0.21616, 5);
  });

  it('reports reliability by decile and the expected calibration error', () => {
    const p: number[] = [];
    const y: number[] = [];
    for (let d = 0; d < 10; d++) {
      for (let i = 0; i < 10; i++) {
        p.push(d / 10);
        y.push(i < d ? 1 : 0);
      }
    }
    const calibrated = reliability(p, y);
    expect(calibrated.bins).toHaveLength(10);
    expect(calibrated.bins[3]).toEqual({ n: 10, meanPredicted: expect.closeTo(0.3, 10), observedRate: 0.3 });
    expect(calibrated.ece).toBeCloseTo(0, 10);
    expect(reliability([0.5, 0.5, 0.5, 0.5], [0, 0, 0, 0]).ece).toBeCloseTo(0.5, 10);
  });

  it('finds slope 1 for calibrated predictions and about 0.5 for predictions twice too extreme', () => {
    const rng = new BookRandom(1);
    const p: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      const q = sigmoid(-2 + 1.2 * rng.normal());
      p.push(q);
      y.push(rng.chance(q) ? 1 : 0);
    }
    const calibrated = calibrationLine(p, y);
    expect(calibrated.slope).toBeCloseTo(1, 1);
    expect(calibrated.intercept).toBeCloseTo(0, 1);
    const extreme = calibrationLine(p.map((q) => sigmoid(2 * logit(q))), y);
    expect(extreme.slope).toBeCloseTo(0.5, 1);
  });

  it.each([
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [0, 0, 0, 1],
  ])('Wilson interval for %p of %p', (k, n, lo, hi) => {
    const [a, b] = wilson(k, n);
    expect(a).toBeCloseTo(lo, 4);
    expect(b).toBeCloseTo(hi, 4);
  });
});
