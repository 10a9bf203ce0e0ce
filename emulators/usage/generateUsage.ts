import type { Book } from '../book/bookTypes.js';
import { BookRandom } from '../book/bookRandom.js';
import type { ContractYear } from '../book/contractYears.js';
import { domainFor } from '../book/companyDomains.js';
import { contractYearsOf } from './bookHistory.js';
import { simulateKeyUsage, type SessionSink, type UsagePlan } from './simulateKeyUsage.js';
import { UsageCalendar } from './usageCalendar.js';
import { keyFormsFor, trialDomain } from './usageKeys.js';
import { accountPlan, trialPlan } from './usagePlans.js';
import type { KeyUsage, UsageBook, UsageKey, UsageOptions } from './usageTypes.js';

export const DEFAULT_HISTORY_DAYS = 730;
export const DEFAULT_UNMATCHED_SHARE = 0.015;

/**
 * The product usage of a generated book's customers, deterministic from the book's seed: the
 * same book and options always give the same rows, and the book itself is not touched (usage has
 * its own random stream per key, so asking for one key's sessions replays exactly its aggregates).
 * Usage follows each account's hidden risk, so it foretells lost renewals as the tickets do:
 * often, never surely.
 */
export function generateUsage(book: Book, options: UsageOptions = {}): UsageBook {
  return simulateUsage(book, options);
}

/**
 * The generator itself; `sinkFor` may ask for the sessions of some keys (the raw events), which
 * leaves every key's aggregates as they are without it.
 */
export function simulateUsage(
  book: Book,
  options: UsageOptions,
  sinkFor?: (key: UsageKey) => SessionSink | undefined,
  contractYears: ContractYear[][] = contractYearsOf(book),
): UsageBook {
  const historyDays = options.historyDays ?? DEFAULT_HISTORY_DAYS;
  if (!Number.isInteger(historyDays) || historyDays < 30) throw new RangeError(`historyDays must be an integer of at least 30, got ${historyDays}`);
  const unmatchedShare = options.unmatchedShare ?? DEFAULT_UNMATCHED_SHARE;
  if (!(unmatchedShare >= 0 && unmatchedShare < 1)) throw new RangeError(`unmatchedShare must be in [0, 1), got ${unmatchedShare}`);
  const calendar = new UsageCalendar(book.asOf);
  const keys: KeyUsage[] = [];
  const add = (rng: BookRandom, plan: UsagePlan, domain: string, accountIndex: number | null) => {
    const key: UsageKey = { accountIndex, domain, keyForms: keyFormsFor(rng, domain, plan.firstDay, plan.lastUsageDay) };
    const columns = simulateKeyUsage(rng, plan, sinkFor?.(key));
    if (columns.days.length > 0) keys.push({ ...key, ...columns });
  };
  for (const account of book.accounts) {
    const rng = keyRandom(book.seed, account.index);
    const plan = accountPlan(rng, account, contractYears[account.index] ?? [], calendar, historyDays);
    if (plan) add(rng, plan, domainFor(account.name), account.index);
  }
  const trials = Math.round((book.accounts.length * unmatchedShare) / (1 - unmatchedShare));
  const taken = new Set<string>();
  for (let t = 0; t < trials; t++) {
    const rng = keyRandom(book.seed, -1 - t);
    add(rng, trialPlan(rng, calendar, historyDays), trialDomain(rng, taken), null);
  }
  return { seed: book.seed, asOf: book.asOf, keys };
}

/** A key's own stream, mixed from the book's seed so no two keys or seeds share one. */
function keyRandom(seed: number, keyIndex: number): BookRandom {
  let h = Math.imul(seed ^ 0x55534147, 0x9e3779b1) ^ Math.imul(keyIndex, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return new BookRandom(h ^ (h >>> 16));
}
