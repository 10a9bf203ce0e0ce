import { BANDS, type Band } from '../model/bands.js';
import { DAY_MS } from '../model/time.js';
import type { PassAccount } from '../../state/reportData.js';

export const RENEWAL_WINDOWS = [30, 90, 180] as const;

/** An account of the latest pass with the connector it belongs to. */
export interface BookAccount extends PassAccount {
  connector: string;
}

export interface BandFigure {
  band: Band;
  accounts: number;
  arr: number;
}

/** Accounts and ARR per band, red first; every band present, zero when empty. */
export function bandFigures(accounts: readonly BookAccount[]): BandFigure[] {
  const out = new Map(BANDS.map((band) => [band, { band, accounts: 0, arr: 0 }]));
  for (const a of accounts) {
    const figure = out.get(a.band)!;
    figure.accounts += 1;
    figure.arr += a.arr ?? 0;
  }
  return [...out.values()];
}

/** An account (or a customer matched across connectors) with what it puts at risk. */
export type RiskAccount<A extends BookAccount = BookAccount> = A & {
  /** Churn risk × ARR. */
  arrAtRisk: number;
};

export interface ArrAtRisk<A extends BookAccount = BookAccount> {
  /** Σ churn risk × ARR over the book: the ARR expected to churn at today's risks. */
  total: number;
  /** Of the book's ARR. */
  share: number;
  top: RiskAccount<A>[];
}

export function arrAtRisk<A extends BookAccount>(accounts: readonly A[], topN: number): ArrAtRisk<A> {
  let total = 0;
  let arr = 0;
  const scored: RiskAccount<A>[] = [];
  for (const a of accounts) {
    const atRisk = a.churnRisk * (a.arr ?? 0);
    total += atRisk;
    arr += a.arr ?? 0;
    scored.push({ ...a, arrAtRisk: atRisk });
  }
  scored.sort((x, y) => y.arrAtRisk - x.arrAtRisk || x.accountId.localeCompare(y.accountId));
  return { total, share: arr > 0 ? total / arr : 0, top: scored.slice(0, topN) };
}

export interface RenewalFigure {
  withinDays: (typeof RENEWAL_WINDOWS)[number];
  band: Band;
  accounts: number;
  arr: number;
}

/**
 * Renewals due from today to each window's end (30, 90, 180 days; the windows are cumulative),
 * by band, from each account's renewal date. Renewals already past are not "coming up".
 */
export function renewalFigures(accounts: readonly BookAccount[], nowMs: number): RenewalFigure[] {
  const out: RenewalFigure[] = RENEWAL_WINDOWS.flatMap((withinDays) => BANDS.map((band) => ({ withinDays, band, accounts: 0, arr: 0 })));
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  for (const a of accounts) {
    if (!a.renewalDate) continue;
    const due = Date.parse(a.renewalDate);
    if (Number.isNaN(due) || due < today) continue;
    const days = (due - today) / DAY_MS;
    for (const figure of out) {
      if (figure.band !== a.band || days > figure.withinDays) continue;
      figure.accounts += 1;
      figure.arr += a.arr ?? 0;
    }
  }
  return out;
}
