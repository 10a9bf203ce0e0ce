import pg from 'pg';
import type { Book } from '../book/bookTypes.js';
import { DAY_MS } from '../../src/model/time.js';
import { simulateUsage } from './generateUsage.js';
import { UsageCalendar } from './usageCalendar.js';
import { eventSinks, type UsageEvent } from './usageEvents.js';
import { keyOn } from './usageKeys.js';
import type { UsageFileOptions } from './writeUsageFiles.js';
import { DAILY_METRICS } from './writeUsageFiles.js';

export interface UsagePostgresOptions extends UsageFileOptions {
  /** Replaced if it exists. @default 'usage_daily' */
  dailyTable?: string;
  /** Replaced if it exists; written only with `events`. @default 'usage_events' */
  eventsTable?: string;
}

export interface LoadedUsage {
  dailyTable: string;
  dailyRows: number;
  eventsTable?: string;
  eventRows?: number;
  milliseconds: number;
}

/** Rows per INSERT: each column goes as one array parameter, so the batch size is not bound by the 65,535-parameter limit. */
const BATCH_ROWS = 20_000;

/**
 * Loads the book's usage into PostgreSQL in the files' long form (`account_domain, day, metric,
 * value`, and the raw events when asked), in one transaction. Plain `pg` has no COPY FROM STDIN,
 * so each batch is one INSERT ... SELECT FROM unnest() of column arrays.
 */
export async function loadUsageIntoPostgres(url: string, book: Book, options: UsagePostgresOptions = {}): Promise<LoadedUsage> {
  const started = Date.now();
  const dailyTable = options.dailyTable ?? 'usage_daily';
  const eventsTable = options.eventsTable ?? 'usage_events';
  const events: UsageEvent[] = [];
  const sinkFor = options.events ? eventSinks(book.seed, new UsageCalendar(book.asOf), options.events, (event) => events.push(event)) : undefined;
  const usage = simulateUsage(book, options, sinkFor);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`DROP TABLE IF EXISTS ${ident(dailyTable)}`);
    await client.query(`CREATE TABLE ${ident(dailyTable)} (account_domain text NOT NULL, day date NOT NULL, metric text NOT NULL, value integer NOT NULL)`);
    // Staged one row per key and day, five times fewer rows to send; the server turns them into the long form.
    await client.query('CREATE TEMP TABLE usage_daily_wide (k text, d int, dau int, mau int, sessions int, features_30d int, seats int) ON COMMIT DROP');
    const stage = 'INSERT INTO usage_daily_wide SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[])';
    const epochDay0 = Math.floor(Date.parse(book.asOf) / DAY_MS);
    let batch = wideBatch();
    for (const key of usage.keys) {
      for (let i = 0; i < key.days.length; i++) {
        batch.k.push(keyOn(key.keyForms, key.days[i]!));
        batch.d.push(epochDay0 + key.days[i]!);
        batch.dau.push(key.dau[i]!);
        batch.mau.push(key.mau[i]!);
        batch.sessions.push(key.sessions[i]!);
        batch.features30d.push(key.features30d[i]!);
        batch.seats.push(key.seats[i]!);
        if (batch.k.length >= BATCH_ROWS) {
          await flush(client, stage, batch);
          batch = wideBatch();
        }
      }
    }
    await flush(client, stage, batch);
    const longForm = DAILY_METRICS.map((metric) => `('${metric}', ${metric})`).join(', ');
    const inserted = await client.query(
      `INSERT INTO ${ident(dailyTable)} SELECT k, DATE '1970-01-01' + d, metric, value FROM usage_daily_wide CROSS JOIN LATERAL (VALUES ${longForm}) AS m(metric, value)`,
    );
    const dailyRows = inserted.rowCount ?? 0;
    await client.query(`CREATE INDEX ON ${ident(dailyTable)} (day)`);
    const loaded: LoadedUsage = { dailyTable, dailyRows, milliseconds: 0 };
    if (options.events) {
      await client.query(`DROP TABLE IF EXISTS ${ident(eventsTable)}`);
      await client.query(`CREATE TABLE ${ident(eventsTable)} (account_domain text NOT NULL, occurred_at timestamp NOT NULL, user_id text NOT NULL, feature text NOT NULL)`);
      const insertEvents = `INSERT INTO ${ident(eventsTable)} SELECT k, to_timestamp(t / 1000.0) AT TIME ZONE 'UTC', u, f FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[]) AS r(k, t, u, f)`;
      let eventRows = 0;
      for (let from = 0; from < events.length; from += BATCH_ROWS) {
        const slice = events.slice(from, from + BATCH_ROWS);
        eventRows += await flush(client, insertEvents, {
          k: slice.map((e) => e.key),
          t: slice.map((e) => e.occurredAtMs),
          u: slice.map((e) => e.userId),
          f: slice.map((e) => e.feature),
        });
      }
      await client.query(`CREATE INDEX ON ${ident(eventsTable)} (occurred_at)`);
      Object.assign(loaded, { eventsTable, eventRows });
    }
    await client.query('COMMIT');
    loaded.milliseconds = Date.now() - started;
    return loaded;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

function wideBatch() {
  return { k: [] as string[], d: [] as number[], dau: [] as number[], mau: [] as number[], sessions: [] as number[], features30d: [] as number[], seats: [] as number[] };
}

async function flush(client: pg.Client, sql: string, columns: Record<string, unknown[]>): Promise<number> {
  const values = Object.values(columns);
  const rows = values[0]?.length ?? 0;
  if (rows > 0) await client.query(sql, values);
  return rows;
}

/** A table name, optionally schema-qualified, quoted as an identifier. */
function ident(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}
