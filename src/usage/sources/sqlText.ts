import type { FoundColumn } from './columnRoles.js';

/**
 * SQL pieces both engines read the same way (DuckDB and PostgreSQL agree on quoting, `CAST`,
 * `DATE '...'` literals and date + integer). The session runs in UTC, so casting a timestamptz to
 * a date gives its UTC day, and text without an offset is read as UTC.
 */

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
export function dayOf(column: FoundColumn): string {
  const c = ident(column.name);
  if (column.kind === 'date') return c;
  if (column.kind === 'text') return `CAST(CAST(${c} AS TIMESTAMPTZ) AS DATE)`;
  return `CAST(${c} AS DATE)`;
}

/**
 * Rows on or after `day`, compared on the column itself when it is typed, so Parquet row-group
 * statistics and PostgreSQL indexes can skip the rest.
 */
export function onOrAfter(column: FoundColumn, day: string): string {
  const c = ident(column.name);
  if (column.kind === 'date') return `${c} >= ${dateLiteral(day)}`;
  if (column.kind === 'timestamp') return `${c} >= TIMESTAMP ${literal(`${day} 00:00:00`)}`;
  if (column.kind === 'timestamptz') return `${c} >= TIMESTAMPTZ ${literal(`${day} 00:00:00+00`)}`;
  return `${dayOf(column)} >= ${dateLiteral(day)}`;
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
