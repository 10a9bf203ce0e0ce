/** Worst first: a band's index is its rank, so comparing indexes compares bands. */
export const BANDS = ['red', 'yellow', 'green'] as const;
export type Band = (typeof BANDS)[number];
