/**
 * Product usage derived from a generated book: what a product's analytics would hold about the
 * book's customers (and a few workspaces that are no CRM account). Days are offsets from the
 * book's as-of day (0 is the as-of day, -1 the last full day before it); the writers turn them
 * into UTC dates.
 */

export interface UsageOptions {
  /**
   * Days of history before as-of. An account's usage starts at its creation or here, whichever
   * is later. Two years cover the last two renewals of every account: enough for a back-test to
   * learn from, at about a million account-days for 2,000 accounts.
   * @default 730
   */
  historyDays?: number;
  /**
   * Usage keys that match no CRM account (trial workspaces), as a share of the keys.
   * @default 0.015
   */
  unmatchedShare?: number;
}

/** Whose usage a key holds and how it is written. */
export interface UsageKey {
  /** The book account it belongs to; null for a workspace that is no CRM account. */
  accountIndex: number | null;
  /** The bare domain (`acme.example.com`); the written keys are forms of it. */
  domain: string;
  /** The key as written from a day on, in day order: most keys keep one form, a few change it mid-history. */
  keyForms: readonly { fromDay: number; key: string }[];
}

/** Daily aggregates as parallel columns over the days that have a row. */
export interface DailyColumns {
  days: Int32Array;
  /** Distinct users active that day. */
  dau: Int32Array;
  /** Distinct users active in the 30 days ending that day. */
  mau: Int32Array;
  sessions: Int32Array;
  /** Distinct features used in the 30 days ending that day. */
  features30d: Int32Array;
  seats: Int32Array;
}

/** One usage key's daily aggregates. */
export interface KeyUsage extends UsageKey, DailyColumns {}

export interface UsageBook {
  seed: number;
  /** The book's as-of instant; day 0. */
  asOf: string;
  keys: KeyUsage[];
}
