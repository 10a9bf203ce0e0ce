import type { ResolvedColumns } from './columnRoles.js';
import { dailyDaysSql } from './dailySql.js';
import { WINDOW_DAYS, eventsDaysSql } from './eventsSql.js';
import { ROWS, addDays, asText, dayOf, hasKey, ident, onOrAfter, withinRange, type SqlDialect } from './sqlText.js';
import type { UsageShape } from './usageShape.js';
import type { UsageDayRange } from '../../contracts/usageSource.js';

/** The order of the columns every days query returns, as `UsageDay` fields. */
export const USAGE_DAY_COLUMNS = ['key', 'day', 'activeUsers', 'activeUsers30d', 'events', 'features30d', 'seats'] as const;

/** One row per account and day in `range` (and any day after it that has data, for the reader to refuse). */
export function usageDaysSql(shape: UsageShape, relation: string, columns: ResolvedColumns, range: UsageDayRange, dialect: SqlDialect): string {
  return shape.format === 'events' ? eventsDaysSql(relation, columns, range, dialect) : dailyDaysSql(relation, shape, columns, range, dialect);
}

/** The rows a days query over `range` aggregates: events from 29 days before it, for their rolling counts. */
function rowsReadFilter(shape: UsageShape, columns: ResolvedColumns, range: UsageDayRange, dialect: SqlDialect): string {
  const from = shape.format === 'events' ? addDays(range.from, 1 - WINDOW_DAYS) : range.from;
  return `${hasKey(columns.account)} AND ${onOrAfter(columns.when, from, dialect)} AND ${withinRange(columns.when, range, dialect)}`;
}

/** How many rows a days query over `range` aggregates, to split it into parts of a size. */
export function rowsReadSql(shape: UsageShape, relation: string, columns: ResolvedColumns, range: UsageDayRange, dialect: SqlDialect): string {
  return `SELECT CAST(count(*) AS DOUBLE PRECISION) FROM (${relation}) AS ${ROWS} WHERE ${rowsReadFilter(shape, columns, range, dialect)}`;
}

/** The column a staged row carries its part of the accounts in (`keyPartsSql`). */
export const PART_COLUMN = 'crm_vitals_part';

/**
 * The rows a days query over `range` aggregates, only the columns it reads (named and typed as in
 * `relation`), each with its part of the accounts out of `of`: written out once, they let every
 * part read its own rows without going through the whole source again.
 */
export function keyPartsSql(shape: UsageShape, relation: string, columns: ResolvedColumns, range: UsageDayRange, of: number): string {
  const { metricColumns, ...roles } = columns;
  const read = [...Object.values(roles), ...Object.values(metricColumns ?? {})].flatMap((c) => (c ? [ident(c.name)] : []));
  return `SELECT ${[...new Set(read)].join(', ')}, CAST(hash(${asText(columns.account)}) % ${of} AS INTEGER) AS ${PART_COLUMN}
FROM (${relation}) AS ${ROWS} WHERE ${rowsReadFilter(shape, columns, range, 'duckdb')}`;
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
