import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Bench data written by DuckDB straight from SQL (no JavaScript row loop): daily aggregates, one
 * wide row per account and day, and raw events. Values are pseudo-random but fixed (hashes of the
 * account and day), so two runs read the same data.
 */

export const ACCOUNT_KEY = (account: string) => `'acct-' || ${account} || '.example'`;

/**
 * Daily rows of `accounts` accounts over `days` days ending on `lastDay` (inclusive), in day order
 * as a warehouse exports its daily partitions: a read of a few days then skips the other row groups.
 */
export function dailyRowsSql(accounts: number, days: number, lastDay: string): string {
  return `
SELECT ${ACCOUNT_KEY('a')} AS account_domain,
  DATE '${lastDay}' - CAST(${days - 1} - d AS INTEGER) AS day,
  CAST(seats * (0.2 + (hash(a, d, 1) % 60) / 100.0) AS INTEGER) AS dau,
  CAST(seats * (0.4 + (hash(a, d, 2) % 60) / 100.0) AS INTEGER) AS mau,
  CAST(hash(a, d, 3) % 400 AS INTEGER) AS sessions,
  CAST(1 + hash(a, d, 4) % 8 AS INTEGER) AS features_30d,
  seats
FROM (SELECT range AS a, CAST(5 + hash(range) % 195 AS INTEGER) AS seats FROM range(${accounts})) AS accounts, range(${days}) AS t (d)
ORDER BY d`;
}

/** About `events` raw events of `accounts` accounts over `days` days ending on `lastDay`. */
export function eventRowsSql(events: number, accounts: number, days: number, lastDay: string): string {
  return `
SELECT ${ACCOUNT_KEY('CAST(hash(i, 1) % ' + accounts + ' AS BIGINT)')} AS account_domain,
  TIMESTAMP '${lastDay} 00:00:00' - to_days(CAST(hash(i, 2) % ${days} AS INTEGER)) + to_seconds(CAST(hash(i, 3) % 86400 AS BIGINT)) AS occurred_at,
  'u' || CAST(hash(i, 4) % 12 AS INTEGER) AS user_id,
  'feature-' || CAST(hash(i, 5) % 15 AS INTEGER) AS feature
FROM range(${events}) AS t (i)`;
}

/** Writes a query's rows to a Parquet file; returns the rows written. */
export async function writeParquet(select: string, file: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    await db.run(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
    const counted = await db.runAndReadAll(`SELECT count(*) FROM read_parquet('${file.replace(/'/g, "''")}')`);
    return Number(counted.getColumns()[0]![0]);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
