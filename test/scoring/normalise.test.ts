import { decay, lin, LowerIsBetterRank, shrink } from '../../src/scoring/normalise.js';

describe('normalisers', () => {
  it.each([
    [2.5, 2.5, 4.5, 0],
    [4.5, 2.5, 4.5, 100],
    [3.5, 2.5, 4.5, 50],
    [1, 2.5, 4.5, 0],
    [9, 2.5, 4.5, 100],
    // Reversed scale: lower is better.
    [1, 3, 1, 100],
    [2, 3, 1, 50],
    [5, 3, 1, 0],
  ])('lin(%p; bad %p, good %p) = %p', (x, bad, good, expected) => {
    expect(lin(x, bad, good)).toBeCloseTo(expected, 10);
  });

  it.each([
    [0, 21, 30, 100],
    [21, 21, 30, 100],
    [51, 21, 30, 50],
    [81, 21, 30, 25],
    [120, 14, 30, 100 * Math.pow(2, -106 / 30)],
  ])('decay(%p; grace %p, half-life %p) = %p', (t, grace, half, expected) => {
    expect(decay(t, grace, half)).toBeCloseTo(expected, 10);
  });

  it.each([
    [2, 1, 4, 5, (2 + 20) / 6],
    [2, 0, 4, 5, 4],
    [2, 100, 4, 5, (200 + 20) / 105],
    [5, 3, 4, 0, 5],
  ])('shrink(mean %p, n %p; prior %p, m %p) = %p', (mean, n, prior, m, expected) => {
    expect(shrink(mean, n, prior, m)).toBeCloseTo(expected, 10);
  });

  it('ranks lower-is-better values: ties at the best value all score 100', () => {
    const rank = new LowerIsBetterRank([0, 0, 0, 0, 1, 2, 3, 4, 5, 6]);
    expect(rank.size).toBe(10);
    expect(rank.score(0)).toBe(100);
    expect(rank.score(1)).toBeCloseTo(60);
    expect(rank.score(6)).toBeCloseTo(10);
    expect(rank.score(100)).toBe(0);
    expect(new LowerIsBetterRank([]).score(3)).toBe(100);
  });
});
