import type { ResolvedColumns } from './columnRoles.js';
import { dailyDaysSql } from './dailySql.js';
import { eventsDaysSql } from './eventsSql.js';
import { ROWS, dayOf, hasKey, type SqlDialect } from './sqlText.js';
import type { UsageShape } from './usageShape.js';
import type { UsageDayRange } from '../../contracts/usageSource.js';

/** The order of the columns every days query returns, as `UsageDay` fields. */
export const USAGE_DAY_COLUMNS = ['key', 'day', 'activeUsers', 'activeUsers30d', 'events', 'features30d', 'seats'] as const;

/** One row per account and day in `range` (and any day after it that has data, for the reader to refuse). */
export function usageDaysSql(shape: UsageShape, relation: string, columns: ResolvedColumns, range: UsageDayRange, dialect: SqlDialect): string {
  return shape.format === 'events' ? eventsDaysSql(relation, columns, range, dialect) : dailyDaysSql(relation, shape, columns, range, dialect);
}

/** Rows, rows without an account key, and the first and last day, in one pass: what `check()` reports. */
export function summarySql(relation: string, columns: ResolvedColumns, dialect: SqlDialect): string {
  return `
SELECT CAST(count(*) AS DOUBLE PRECISION) AS row_count,
  CAST(count(*) - count(*) FILTER (WHERE ${hasKey(columns.account)}) AS DOUBLE PRECISION) AS keyless,
  CAST(min(${dayOf(columns.when, dialect)}) AS TEXT) AS first_day,
  CAST(max(${dayOf(columns.when, dialect)}) AS TEXT) AS last_day
FROM (${relation}) AS ${ROWS}`;
}

/** The latest day the data holds, for the message of a read that found days in the future. */
export function latestDaySql(relation: string, columns: ResolvedColumns, dialect: SqlDialect): string {
  return `SELECT CAST(max(${dayOf(columns.when, dialect)}) AS TEXT) AS last_day FROM (${relation}) AS ${ROWS} WHERE ${hasKey(columns.account)}`;
}

/** Rows of daily aggregates one read may group and sort in memory: a million-row window stays well inside the engine's limit. */
const WINDOW_ROWS = 600_000;

/**
 * Days per read for daily rows, from how many rows a day the data has (100,000 accounts' daily
 * rows: 6 days); events read 29 days before each window for their rolling counts, so they keep
 * whole months.
 */
export function windowDaysFor(shape: UsageShape, rows: number, firstDay: string | null, lastDay: string | null): number {
  if (shape.format === 'events' || !firstDay || !lastDay || rows <= 0) return 31;
  const days = Math.max(1, (Date.parse(lastDay) - Date.parse(firstDay)) / 86_400_000 + 1);
  // Long rows hold one metric each: an account's day is that many rows.
  const perAccountDay = shape.columns.metric === undefined ? 1 : Math.max(1, Object.values(shape.metrics).filter(Boolean).length);
  return Math.max(1, Math.min(31, Math.floor(WINDOW_ROWS / (rows / perAccountDay / days))));
}
