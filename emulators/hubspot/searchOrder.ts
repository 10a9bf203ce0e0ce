/**
 * The first `k` items of a stable sort by key, without sorting everything. Search never serves
 * past the 10,000th result, so ordering a million matches reduces to a linear selection of the
 * k-th key plus a sort of k items. Ties keep input order (the caller passes items in id order);
 * missing keys (undefined, NaN) go last in either direction.
 */
export function firstSorted<T>(items: readonly T[], keys: readonly (number | string | undefined)[], descending: boolean, k: number): T[] {
  const order = items.map((_, i) => i);
  const numeric = keys.every((key) => key === undefined || typeof key === 'number');
  if (!numeric || items.length <= k * 2) {
    order.sort(comparator(keys, descending));
    return order.slice(0, k).map((i) => items[i] as T);
  }
  // Numbers: one key per item in a typed array, missing as +Infinity, descending as negated.
  const flat = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const key = keys[i] as number | undefined;
    flat[i] = key === undefined || Number.isNaN(key) ? Number.POSITIVE_INFINITY : descending ? -key : key;
  }
  const kth = select(Float64Array.from(flat), k - 1);
  const chosen: number[] = [];
  for (let i = 0; i < flat.length; i++) if ((flat[i] as number) < kth) chosen.push(i);
  for (let i = 0; i < flat.length && chosen.length < k; i++) if (flat[i] === kth) chosen.push(i);
  chosen.sort((a, b) => (flat[a] as number) - (flat[b] as number) || a - b);
  return chosen.map((i) => items[i] as T);
}

function comparator(keys: readonly (number | string | undefined)[], descending: boolean): (a: number, b: number) => number {
  const dir = descending ? -1 : 1;
  return (a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    const aMissing = ka === undefined || (typeof ka === 'number' && Number.isNaN(ka));
    const bMissing = kb === undefined || (typeof kb === 'number' && Number.isNaN(kb));
    if (aMissing || bMissing) return aMissing === bMissing ? a - b : aMissing ? 1 : -1;
    if (ka === kb) return a - b;
    return ((ka as number | string) < (kb as number | string) ? -1 : 1) * dir;
  };
}

/** The value that would sit at `index` if `values` were sorted ascending (reorders `values`). */
function select(values: Float64Array, index: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = median3(values[lo] as number, values[(lo + hi) >>> 1] as number, values[hi] as number);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (index <= j) hi = j;
    else if (index >= i) lo = i;
    else return values[index] as number;
  }
  return values[index] as number;
}

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}
