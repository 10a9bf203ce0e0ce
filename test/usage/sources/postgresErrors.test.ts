import pg from 'pg';
import { createLogger } from '../../../src/log/logger.js';
import { redactText } from '../../../src/log/redact.js';
import { UsageSourceError, type UsageSource } from '../../../src/contracts/usageSource.js';
import { postgresUsageSource } from '../../../src/usage/sources/postgres/definition.js';
import { freePort, startPostgres, type RunningPostgres } from '../../support/embeddedPostgres.js';
import { readAll } from './usageData.js';

/** What a `usage-postgres` source says when it cannot be read as configured; the password never shows. */

let postgres: RunningPostgres;
let password: string;
const open: UsageSource[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  password = new URL(postgres.url).password;
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query(`CREATE TABLE events AS SELECT 'acme.com'::text AS account_domain, timestamptz '2026-03-10 10:00:00+00' AS occurred_at, 'u1'::text AS user_id, 'reports'::text AS feature`);
  await client.end();
});
afterAll(async () => {
  await postgres?.stop();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close().catch(() => {})));
});

const columns = { account: 'account_domain', time: 'occurred_at', user: 'user_id', feature: 'feature' };
const range = { from: '2026-03-01', to: '2026-03-31' };

function source(options: Record<string, unknown>): UsageSource {
  const created = postgresUsageSource.create(postgresUsageSource.optionsSchema.parse({ format: 'events', url: postgres.url, query: 'SELECT * FROM events', columns, ...options }), {
    name: 'product-usage',
    baseDir: '/',
    log: createLogger('usage-test'),
  });
  open.push(created);
  return created;
}

async function failure(run: () => Promise<unknown>): Promise<UsageSourceError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageSourceError);
  expect((error as Error).message).not.toContain(password);
  return error as UsageSourceError;
}

it('registers the password so no log line shows it', () => {
  source({});
  expect(redactText(`connecting with ${password}`)).not.toContain(password);
});

