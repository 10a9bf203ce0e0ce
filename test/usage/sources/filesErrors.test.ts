import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../../src/log/logger.js';
import { UsageSourceError, type UsageSource } from '../../../src/contracts/usageSource.js';
import { filesUsageSource } from '../../../src/usage/sources/files/definition.js';
import { useTempDir } from '../../support/tempDir.js';
import { readAll, withDuckDb } from './usageData.js';

/** What a `usage-files` source says when it cannot be read as configured. */

const tempDir = useTempDir();
const open: UsageSource[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const columns = { account: 'account_domain', time: 'occurred_at', user: 'user_id', feature: 'feature' };
const range = { from: '2026-03-01', to: '2026-03-31' };

function source(options: Record<string, unknown>): UsageSource {
  const created = filesUsageSource.create(filesUsageSource.optionsSchema.parse({ format: 'events', columns, ...options }), {
    name: 'product-usage',
    baseDir: tempDir(),
    log: createLogger('usage-test'),
  });
  open.push(created);
  return created;
}

/** A file written by DuckDB from a SELECT. */
async function write(file: string, select: string, format: 'parquet' | 'csv' = 'parquet'): Promise<void> {
  mkdirSync(join(tempDir(), 'usage'), { recursive: true });
  await withDuckDb((sql) => sql(`COPY (${select}) TO '${join(tempDir(), file)}' (FORMAT ${format}${format === 'csv' ? ', HEADER' : ''})`));
}

const goodEvents = `SELECT 'acme.com' AS account_domain, TIMESTAMP '2026-03-10 10:00:00' AS occurred_at, 'u1' AS user_id, 'reports' AS feature`;

async function failure(run: () => Promise<unknown>): Promise<UsageSourceError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageSourceError);
  return error as UsageSourceError;
}

it('names a missing column, its config key, and the columns the file has', async () => {
  await write('usage/events.parquet', goodEvents);
  const s = source({ path: 'usage/events.parquet', columns: { ...columns, time: 'occured_at' } });
  const expected = 'usage source product-usage: column "occured_at" (columns.time) not found in usage/events.parquet; it has: account_domain, occurred_at, user_id, feature';
  expect((await failure(() => s.check())).message).toBe(expected);
  expect((await failure(() => readAll(s, range))).message).toBe(expected);
});

it('says when the case of a column name is all that differs', async () => {
  await write('usage/events.parquet', goodEvents);
  const s = source({ path: 'usage/events.parquet', columns: { ...columns, user: 'User_Id' } });
  expect((await failure(() => s.check())).message).toContain('column "User_Id" (columns.user) not found in usage/events.parquet (did you mean "user_id"? names are case-sensitive)');
});

it('says the resolved path when no file matches', async () => {
  const s = source({ path: 'usage/events-*.parquet' });
  expect((await failure(() => s.check())).message).toBe(
    `usage source product-usage: no file matches ${join(tempDir(), 'usage/events-*.parquet')} (path: usage/events-*.parquet, read from ${tempDir()}); check the path, relative to the config file's folder`,
  );
});

it('names a corrupt file', async () => {
  writeFileSync(join(tempDir(), 'events.parquet'), 'not a parquet file at all');
  const message = (await failure(() => source({ path: 'events.parquet' }).check())).message;
  expect(message).toMatch(/^usage source product-usage: reading events\.parquet: .*events\.parquet/);
  expect(message).toContain('magic bytes');
});

it('asks for fileType when the extension does not tell', async () => {
  await write('events.txt', goodEvents, 'csv');
  expect((await failure(() => source({ path: 'events.txt' }).check())).message).toContain(
    `cannot tell whether ${join(tempDir(), 'events.txt')} is Parquet or CSV from its extension (.parquet, .csv, .csv.gz); set fileType: parquet or fileType: csv`,
  );
  await expect(source({ path: 'events.txt', fileType: 'csv' }).check()).resolves.toMatchObject({ firstDay: '2026-03-10' });
});

it('reads several files of a glob, .csv.gz among them', async () => {
  await write('usage/a.csv', goodEvents, 'csv');
  await withDuckDb((sql) => sql(`COPY (${goodEvents.replace('2026-03-10', '2026-03-12')}) TO '${join(tempDir(), 'usage/b.csv.gz')}' (FORMAT csv, HEADER, COMPRESSION gzip)`));
  const check = await source({ path: 'usage/*.csv*' }).check();
  expect(check).toEqual({ summary: '2 CSV files, 2 rows, 2026-03-10 to 2026-03-12', firstDay: '2026-03-10', lastDay: '2026-03-12' });
});

