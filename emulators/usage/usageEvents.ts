import { BookRandom, clamp } from '../book/bookRandom.js';
import { PRODUCT_FEATURES } from './productFeatures.js';
import type { SessionSink } from './simulateKeyUsage.js';
import type { UsageCalendar } from './usageCalendar.js';
import { keyOn } from './usageKeys.js';
import type { UsageKey } from './usageTypes.js';

const HOUR_MS = 3_600_000;

export interface UsageEventOptions {
  /**
   * Raw events for the book's first N accounts (and every trial workspace). There are about 80
   * a day per account (tens for small firms, hundreds for enterprises): a 2,000-account book has
   * some 90 million over two years, a volume for a warehouse, not a demo; 200 accounts over 90
   * days are 1.4 million rows, 13 MB of Parquet and 150 MB of CSV.
   * @default every account
   */
  accounts?: number;
  /** Raw events of the last N days before as-of only. @default the whole history */
  days?: number;
}

/** One raw event: a session of a user, stamped within its UTC day. */
export interface UsageEvent {
  key: string;
  occurredAtMs: number;
  userId: string;
  feature: string;
}

/**
 * Turns the simulated sessions of the chosen keys into raw events. The day, user and feature are
 * the simulation's own, so counting the events gives back the daily aggregates of those days; the
 * time of day comes from a stream of its own (office hours around 14:00 UTC), which the
 * aggregates never read.
 */
export function eventSinks(seed: number, calendar: UsageCalendar, options: UsageEventOptions, emit: (event: UsageEvent) => void) {
  const clock = new BookRandom(seed ^ 0x45564e54);
  const firstDay = options.days === undefined ? -Infinity : -options.days;
  return (key: UsageKey): SessionSink | undefined => {
    if (key.accountIndex !== null && options.accounts !== undefined && key.accountIndex >= options.accounts) return undefined;
    const userIds: string[] = [];
    return (day, userIndex, feature) => {
      if (day < firstDay) return;
      const hour = clamp(14 + 2.8 * clock.normal(), 0, 23.999);
      emit({
        key: keyOn(key.keyForms, day),
        occurredAtMs: calendar.startMs(day) + Math.floor(hour * HOUR_MS),
        userId: (userIds[userIndex] ??= `u${userIndex + 1}@${key.domain}`),
        feature: PRODUCT_FEATURES[feature]!,
      });
    };
  };
}

