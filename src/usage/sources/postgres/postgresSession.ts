import pg from 'pg';
import type { ColumnKind, FoundColumn } from '../columnRoles.js';
import { ROWS } from '../sqlText.js';
import type { UsageDay } from '../../../contracts/usageSource.js';

/** Rows per FETCH from the server-side cursor: what JavaScript holds at a time. */
export const FETCH_ROWS = 10_000;

/** A connection in UTC with ISO dates, so a timestamptz gives its UTC day and a date prints as `YYYY-MM-DD`. */
export async function connectPostgres(url: string, statementTimeoutSeconds: number): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    statement_timeout: statementTimeoutSeconds * 1000,
    connectionTimeoutMillis: 30_000,
    application_name: 'crm-vitals',
  });
  // An idle connection the server drops would otherwise be an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query("SET TIME ZONE 'UTC'; SET DateStyle = ISO");
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

const KINDS: Record<number, ColumnKind> = {
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamptz',
  25: 'text',
  1043: 'text',
  1042: 'text',
  19: 'text',
  20: 'number',
  21: 'number',
  23: 'number',
  700: 'number',
  701: 'number',
  1700: 'number',
};

/** The columns the query returns (it runs with LIMIT 0: no rows read). */
export async function describeQuery(client: pg.Client, query: string): Promise<FoundColumn[]> {
  const result = await client.query(`SELECT * FROM (${query}) AS ${ROWS} LIMIT 0`);
  const oids = [...new Set(result.fields.map((f) => f.dataTypeID))];
  const names = await client.query<{ oid: number; name: string }>('SELECT oid::int AS oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY($1)', [oids]);
  const typeName = new Map(names.rows.map((r) => [r.oid, r.name]));
  return result.fields.map((f) => ({ name: f.name, kind: KINDS[f.dataTypeID] ?? 'other', type: typeName.get(f.dataTypeID) ?? `type ${f.dataTypeID}` }));
}

/**
 * The rows of a days query through a server-side cursor in a read-only transaction, `FETCH_ROWS`
 * at a time, so memory stays flat however many days there are. Ends the transaction whether the
 * read finishes, fails or is abandoned.
 */
export async function* cursorUsageDays(client: pg.Client, sql: string): AsyncIterable<UsageDay[]> {
  await client.query('BEGIN READ ONLY');
  let done = false;
  try {
    await client.query(`DECLARE usage_days NO SCROLL CURSOR FOR ${sql}`);
    for (;;) {
      const fetched = await client.query<unknown[]>({ text: `FETCH ${FETCH_ROWS} FROM usage_days`, rowMode: 'array' });
      if (fetched.rows.length === 0) break;
      yield fetched.rows.map(toUsageDay);
    }
    done = true;
    await client.query('COMMIT');
  } finally {
    if (!done) await client.query('ROLLBACK').catch(() => {});
  }
}

type DayRow = [string, string, number | null, number | null, number | null, number | null, number | null];

/** Columns in the order of `USAGE_DAY_COLUMNS`: text, text, then int4 or float8 (which pg hands out as numbers). */
function toUsageDay(row: unknown[]): UsageDay {
  const [key, day, activeUsers, activeUsers30d, events, features30d, seats] = row as DayRow;
  return { key, day, activeUsers, activeUsers30d, events, features30d, seats };
}
