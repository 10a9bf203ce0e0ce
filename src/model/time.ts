/** A UTC day: day arithmetic here runs on UTC instants, where no day is shortened or lengthened by a clock change. */
export const DAY_MS = 86_400_000;

const UTC_STAMP = /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{3})?(?:Z|\+00:?00)$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * What `Date.parse` then `toISOString` give for a stamp already in UTC (`Z`, `+00:00` or `+0000`)
 * with every part in range, without going through `Date`: the two were a large share of a big
 * backfill's CPU, where nearly every stamp is such a one. Null for anything else (other offsets,
 * hour 24, a day past the month's end, all of which `Date` shifts or rolls over); callers then take
 * the general path through `Date`. Both the mapping (`toDateTime`) and the Salesforce connector
 * (`isoInstant`, through the contract) read stamps with it.
 */
export function canonicalUtc(value: string): string | null {
  const m = UTC_STAMP.exec(value);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number))) return null;
  return `${value.slice(0, 19)}${m[7] ?? '.000'}Z`;
}

/** A `YYYY-MM-DD` UTC day to the days since 1970-01-01; null when it is not a real day. */
export function epochDay(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return null;
  return ms / DAY_MS;
}

/** Days since 1970-01-01 to `YYYY-MM-DD`. */
export function dayText(epochDays: number): string {
  return new Date(epochDays * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC day an instant falls on, as days since 1970-01-01. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
