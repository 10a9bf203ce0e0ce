import { describe, expect, it } from '@jest/globals';
import { firstSorted } from '../../../emulators/hubspot/searchOrder.js';

/** The reference: a full stable sort, missing keys last, ties in input order. */
function reference(keys: (number | undefined)[], descending: boolean, k: number): number[] {
  const idx = keys.map((_, i) => i);
  idx.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka === undefined || kb === undefined) return ka === kb ? a - b : ka === undefined ? 1 : -1;
    return ka === kb ? a - b : (ka < kb ? -1 : 1) * (descending ? -1 : 1);
  });
  return idx.slice(0, k);
}

describe('search ordering: first k of a stable sort', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

  it.each([
    ['ascending, many ties', false, 50_000, 100],
    ['descending, many ties', true, 50_000, 100],
    ['ascending, few ties', false, 60_000, 1e9],
    ['fewer items than 2k (full sort path)', true, 15_000, 50],
  ])('%s', (_name, descending, n, distinct) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const keys = items.map(() => (random() < 0.05 ? undefined : Math.floor(random() * distinct)));
    expect(firstSorted(items, keys, descending, 10_000)).toEqual(reference(keys, descending, 10_000));
  });

  it('sorts strings with the comparator path', () => {
    const keys = ['b', undefined, 'a', 'b', 'c'];
    expect(firstSorted([0, 1, 2, 3, 4], keys, false, 3)).toEqual([2, 0, 3]);
    expect(firstSorted([0, 1, 2, 3, 4], keys, true, 5)).toEqual([4, 0, 3, 2, 1]);
  });
});
