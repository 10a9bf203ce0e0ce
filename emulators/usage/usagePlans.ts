import type { BookAccount } from '../book/bookTypes.js';
import type { BookRandom } from '../book/bookRandom.js';
import type { ContractYear } from '../book/contractYears.js';
import { DAY_MS } from '../../src/model/time.js';
import { engagementCurve } from './engagementCurve.js';
import { licensedSeats } from './licensedSeats.js';
import type { UsageCalendar } from './usageCalendar.js';
import type { UsagePlan } from './simulateKeyUsage.js';

const WINDOW_DAYS = 30;
/** The last day with data is the last full day before as-of. */
const LAST_DAY = -1;

/**
 * A customer's usage plan: from its creation (a pilot before the first contract) or the start of
 * the history, to the day before the contract it let lapse, or to as-of. Null when all of it
 * lies before the history.
 */
export function accountPlan(
  rng: BookRandom,
  account: BookAccount,
  years: readonly ContractYear[],
  calendar: UsageCalendar,
  historyDays: number,
): UsagePlan | null {
  const createdDay = Math.floor((Date.parse(account.createdAt) - calendar.startMs(0)) / DAY_MS);
  const last = years[years.length - 1];
  const lastUsageDay = last?.outcome === 'lost' ? last.endDay - 1 : LAST_DAY;
  const firstDay = Math.max(createdDay, -historyDays);
  if (lastUsageDay < firstDay) return null;
  const seats = new Int32Array(lastUsageDay - firstDay + 1);
  for (let day = firstDay; day <= lastUsageDay; day++) {
    const year = years.find((y) => day < y.endDay) ?? last;
    seats[day - firstDay] = licensedSeats(account.segment, account.employees, year?.arr ?? account.arr);
  }
  return {
    firstDay,
    lastUsageDay,
    lastRowDay: Math.min(lastUsageDay + WINDOW_DAYS - 1, LAST_DAY),
    engagement: engagementCurve(rng, years, firstDay, lastUsageDay),
    seats,
    // An account that predates the history was rolled out long before it.
    rolloutDays: createdDay < firstDay ? 1 : rng.int(60, 150),
    weekday: (day) => calendar.weekday(day),
  };
}

/** A trial workspace: a handful of invited users trying the product for a few weeks, then mostly gone. */
export function trialPlan(rng: BookRandom, calendar: UsageCalendar, historyDays: number): UsagePlan {
  const firstDay = rng.int(-historyDays, LAST_DAY - 7);
  const lastUsageDay = Math.min(firstDay + rng.int(10, 45), LAST_DAY);
  const trial: ContractYear = { startDay: firstDay, endDay: lastUsageDay + 1, risk: 0.5 * rng.normal(), arr: 0, outcome: 'lost' };
  const seats = new Int32Array(lastUsageDay - firstDay + 1).fill(rng.int(1, 8));
  return {
    firstDay,
    lastUsageDay,
    lastRowDay: Math.min(lastUsageDay + WINDOW_DAYS - 1, LAST_DAY),
    engagement: engagementCurve(rng, [trial], firstDay, lastUsageDay),
    seats,
    rolloutDays: 5,
    weekday: (day) => calendar.weekday(day),
  };
}
