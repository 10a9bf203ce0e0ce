import { BANDS } from '../model/bands.js';
import { normaliseDomain } from '../model/domains.js';
import { DAY_MS } from '../model/time.js';
import type { BookAccount } from './bookFigures.js';
import { wholeNumber } from './formatNumbers.js';

/**
 * One customer of the book: an account held in one connector, or the same company held in
 * several (a Salesforce org and a HubSpot portal syncing one customer base). Its figures are
 * the ones the report counts, once, chosen by `combineRecords`; `connector` and `accountId` are
 * those of the record whose score counts, so movers find its baseline.
 */
export interface Customer extends BookAccount {
  /** The accounts this customer is, at most one per connector, in the order connectors were read. */
  records: BookAccount[];
  /** How the records were matched; null for a customer held in one connector. */
  matchedBy: 'domain' | 'name' | null;
}

export interface BookMatch {
  /** Connectors with accounts, in the order they were read. */
  connectors: string[];
  customers: Customer[];
  /** Customers held in more than one connector, and how they were found. */
  matched: { domain: number; name: number };
}

/**
 * Legal-form words dropped from the end of a name: "Acme Corp" and "Acme, Inc." are one company.
 * Dots are removed before words are split, so "S.A." reads as `sa` and "Co." as `co`.
 */
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc',
  'gmbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'ab', 'as', 'oy', 'pty', 'kk',
]);

/** A company name compared across CRMs: lowercase, accents, punctuation and trailing legal suffixes dropped, whitespace collapsed. */
export function normaliseName(name: string | null | undefined): string | null {
  if (!name) return null;
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\./g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // A name that is only a legal form ("Inc.") keeps it rather than become empty.
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.length > 0 ? words.join(' ') : null;
}

/**
 * Matches the accounts of several connectors into customers. Only accounts of different
 * connectors are ever matched, and only when the key picks out exactly one account in each:
 * two companies of one connector that share a domain or a name stay apart, and unmatched.
 * First by website domain; then the accounts left, by normalised name, unless they hold two
 * different domains (then they are different companies). One connector's book is its accounts.
 */
export function matchAccounts(accounts: readonly BookAccount[], nowMs: number): BookMatch {
  const connectors = [...new Set(accounts.map((a) => a.connector))];
  const groups = new Map<BookAccount, { records: BookAccount[]; by: 'domain' | 'name' }>();
  if (connectors.length > 1) {
    const domains = new Map(accounts.map((a) => [a, normaliseDomain(a.website)]));
    for (const by of ['domain', 'name'] as const) {
      const keyOf = by === 'domain' ? (a: BookAccount) => domains.get(a) ?? null : (a: BookAccount) => normaliseName(a.name);
      for (const holders of byKey(accounts, keyOf).values()) {
        const records = connectors.flatMap((c) => {
          const own = holders.filter((a) => a.connector === c);
          return own.length === 1 && !groups.has(own[0]!) ? own : [];
        });
        if (records.length < 2) continue;
        if (by === 'name' && new Set(records.flatMap((a) => domains.get(a) ?? [])).size > 1) continue;
        const group = { records, by };
        for (const a of records) groups.set(a, group);
      }
    }
  }
  const customers: Customer[] = [];
  const matched = { domain: 0, name: 0 };
  for (const a of accounts) {
    const group = groups.get(a);
    if (!group) customers.push({ ...a, records: [a], matchedBy: null });
    else if (group.records[0] === a) {
      customers.push({ ...combineRecords(group.records, nowMs), records: group.records, matchedBy: group.by });
      matched[group.by] += 1;
    }
  }
  return { connectors, customers, matched };
}

/**
 * What a customer held in several connectors counts for: the conservative view. The larger ARR;
 * the score (health, band, churn risk, drivers) of the record with the higher churn risk (the
 * lower health on a tie), so ARR at risk is never understated; the soonest renewal not yet
 * past, else the latest. The report states this rule (`matchingText`).
 */
export function combineRecords(records: readonly BookAccount[], nowMs: number): BookAccount {
  const scored = [...records].sort((x, y) => y.churnRisk - x.churnRisk || x.health - y.health || BANDS.indexOf(x.band) - BANDS.indexOf(y.band))[0]!;
  const arrs = records.flatMap((r) => (r.arr === null ? [] : [r.arr]));
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const dates = records.flatMap((r) => (r.renewalDate && !Number.isNaN(Date.parse(r.renewalDate)) ? [r.renewalDate] : [])).sort((x, y) => Date.parse(x) - Date.parse(y));
  const renewalDate = dates.find((d) => Date.parse(d) >= today) ?? dates[dates.length - 1] ?? null;
  return {
    ...scored,
    name: records.find((r) => r.name)?.name ?? scored.name,
    arr: arrs.length > 0 ? Math.max(...arrs) : null,
    renewalDate,
  };
}

/** The customers as seen by a subset of the connectors (those movers can compare), each combined from its records there. */
export function customersIn(match: BookMatch, connectors: ReadonlySet<string>, nowMs: number): Customer[] {
  return match.customers.flatMap((c) => {
    const records = c.records.filter((r) => connectors.has(r.connector));
    if (records.length === c.records.length) return [c];
    if (records.length === 0) return [];
    return [{ ...combineRecords(records, nowMs), records, matchedBy: records.length > 1 ? c.matchedBy : null }];
  });
}

/** The one sentence that tells a reader how a book of several connectors was counted; null for one connector. */
export function matchingText(match: BookMatch): string | null {
  if (match.connectors.length < 2) return null;
  const both = match.connectors.length === 2 ? `both ${match.connectors.join(' and ')}` : `more than one of ${match.connectors.slice(0, -1).join(', ')} and ${match.connectors.at(-1)}`;
  const matched = match.matched.domain + match.matched.name;
  return (
    `Accounts in ${both} are matched by website domain, else by name (punctuation and legal suffixes such as Inc., Ltd, GmbH ignored): ` +
    `${wholeNumber(match.customers.length)} customers (${wholeNumber(matched)} matched: ${wholeNumber(match.matched.domain)} by domain, ${wholeNumber(match.matched.name)} by name). ` +
    'A matched customer counts once, at its larger ARR and the score of the record with the higher churn risk.'
  );
}

/** The terminal's line: "1,690 customers held in acme-sf and acme-hs counted once (1,690 matched by domain, 0 by name)". */
export function matchingLine(match: BookMatch): string | null {
  if (match.connectors.length < 2) return null;
  const matched = match.matched.domain + match.matched.name;
  return `${wholeNumber(matched)} customer${matched === 1 ? '' : 's'} held in ${match.connectors.join(' and ')} counted once (matched by website domain ${wholeNumber(match.matched.domain)}, by name ${wholeNumber(match.matched.name)}; the report says how)`;
}

function byKey(accounts: readonly BookAccount[], keyOf: (a: BookAccount) => string | null): Map<string, BookAccount[]> {
  const out = new Map<string, BookAccount[]>();
  for (const a of accounts) {
    const key = keyOf(a);
    if (key === null) continue;
    const list = out.get(key);
    if (list) list.push(a);
    else out.set(key, [a]);
  }
  return out;
}
