import { join } from 'node:path';
import pg from 'pg';
import { createLogger } from '../../../src/log/logger.js';
import type { UsageSource } from '../../../src/contracts/usageSource.js';
import { filesUsageSource } from '../../../src/usage/sources/files/definition.js';
import { postgresUsageSource } from '../../../src/usage/sources/postgres/definition.js';
import { startPostgres, type RunningPostgres } from '../../support/embeddedPostgres.js';
import { useTempDir } from '../../support/tempDir.js';
import { withDuckDb } from './usageData.js';

/**
 * 300,000 events of 3,000 accounts over 61 days: 270,000 account-days (with the quiet days
 * after), handed out in chunks, never all at once.
 */

const EVENTS = `
  SELECT 'account-' || (i % 3000) AS account_domain,
    TIMESTAMPTZ '2026-01-01 00:00:00+00' + CAST(i % 61 AS INTEGER) * INTERVAL '1 day' AS occurred_at,
    'user-' || (i % 7) AS user_id
  FROM generate_series(1, 300000) AS g (i)`;
const columns = { account: 'account_domain', time: 'occurred_at', user: 'user_id' };
const range = { from: '2026-01-01', to: '2026-03-31' };
const context = { name: 'product-usage', log: createLogger('usage-test') };

let postgres: RunningPostgres;
const tempDir = useTempDir();
beforeAll(async () => {
  postgres = await startPostgres();
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query(`CREATE TABLE events AS ${EVENTS}`);
  await client.end();
});
afterAll(async () => {
  await postgres?.stop();
});

async function chunkSizes(source: UsageSource): Promise<number[]> {
  const sizes: number[] = [];
  try {
    for await (const chunk of source.readDays(range)) sizes.push(chunk.length);
  } finally {
    await source.close();
  }
  return sizes;
}

it('Parquet through DuckDB: chunks of at most a DuckDB vector, also when read in parts', async () => {
  await withDuckDb((sql) => sql(`COPY (${EVENTS}) TO '${join(tempDir(), 'events.parquet')}' (FORMAT parquet)`));
  const source = filesUsageSource.create(filesUsageSource.optionsSchema.parse({ format: 'events', path: 'events.parquet', columns }), { ...context, baseDir: tempDir() });
  const sizes = await chunkSizes(source);
  // Every day from the first event to 29 days after the last, for every account.
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(3000 * (61 + 29));
  expect(sizes.length).toBeGreaterThan(20);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(2048);
});

it('PostgreSQL through a cursor: chunks of at most one FETCH', async () => {
  const source = postgresUsageSource.create(postgresUsageSource.optionsSchema.parse({ format: 'events', url: postgres.url, query: 'SELECT * FROM events', columns }), { ...context, baseDir: '/' });
  const sizes = await chunkSizes(source);
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(3000 * (61 + 29));
  expect(sizes.length).toBeGreaterThan(20);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(10_000);
});
