import type { UsageDayRange } from '../../contracts/usageSource.js';
import type { FoundColumn } from './columnRoles.js';

/**
 * SQL pieces both engines read the same way (DuckDB and PostgreSQL agree on quoting, `CAST`,
 * `DATE '...'` literals and date + integer). The session runs in UTC, so casting a timestamptz to
 * a date gives its UTC day, and text without an offset is read as UTC.
 */

/** Where the SQL runs: the few places the two engines differ are chosen by it. */
export type SqlDialect = 'duckdb' | 'postgres';

/** The user's rows, wrapped so every query reads them the same way. */
export const ROWS = 'usage_rows';

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function dateLiteral(day: string): string {
  return `DATE ${literal(day)}`;
}

/** The column as text; a key or user id is never compared as a number (leading zeros stay). */
export function asText(column: FoundColumn): string {
  return `CAST(${ident(column.name)} AS TEXT)`;
}

/** The UTC day of a date, timestamp, timestamptz or ISO-8601 text column. */
export function dayOf(column: FoundColumn, dialect: SqlDialect): string {
  const c = ident(column.name);
  if (column.kind === 'date') return c;
  if (column.kind === 'timestamp') return `CAST(${c} AS DATE)`;
  const instant = column.kind === 'text' ? `CAST(${c} AS TIMESTAMPTZ)` : c;
  // DuckDB casts a timestamptz to a date through ICU's calendar, ten times slower than counting
  // whole days since the epoch, which is the same UTC day.
  if (dialect === 'duckdb') return `(DATE '1970-01-01' + CAST(floor(epoch_us(${instant}) / 86400000000) AS INTEGER))`;
  return `CAST(${instant} AS DATE)`;
}

/**
 * Rows on or after `day`, compared on the column itself when it is typed, so Parquet row-group
 * statistics and PostgreSQL indexes can skip the rest.
 */
export function onOrAfter(column: FoundColumn, day: string, dialect: SqlDialect): string {
  const c = ident(column.name);
  if (column.kind === 'date') return `${c} >= ${dateLiteral(day)}`;
  if (column.kind === 'timestamp') return `${c} >= TIMESTAMP ${literal(`${day} 00:00:00`)}`;
  if (column.kind === 'timestamptz') return `${c} >= TIMESTAMPTZ ${literal(`${day} 00:00:00+00`)}`;
  return `${dayOf(column, dialect)} >= ${dateLiteral(day)}`;
}

/**
 * Rows up to `range.to`, unless the range ends today: then later rows come out too, so the reader
 * refuses them as days in the future. Compared on the typed column, like `onOrAfter`.
 */
export function withinRange(column: FoundColumn, range: UsageDayRange, dialect: SqlDialect): string {
  if (range.endsToday) return 'TRUE';
  const next = addDays(range.to, 1);
  const c = ident(column.name);
  if (column.kind === 'date') return `${c} < ${dateLiteral(next)}`;
  if (column.kind === 'timestamp') return `${c} < TIMESTAMP ${literal(`${next} 00:00:00`)}`;
  if (column.kind === 'timestamptz') return `${c} < TIMESTAMPTZ ${literal(`${next} 00:00:00+00`)}`;
  return `${dayOf(column, dialect)} <= ${dateLiteral(range.to)}`;
}

/**
 * The day column a days query hands out: DuckDB gives days since 1970 (a number crosses into
 * JavaScript without a string made per row), PostgreSQL gives `YYYY-MM-DD` text.
 */
export function dayOut(day: string, dialect: SqlDialect): string {
  return dialect === 'duckdb' ? `CAST(${day} - DATE '1970-01-01' AS INTEGER)` : `CAST(${day} AS TEXT)`;
}

/** Rows whose account key is there: null and empty keys are left out of every aggregate. */
export function hasKey(account: FoundColumn): string {
  return `${ident(account.name)} IS NOT NULL AND ${asText(account)} <> ''`;
}

/** `YYYY-MM-DD` shifted by whole days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
