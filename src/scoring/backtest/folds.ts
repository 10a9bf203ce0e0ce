import { DAY_MS } from '../../model/time.js';
import type { RenewalCase } from '../churn/renewalCases.js';

/** One rolling-origin fold: the renewals of a calendar quarter, and what could be known before them. */
export interface Fold {
  /** `2024-Q3` */
  label: string;
  startMs: number;
  /** Indices of the cases trained on and tested. */
  train: number[];
  test: number[];
}

/**
 * Rolling-origin folds by renewal quarter. A fold trains only on renewals resolved before its
 * start minus `horizonDays` (the earliest as-of slice of its test renewals), so no test
 * prediction is made with an outcome that was not yet known when it was made.
 */
export function quarterFolds(cases: readonly RenewalCase[], horizonDays: number): Fold[] {
  const byQuarter = new Map<number, number[]>();
  cases.forEach((c, i) => {
    const start = quarterStart(c.renewalMs);
    let members = byQuarter.get(start);
    if (!members) byQuarter.set(start, (members = []));
    members.push(i);
  });
  return [...byQuarter.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([startMs, test]) => {
      const cutoff = startMs - horizonDays * DAY_MS;
      const train: number[] = [];
      cases.forEach((c, i) => {
        if (c.renewalMs < cutoff) train.push(i);
      });
      const d = new Date(startMs);
      return { label: `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`, startMs, train, test };
    });
}

function quarterStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
}
