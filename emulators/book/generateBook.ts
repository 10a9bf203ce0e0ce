import type { Book, BookAccount, BookOptions } from './bookTypes.js';
import { DAY_MS } from '../../src/model/time.js';
import { BookCalendar } from './bookCalendar.js';
import { BookRandom } from './bookRandom.js';
import { generateUsers, userCountFor } from './bookUsers.js';
import { AccountSimulator, MAX_TENURE_DAYS } from './accountLifecycle.js';
import type { ContractYear } from './contractYears.js';

export const DEFAULT_ACCOUNTS = 2_000;
export const DEFAULT_SEED = 42;
/** Leads are created up to 150 days before the first contract; opportunities close within 400 days. */
const CALENDAR_PAST_DAYS = MAX_TENURE_DAYS + 200;
const CALENDAR_FUTURE_DAYS = 400;

/**
 * A seeded, self-consistent customer book for the CRM emulators: the same seed, size and as-of
 * always give a deep-equal book. Every timestamp lies at or before as-of; past renewals were won
 * or lost according to the hidden model in churnModel.ts, on signals visible in the book as they
 * stood a month before each contract end.
 */
export function generateBook(options: BookOptions = {}): Book {
  return generateBookWithHistory(options).book;
}

/** The book and, per account index, the hidden contract years it was generated from. */
export function generateBookWithHistory(options: BookOptions = {}): { book: Book; contractYears: ContractYear[][] } {
  const accountCount = options.accounts ?? DEFAULT_ACCOUNTS;
  if (!Number.isInteger(accountCount) || accountCount < 0) {
    throw new RangeError(`accounts must be a non-negative integer, got ${accountCount}`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const asOfMs = resolveAsOf(options.asOf);
  // Day 0 is the as-of day at 00:00 UTC and nothing is generated after it, so a mid-day as-of
  // still bounds every record.
  const calendar = new BookCalendar(Math.floor(asOfMs / DAY_MS) * DAY_MS, CALENDAR_PAST_DAYS, CALENDAR_FUTURE_DAYS);
  const rng = new BookRandom(seed);
  const users = generateUsers(rng, userCountFor(accountCount));
  const simulator = new AccountSimulator(rng, calendar, users);
  const accounts = new Array<BookAccount>(accountCount);
  for (let i = 0; i < accountCount; i++) accounts[i] = simulator.simulate(i);
  const book: Book = {
    seed,
    asOf: new Date(asOfMs).toISOString(),
    users,
    accounts,
    opportunities: simulator.opportunities,
    tickets: simulator.tickets,
  };
  return { book, contractYears: simulator.contractYears };
}

function resolveAsOf(asOf: string | undefined): number {
  if (asOf === undefined) return Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const ms = Date.parse(asOf);
  if (Number.isNaN(ms)) throw new RangeError(`asOf is not an ISO date: ${asOf}`);
  return ms;
}
