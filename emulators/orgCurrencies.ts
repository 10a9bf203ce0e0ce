import type { OrgCurrencies } from './emulatorKit.js';

/**
 * What both emulators derive from `OrgCurrencies`: which currency each account keeps its money in,
 * how many decimal places a currency has, and (Salesforce advanced currency management) the dated
 * rates, one period per calendar quarter. Book values are in the corporate currency; a stored
 * value is book value × rate (units of the currency per one corporate unit).
 */

/** ISO 4217 currencies without minor units (the ones an org is likely to add); every other has 2. */
const ZERO_DECIMALS = new Set(['JPY', 'KRW', 'CLP', 'ISK', 'VND', 'UGX', 'PYG', 'XAF', 'XOF', 'XPF', 'BIF', 'DJF', 'GNF', 'KMF', 'RWF', 'VUV']);

/** Digits after the decimal point (CurrencyType.DecimalPlaces: "zero (0) for JPY or 2 for USD"). */
export function decimalPlaces(code: string): number {
  return ZERO_DECIMALS.has(code) ? 0 : 2;
}

export function roundTo(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

/** Throws on an org no CRM could hold: no corporate currency at rate 1, duplicate codes, shares not adding up to 1. */
export function checkCurrencies(org: OrgCurrencies): void {
  const codes = org.currencies.map((c) => c.code);
  if (new Set(codes).size !== codes.length) throw new Error(`currencies: duplicate codes in ${codes.join(', ')}`);
  const corporate = org.currencies.find((c) => c.code === org.corporate);
  if (!corporate || corporate.rate !== 1) throw new Error(`currencies: the corporate currency ${org.corporate} must be listed with rate 1`);
  for (const c of org.currencies) {
    if (!/^[A-Z]{3}$/.test(c.code)) throw new Error(`currencies: "${c.code}" is not a three-letter ISO code`);
    if (!(c.rate > 0) || !(c.share >= 0)) throw new Error(`currencies: ${c.code} needs a positive rate and a share of at least 0`);
  }
  const total = org.currencies.reduce((sum, c) => sum + c.share, 0);
  if (Math.abs(total - 1) > 1e-9) throw new Error(`currencies: shares add up to ${total}, not 1`);
}

/**
 * The currency of each of `count` accounts, by index: account i takes the currency furthest below
 * its share among accounts 0..i, so every prefix of the book (and the whole book) holds each
 * currency's share to within one account. The same org and count always give the same list.
 */
export function accountCurrencies(org: OrgCurrencies, count: number): string[] {
  const held = org.currencies.map(() => 0);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let best = 0;
    let bestDeficit = Number.NEGATIVE_INFINITY;
    org.currencies.forEach((c, k) => {
      const deficit = c.share * (i + 1) - (held[k] as number);
      if (deficit > bestDeficit + 1e-12) {
        best = k;
        bestDeficit = deficit;
      }
    });
    held[best] = (held[best] as number) + 1;
    out.push((org.currencies[best] as { code: string }).code);
  }
  return out;
}

/** One dated rate: in force from `startDate` (inclusive) until `nextStartDate` (exclusive; null: still in force). */
export interface DatedRate {
  code: string;
  rate: number;
  startDate: string;
  nextStartDate: string | null;
}

const quarterIndex = (date: string): number => Number(date.slice(0, 4)) * 4 + Math.floor((Number(date.slice(5, 7)) - 1) / 3);
const quarterStart = (q: number): string => `${String(Math.floor(q / 4)).padStart(4, '0')}-${String((q % 4) * 3 + 1).padStart(2, '0')}-01`;

/**
 * Dated rates for every currency (the corporate one at 1 throughout), one period per quarter from
 * the quarter of `from` to the quarter of `to`. The quarter holding `asOf` has each currency's
 * `rate` exactly (the current rate, CurrencyType's); the others move it by up to 3–5%.
 */
export function datedRates(org: OrgCurrencies, from: string, to: string, asOf: string): DatedRate[] {
  const first = Math.min(quarterIndex(from), quarterIndex(asOf));
  const last = Math.max(quarterIndex(to), quarterIndex(asOf));
  const now = quarterIndex(asOf);
  const out: DatedRate[] = [];
  org.currencies.forEach((c, k) => {
    for (let q = first; q <= last; q++) {
      const drift = c.code === org.corporate ? 0 : (0.03 + 0.005 * k) * Math.sin(1.3 * (q - now));
      out.push({ code: c.code, rate: roundTo(c.rate * (1 + drift), 6), startDate: quarterStart(q), nextStartDate: q === last ? null : quarterStart(q + 1) });
    }
  });
  return out;
}

/** The rate of `code` in force on `date` (YYYY-MM-DD): the period holding it, or the nearest one. */
export function rateOn(rates: readonly DatedRate[], code: string, date: string): number {
  const own = rates.filter((r) => r.code === code);
  const hit = own.find((r) => r.startDate <= date && (r.nextStartDate === null || date < r.nextStartDate));
  if (hit) return hit.rate;
  const nearest = date < (own[0]?.startDate ?? '') ? own[0] : own[own.length - 1];
  if (!nearest) throw new Error(`no dated rate for ${code}`);
  return nearest.rate;
}

/** Book value (corporate currency) → the value an account keeping its money in `code` stores. */
export function toCurrency(bookValue: number, rate: number, code: string): number {
  return roundTo(bookValue * rate, decimalPlaces(code));
}
