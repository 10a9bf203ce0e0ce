import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import type { UsageDay, UsageDayRange, UsageSource } from '../../../src/contracts/usageSource.js';
import { addDays } from '../../../src/usage/sources/sqlText.js';

/** Small random usage data, its expected daily aggregates worked out the slow obvious way, and writers to Parquet, CSV and PostgreSQL. */

export interface UsageEvent {
  account: string | null;
  /** ISO-8601 with an offset, so the UTC day is not always the local one. */
  time: string;
  user: string;
  feature: string;
}

export interface DailyRow {
  account: string;
  day: string;
  metric: string;
  value: number;
}

/** Deterministic, so a failure reproduces. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export const ACCOUNTS = ['acme.com', 'globex.io', '00123', 'initech.net', 'umbrella.org'];

/** Events in bursts with quiet gaps (so 30-day windows rise, hold and fall), from `first` for `days` days. */
export function randomEvents(seed: number, first: string, days: number, count: number): UsageEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const events: UsageEvent[] = [];
  for (let i = 0; i < count; i++) {
    const account = pick(ACCOUNTS);
    // Each account is active in its own stretches: day offsets cluster, leaving gaps over 30 days.
    const stretch = pick([0, 0.1, 0.45, 0.5, 0.9]);
    const dayOffset = Math.min(days - 1, Math.floor((stretch + random() * 0.12) * days));
    const minutes = Math.floor(random() * 1440);
    const offsetHours = pick([0, 0, -5, 3]);
    const local = new Date(Date.parse(`${addDays(first, dayOffset)}T00:00:00Z`) + minutes * 60_000);
    const text = local.toISOString().slice(0, 19);
    const suffix = offsetHours === 0 ? 'Z' : `${offsetHours < 0 ? '-' : '+'}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
    events.push({ account, time: `${text}${suffix}`, user: `u${Math.floor(random() * 6)}`, feature: `f${Math.floor(random() * 4)}` });
  }
  events.push({ account: null, time: `${first}T12:00:00Z`, user: 'u1', feature: 'f1' });
  events.push({ account: '', time: `${first}T12:00:00Z`, user: 'u1', feature: 'f1' });
  return events;
}

export function utcDay(time: string): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** What the contract says an events source returns for `range`, computed event by event. */
export function expectedFromEvents(events: readonly UsageEvent[], range: UsageDayRange, withFeatures: boolean): UsageDay[] {
  const keyed = events.filter((e) => e.account).map((e) => ({ ...e, day: utcDay(e.time) }));
  const result: UsageDay[] = [];
  for (const key of new Set(keyed.map((e) => e.account!))) {
    const own = keyed.filter((e) => e.account === key);
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
      const today = own.filter((e) => e.day === day);
      const windowStart = addDays(day, -29);
      const window = own.filter((e) => e.day >= windowStart && e.day <= day);
      if (window.length === 0) continue;
      result.push({
        key,
        day,
        activeUsers: new Set(today.map((e) => e.user)).size,
        activeUsers30d: new Set(window.map((e) => e.user)).size,
        events: today.length,
        features30d: withFeatures ? new Set(window.map((e) => e.feature)).size : null,
        seats: null,
      });
    }
  }
  return sorted(result);
}

/** Daily long-form rows with repeats: sessions split in parts (summed), dau and seats repeated (maxed). */
export function randomDailyRows(seed: number, first: string, days: number): DailyRow[] {
  const random = seededRandom(seed);
  const rows: DailyRow[] = [];
  for (const account of ACCOUNTS) {
    for (let i = 0; i < days; i++) {
      if (random() < 0.3) continue;
      const day = addDays(first, i);
      rows.push({ account, day, metric: 'sessions', value: Math.floor(random() * 50) });
      if (random() < 0.3) rows.push({ account, day, metric: 'sessions', value: Math.floor(random() * 50) });
      rows.push({ account, day, metric: 'dau', value: Math.floor(random() * 9) });
      if (random() < 0.3) rows.push({ account, day, metric: 'dau', value: Math.floor(random() * 9) });
      rows.push({ account, day, metric: 'seats', value: 25 });
      rows.push({ account, day, metric: 'seats', value: 25 });
      rows.push({ account, day, metric: 'page_views', value: 1000 });
    }
  }
  rows.push({ account: '', day: first, metric: 'sessions', value: 3 });
  return rows;
}

export function expectedFromDaily(rows: readonly DailyRow[], range: UsageDayRange): UsageDay[] {
  const byKey = new Map<string, UsageDay>();
  for (const row of rows) {
    if (!row.account || row.day < range.from || row.day > range.to || row.metric === 'page_views') continue;
    const id = `${row.account}|${row.day}`;
    const day = byKey.get(id) ?? { key: row.account, day: row.day, activeUsers: null, activeUsers30d: null, events: null, features30d: null, seats: null };
    if (row.metric === 'sessions') day.events = (day.events ?? 0) + row.value;
    if (row.metric === 'dau') day.activeUsers = Math.max(day.activeUsers ?? -Infinity, row.value);
    if (row.metric === 'seats') day.seats = Math.max(day.seats ?? -Infinity, row.value);
    byKey.set(id, day);
  }
  return sorted([...byKey.values()]);
}

export function sorted(days: UsageDay[]): UsageDay[] {
  return [...days].sort((a, b) => (a.key === b.key ? a.day.localeCompare(b.day) : a.key.localeCompare(b.key)));
}

/** Every day a source reads for `range`, sorted, with the largest chunk it handed out. */
export async function readAll(source: UsageSource, range: UsageDayRange): Promise<{ days: UsageDay[]; largestChunk: number; chunks: number }> {
  const days: UsageDay[] = [];
  let largestChunk = 0;
  let chunks = 0;
  for await (const chunk of source.readDays(range)) {
    days.push(...chunk);
    largestChunk = Math.max(largestChunk, chunk.length);
    chunks++;
  }
  return { days: sorted(days), largestChunk, chunks };
}

/** Runs SQL in a throwaway DuckDB: how the tests write real Parquet and CSV files. */
export async function withDuckDb<T>(run: (sql: (text: string) => Promise<void>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    return await run(async (text) => {
      await db.run(text);
    });
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

function sqlValue(value: string | number | null): string {
  if (value === null) return 'NULL';
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

/**
 * The events as a Parquet file (typed: timestamptz time) and a CSV file (ISO text time, as
 * exported), in `dir`.
 */
export async function writeEventFiles(dir: string, events: readonly UsageEvent[]): Promise<{ parquet: string; csv: string }> {
  const values = events.map((e) => `(${[e.account, e.time, e.user, e.feature].map(sqlValue).join(', ')})`).join(',\n');
  await withDuckDb(async (sql) => {
    await sql("SET TimeZone = 'UTC'");
    await sql(`CREATE TABLE events AS SELECT account_domain, CAST(occurred_at AS TIMESTAMPTZ) AS occurred_at, user_id, feature FROM (VALUES ${values}) AS v (account_domain, occurred_at, user_id, feature)`);
    await sql(`COPY events TO '${join(dir, 'events.parquet')}' (FORMAT parquet)`);
    await sql(`COPY (SELECT * FROM (VALUES ${values}) AS v (account_domain, occurred_at, user_id, feature)) TO '${join(dir, 'events.csv')}' (FORMAT csv, HEADER)`);
  });
  return { parquet: 'events.parquet', csv: 'events.csv' };
}

export async function writeDailyFiles(dir: string, rows: readonly DailyRow[]): Promise<{ parquet: string; csv: string }> {
  const values = rows.map((r) => `(${[r.account, r.day, r.metric, r.value].map(sqlValue).join(', ')})`).join(',\n');
  await withDuckDb(async (sql) => {
    await sql(`CREATE TABLE daily AS SELECT account_id, CAST(day AS DATE) AS day, metric, CAST(value AS BIGINT) AS value FROM (VALUES ${values}) AS v (account_id, day, metric, value)`);
    await sql(`COPY daily TO '${join(dir, 'daily.parquet')}' (FORMAT parquet)`);
    await sql(`COPY daily TO '${join(dir, 'daily.csv')}' (FORMAT csv, HEADER)`);
  });
  return { parquet: 'daily.parquet', csv: 'daily.csv' };
}

/** The long rows pivoted wide (a column per metric, as a warehouse's daily rollup keeps them), as Parquet and CSV. */
export async function writeWideDailyFiles(dir: string, rows: readonly DailyRow[]): Promise<{ parquet: string; csv: string }> {
  const values = rows.map((r) => `(${[r.account, r.day, r.metric, r.value].map(sqlValue).join(', ')})`).join(',\n');
  await withDuckDb(async (sql) => {
    await sql(`CREATE TABLE wide AS ${WIDE_PIVOT.replace('$ROWS', `(SELECT account_id, CAST(day AS DATE) AS day, metric, value FROM (VALUES ${values}) AS v (account_id, day, metric, value))`)}`);
    await sql(`COPY wide TO '${join(dir, 'wide.parquet')}' (FORMAT parquet)`);
    await sql(`COPY wide TO '${join(dir, 'wide.csv')}' (FORMAT csv, HEADER)`);
  });
  return { parquet: 'wide.parquet', csv: 'wide.csv' };
}

/** Events add up, the other metrics take the largest: as the long form's rows are read. */
export const WIDE_PIVOT = `SELECT account_id, day,
  sum(CASE WHEN metric = 'sessions' THEN value END) AS sessions,
  max(CASE WHEN metric = 'dau' THEN value END) AS dau,
  max(CASE WHEN metric = 'seats' THEN value END) AS seats
FROM $ROWS AS r GROUP BY account_id, day`;

/** The same rows as PostgreSQL tables `events` (timestamptz) and `daily` (date, numeric). */
export async function loadPostgres(url: string, events: readonly UsageEvent[], daily: readonly DailyRow[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS daily');
    await client.query('CREATE TABLE events (account_domain text, occurred_at timestamptz, user_id text, feature text)');
    await client.query('INSERT INTO events SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[])', [
      events.map((e) => e.account),
      events.map((e) => e.time),
      events.map((e) => e.user),
      events.map((e) => e.feature),
    ]);
    await client.query('CREATE TABLE daily (account_id text, day date, metric text, value numeric)');
    await client.query('INSERT INTO daily SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::numeric[])', [
      daily.map((r) => r.account),
      daily.map((r) => r.day),
      daily.map((r) => r.metric),
      daily.map((r) => r.value),
    ]);
    await client.query(`CREATE VIEW daily_wide AS ${WIDE_PIVOT.replace('$ROWS', 'daily')}`);
  } finally {
    await client.end();
  }
}