it('names a time column of the wrong type', async () => {
  await write('events.parquet', goodEvents.replace("TIMESTAMP '2026-03-10 10:00:00'", '1773136800'));
  expect((await failure(() => source({ path: 'events.parquet' }).check())).message).toBe(
    'usage source product-usage: column "occurred_at" (columns.time) in events.parquet is INTEGER, not a date, timestamp or ISO-8601 text; name the column that holds the event\'s time',
  );
});

it('names a text time column with a value that is no date, with the value', async () => {
  await write('events.csv', `${goodEvents} UNION ALL SELECT 'acme.com', 'last tuesday', 'u2', 'reports'`, 'csv');
  const s = source({ path: 'events.csv' });
  expect((await failure(() => s.check())).message).toBe(
    'usage source product-usage: column "occurred_at" (columns.time) in events.csv holds values that are not a date or an ISO-8601 timestamp, e.g. "last tuesday"; name another column, or fix the data',
  );
  expect((await failure(() => readAll(s, range))).message).toMatch(/^usage source product-usage: reading events\.csv: Conversion Error: .*last tuesday/);
});

it('names a daily value column that is not numeric', async () => {
  await write('daily.csv', "SELECT 'acme.com' AS account, DATE '2026-03-01' AS day, 'dau' AS metric, '4' AS value UNION ALL SELECT 'acme.com', DATE '2026-03-02', 'dau', 'n/a'", 'csv');
  const s = filesUsageSource.create(
    filesUsageSource.optionsSchema.parse({ format: 'daily', path: 'daily.csv', columns: { account: 'account', day: 'day', metric: 'metric', value: 'value' }, metrics: { activeUsers: 'dau' } }),
    { name: 'product-usage', baseDir: tempDir(), log: createLogger('usage-test') },
  );
  open.push(s);
  expect((await failure(() => s.check())).message).toBe(
    'usage source product-usage: column "value" (columns.value) in daily.csv holds values that are not a number, e.g. "n/a"; name another column, or fix the data',
  );
});

it('names a daily metric the data does not hold, with the names it does', async () => {
  await write('daily.parquet', "SELECT 'acme.com' AS account, DATE '2026-03-01' AS day, 'dau' AS metric, 4 AS value UNION ALL SELECT 'acme.com', DATE '2026-03-01', 'sessions', 9");
  const s = filesUsageSource.create(
    filesUsageSource.optionsSchema.parse({ format: 'daily', path: 'daily.parquet', columns: { account: 'account', day: 'day', metric: 'metric', value: 'value' }, metrics: { activeUsers: 'dau', events: 'session' } }),
    { name: 'product-usage', baseDir: tempDir(), log: createLogger('usage-test') },
  );
  open.push(s);
  expect((await failure(() => s.check())).message).toBe('usage source product-usage: metric "session" (metrics.events) is not among the values of column "metric" in daily.parquet; it holds: dau, sessions');
});

it('refuses days after a range that ends today, naming the column and the latest day, and suggests a time zone or column mistake', async () => {
  await write('events.parquet', `${goodEvents} UNION ALL SELECT 'acme.com', TIMESTAMP '2026-04-02 01:00:00', 'u1', 'reports' UNION ALL SELECT 'globex.io', TIMESTAMP '2026-04-05 01:00:00', 'u1', 'reports'`);
  // A window before today leaves the later days to the window that reads them.
  let earlier = 0;
  for await (const chunk of source({ path: 'events.parquet' }).readDays(range)) earlier += chunk.filter((d) => d.day > range.to).length;
  expect(earlier).toBe(0);
  // Chunks before the one with the future day may come out first: the engine rolls the window back.
  const error = await failure(async () => {
    for await (const _ of source({ path: 'events.parquet' }).readDays({ ...range, endsToday: true }));
  });
  expect(error.message).toContain('events.parquet has usage dated 2026-04-05 in column "occurred_at" (columns.time), after 2026-03-31, the last day read: a day in the future');
  expect(error.message).toContain('check the time zone');
});

it('explains that daily metrics need one of activeUsers, activeUsers30d, events', () => {
  const parsed = filesUsageSource.optionsSchema.safeParse({
    format: 'daily',
    path: 'daily.csv',
    columns: { account: 'account', day: 'day', metric: 'metric', value: 'value' },
    metrics: { seats: 'licenses' },
  });
  expect(parsed.success).toBe(false);
  expect(parsed.error!.issues).toEqual([expect.objectContaining({ path: ['metrics'], message: expect.stringContaining('at least one of activeUsers, activeUsers30d, events') })]);
});
