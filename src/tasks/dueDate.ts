/**
 * Due dates in business days (Monday to Friday, minus configured holidays). Dates are plain
 * `YYYY-MM-DD` strings: Salesforce's ActivityDate is a date without a time, and the CSM reads
 * the due date on their own calendar, so no instant or time zone is carried past `todayIn`.
 */
import { DAY_MS } from '../model/time.js';

/** Relative to the day the task is created, or anchored to the renewal date. */
export type DueRule = { after: number } | { beforeRenewal: number; atMost: number };

export interface BusinessCalendar {
  /** `YYYY-MM-DD` days off besides weekends. */
  holidays: ReadonlySet<string>;
}

/** Today's date in an IANA time zone. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.holidays.has(date);
}

/** `days` business days after (positive) or before (negative) `date`, not counting `date` itself. */
export function addBusinessDays(date: string, days: number, calendar: BusinessCalendar): string {
  const step = days < 0 ? -1 : 1;
  let left = Math.abs(days);
  let current = date;
  while (left > 0) {
    current = shiftDays(current, step);
    if (isBusinessDay(current, calendar)) left -= 1;
  }
  return current;
}

/**
 * The due date of a new task. Anchored rules take `beforeRenewal` business days before the
 * renewal, but never later than `atMost` business days from today (a renewal far away must not
 * hide the task) and never earlier than the next business day (a renewal that is close must not
 * produce a task already overdue). Without a renewal date, `atMost` applies.
 */
export function dueDateFor(rule: DueRule, today: string, renewalDate: string | null, calendar: BusinessCalendar): string {
  if ('after' in rule) {
    const due = addBusinessDays(today, rule.after, calendar);
    return rule.after === 0 && !isBusinessDay(due, calendar) ? addBusinessDays(due, 1, calendar) : due;
  }
  const latest = addBusinessDays(today, rule.atMost, calendar);
  const earliest = addBusinessDays(today, 1, calendar);
  if (renewalDate === null) return latest;
  const anchored = addBusinessDays(renewalDate.slice(0, 10), -rule.beforeRenewal, calendar);
  const due = anchored < latest ? anchored : latest;
  return due < earliest ? earliest : due;
}

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
