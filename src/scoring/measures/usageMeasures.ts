import type { UsageSettings } from '../../config/scoringSettings.js';
import type { UsageSeries } from '../../model/accountInputs.js';
import { DAY_MS } from '../../model/time.js';
import type { MeasureMoment } from '../accountInputs.js';
import { decay, lin } from '../normalise.js';

/** Days behind an "active users" and a "features used" count. */
export const USAGE_MONTH_DAYS = 30;

/**
 * One account's product usage as it stood on the day T the moment reads: for the live score the
 * latest day the sources cover; as of a past date the day before it, so nothing of that day (a
 * renewal's own day) leaks in. Every value is null when the sources could not know it at T
 * (T, or the window the value needs, before the coverage began), never 0: inside the coverage a
 * day with no entry had no use, so 0 there is a real zero.
 */
export interface UsageFacts {
  /** Distinct active users in the 30 days up to T. */
  activeUsers: number | null;
  /** `activeUsers` is the highest daily count in the 30 days (the source gave no 30-day count for T): at least that many. */
  activeUsersLowerBound: boolean;
  /** Licensed seats: the source's latest count up to T, else the mapped CRM field. */
  seats: number | null;
  seatsFromCrm: boolean;
  /** Relative change of use over the last window against the window before (-0.35: 35% less). */
  trend: number | null;
  /** The trend counts events; false: it counts active users, the source giving no events. */
  trendOfEvents: boolean;
  features: number | null;
  /** Days from the last day with use to T (0: used on T). */
  daysSinceUse: number | null;
  /** No use at all since the coverage began: `daysSinceUse` counts from its first day, so at least that. */
  noUseSinceCoverage: boolean;
}

/** The day T a moment reads usage on (see UsageFacts), as UTC days since 1970-01-01. */
export function usageDayOf(series: UsageSeries, moment: MeasureMoment): number {
  const day = Math.floor(moment.atMs / DAY_MS);
  return Math.min(series.toDay, moment.mode === 'asOf' ? day - 1 : day);
}

/** The account's usage at the moment; null when no usage source matched it. */
export function readUsage(series: UsageSeries | null, crmSeats: number | null, moment: MeasureMoment, u: UsageSettings): UsageFacts | null {
  if (series === null) return null;
  const T = usageDayOf(series, moment);
  const covered = (days: number) => T - days + 1 >= series.fromDay;
  const k = lastIndexAtOrBefore(series.days, T);
  const sourceSeats = seatsAt(series, k);
  const seats = sourceSeats ?? (crmSeats !== null && crmSeats > 0 ? crmSeats : null);
  const facts: UsageFacts = {
    activeUsers: null,
    activeUsersLowerBound: false,
    seats,
    seatsFromCrm: sourceSeats === null && seats !== null,
    trend: null,
    trendOfEvents: false,
    features: null,
    daysSinceUse: null,
    noUseSinceCoverage: false,
  };
  if (!covered(1)) return facts;
  const onT = k >= 0 && series.days[k] === T;

  if (onT && !Number.isNaN(series.activeUsers30d[k]!)) facts.activeUsers = series.activeUsers30d[k]!;
  else if (covered(USAGE_MONTH_DAYS) && (gives(series.activeUsers) || gives(series.activeUsers30d) || gives(series.events))) {
    const peak = highestInWindow(series, series.activeUsers, k, T - USAGE_MONTH_DAYS);
    // No entry in the window: nobody used it. Entries but no daily count: unknown.
    if (peak.entries === 0) facts.activeUsers = 0;
    else if (peak.value !== null) {
      facts.activeUsers = peak.value;
      facts.activeUsersLowerBound = true;
    }
  }

  const window = u.usageTrend.windowDays;
  facts.trendOfEvents = gives(series.events);
  const basis = facts.trendOfEvents ? series.events : gives(series.activeUsers) ? series.activeUsers : null;
  if (basis && covered(2 * window)) {
    const recent = sumInWindow(series.days, basis, k, T - window);
    const before = sumInWindow(series.days, basis, k, T - 2 * window) - recent;
    // A start from nothing counts as +100%; nothing in either window as flat.
    facts.trend = before > 0 ? recent / before - 1 : recent > 0 ? 1 : 0;
  }

  if (onT && !Number.isNaN(series.features30d[k]!)) facts.features = series.features30d[k]!;
  else if (gives(series.features30d)) {
    const last = lastInWindow(series.days, series.features30d, k, T - USAGE_MONTH_DAYS);
    if (last !== null) facts.features = last;
    else if (covered(USAGE_MONTH_DAYS) && entriesInWindow(series.days, k, T - USAGE_MONTH_DAYS) === 0) facts.features = 0;
  }

  if (gives(series.events) || gives(series.activeUsers)) {
    let j = k;
    while (j >= 0 && !(series.events[j]! > 0) && !(series.activeUsers[j]! > 0)) j--;
    if (j >= 0 && series.days[j]! >= series.fromDay) facts.daysSinceUse = T - series.days[j]!;
    else {
      facts.daysSinceUse = T - series.fromDay + 1;
      facts.noUseSinceCoverage = true;
    }
  }
  return facts;
}

export function activeSeatsScore(f: UsageFacts, m: UsageSettings['activeSeats']): number | null {
  return f.activeUsers === null || f.seats === null ? null : lin(f.activeUsers / f.seats, m.bad, m.good);
}

export function usageTrendScore(f: UsageFacts, m: UsageSettings['usageTrend']): number | null {
  return f.trend === null ? null : lin(f.trend, m.bad, m.good);
}

export function featureBreadthScore(f: UsageFacts, m: UsageSettings['featureBreadth']): number | null {
  return f.features === null ? null : lin(f.features, m.bad, m.good);
}

export function usageRecencyScore(f: UsageFacts, m: UsageSettings['usageRecency']): number | null {
  return f.daysSinceUse === null ? null : decay(f.daysSinceUse, m.graceDays, m.halfLifeDays);
}

/** Whether the source gives the metric at all (a merged series may lack one). */
function gives(values: Float64Array): boolean {
  for (const v of values) if (!Number.isNaN(v)) return true;
  return false;
}

function lastIndexAtOrBefore(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function seatsAt(series: UsageSeries, k: number): number | null {
  for (let j = k; j >= 0; j--) {
    const seats = series.seats[j]!;
    if (!Number.isNaN(seats)) return seats > 0 ? seats : null;
  }
  return null;
}

/** Entries from index `k` back while their day is after `afterDay`. */
function entriesInWindow(days: Int32Array, k: number, afterDay: number): number {
  let n = 0;
  for (let j = k; j >= 0 && days[j]! > afterDay; j--) n++;
  return n;
}

function highestInWindow(series: UsageSeries, values: Float64Array, k: number, afterDay: number): { entries: number; value: number | null } {
  let entries = 0;
  let value: number | null = null;
  for (let j = k; j >= 0 && series.days[j]! > afterDay; j--) {
    entries++;
    const v = values[j]!;
    if (!Number.isNaN(v) && (value === null || v > value)) value = v;
  }
  return { entries, value };
}

function sumInWindow(days: Int32Array, values: Float64Array, k: number, afterDay: number): number {
  let sum = 0;
  for (let j = k; j >= 0 && days[j]! > afterDay; j--) if (!Number.isNaN(values[j]!)) sum += values[j]!;
  return sum;
}

function lastInWindow(days: Int32Array, values: Float64Array, k: number, afterDay: number): number | null {
  for (let j = k; j >= 0 && days[j]! > afterDay; j--) if (!Number.isNaN(values[j]!)) return values[j]!;
  return null;
}