it('names host and port when the connection is refused', async () => {
  const port = await freePort();
  const url = postgres.url.replace(/:\d+\//, `:${port}/`);
  expect((await failure(() => source({ url }).check())).message).toBe(
    `usage source product-usage: cannot connect to PostgreSQL at 127.0.0.1:${port}: connection refused; is the server running, and are the host and port in url right?`,
  );
});

it('names the user when the password is refused', async () => {
  const url = postgres.url.replace(password, 'wrong-password');
  const message = (await failure(() => source({ url }).check())).message;
  expect(message).toMatch(/^usage source product-usage: PostgreSQL at 127\.0\.0\.1:\d+ refused user "postgres": .*; check the user and password in url$/);
  expect(message).not.toContain('wrong-password');
});

it("gives PostgreSQL's message and the query's first line when the query fails", async () => {
  const s = source({ query: 'SELECT *\nFROM evnts' });
  const expected = 'usage source product-usage: PostgreSQL refused the query starting "SELECT *": relation "evnts" does not exist';
  expect((await failure(() => s.check())).message).toBe(expected);
  expect((await failure(() => readAll(s, range))).message).toBe(expected);
});

it('names a missing column, its config key, and the columns the query returns', async () => {
  expect((await failure(() => source({ columns: { ...columns, time: 'occured_at' } }).check())).message).toBe(
    'usage source product-usage: column "occured_at" (columns.time) not found in the query starting "SELECT * FROM events"; it has: account_domain, occurred_at, user_id, feature',
  );
});

it('names a time column of the wrong type', async () => {
  const query = 'SELECT account_domain, extract(epoch FROM occurred_at) AS occurred_at, user_id, feature FROM events';
  expect((await failure(() => source({ query }).check())).message).toContain('column "occurred_at" (columns.time) in the query starting "SELECT account_domain, extract(epoch FROM occurred_at) AS occurred_at, user_id, ..." is numeric, not a date, timestamp or ISO-8601 text');
});

it('names a text time column with a value that is no date, with the value', async () => {
  const query = "SELECT account_domain, occurred_at::text AS occurred_at, user_id, feature FROM events UNION ALL SELECT 'acme.com', 'last tuesday', 'u2', 'x'";
  const s = source({ query });
  const message = (await failure(() => s.check())).message;
  expect(message).toBe('usage source product-usage: column "occurred_at" (columns.time) in the query starting "SELECT account_domain, occurred_at::text AS occurred_at, user_id, feature FROM e..." holds values that are not a date or an ISO-8601 timestamp: invalid input syntax for type timestamp with time zone: "last tuesday"; name another column, or fix the data');
  expect((await failure(() => readAll(s, range))).message).toContain('"last tuesday"');
});

it('names a daily value column that is not numeric', async () => {
  const query = "SELECT 'acme.com' AS account, date '2026-03-01' AS day, 'dau' AS metric, 'n/a' AS value";
  const created = postgresUsageSource.create(
    postgresUsageSource.optionsSchema.parse({ format: 'daily', url: postgres.url, query, columns: { account: 'account', day: 'day', metric: 'metric', value: 'value' }, metrics: { activeUsers: 'dau' } }),
    { name: 'product-usage', baseDir: '/', log: createLogger('usage-test') },
  );
  open.push(created);
  expect((await failure(() => created.check())).message).toContain('column "value" (columns.value) in the query starting "SELECT \'acme.com\' AS account');
  expect((await failure(() => created.check())).message).toContain('not a number: invalid input syntax for type double precision: "n/a"');
});

it('names a daily metric the query does not return', async () => {
  const query = "SELECT 'acme.com' AS account, date '2026-03-01' AS day, 'dau' AS metric, 4 AS value";
  const created = postgresUsageSource.create(
    postgresUsageSource.optionsSchema.parse({ format: 'daily', url: postgres.url, query, columns: { account: 'account', day: 'day', metric: 'metric', value: 'value' }, metrics: { activeUsers: 'DAU' } }),
    { name: 'product-usage', baseDir: '/', log: createLogger('usage-test') },
  );
  open.push(created);
  expect((await failure(() => created.check())).message).toContain('metric "DAU" (metrics.activeUsers) is not among the values of column "metric" in the query starting "SELECT \'acme.com\' AS account, date \'2026-03-01\' AS day, \'dau\' AS metric, 4 AS va..."; it holds: dau');
});

it('refuses days after the range, naming the column and the latest day', async () => {
  const query = "SELECT * FROM events UNION ALL SELECT 'acme.com', timestamptz '2026-04-03 02:00:00+00', 'u1', 'x'";
  const yielded: number[] = [];
  const error = await failure(async () => {
    for await (const chunk of source({ query }).readDays({ ...range, endsToday: true })) yielded.push(chunk.length);
  });
  expect(error.message).toContain('the query starting "SELECT * FROM events UNION ALL SELECT \'acme.com\', timestamptz \'2026-04-03 02:00:..." has usage dated 2026-04-03 in column "occurred_at" (columns.time), after 2026-03-31, the last day read: a day in the future');
  expect(yielded).toEqual([]);
});

it('says a statement ran past statementTimeoutSeconds', async () => {
  const query = 'SELECT e.* FROM events e, pg_sleep(3)';
  expect((await failure(() => readAll(source({ query, statementTimeoutSeconds: 1 }), range))).message).toContain(
    'the query starting "SELECT e.* FROM events e, pg_sleep(3)" ran past statementTimeoutSeconds and PostgreSQL cancelled it',
  );
});

it('can read again after a failed read (the transaction is rolled back)', async () => {
  const s = source({ query: "SELECT * FROM events UNION ALL SELECT 'acme.com', timestamptz '2026-04-03 02:00:00+00', 'u1', 'x'" });
  await failure(() => readAll(s, { ...range, endsToday: true }));
  await expect(s.check()).resolves.toMatchObject({ lastDay: '2026-04-03' });
});
