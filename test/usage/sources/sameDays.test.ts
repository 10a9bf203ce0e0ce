import { builtinUsageSource } from '../../../src/usage/registry.js';
import { filesUsageSource } from '../../../src/usage/sources/files/definition.js';
import { createFilesSource } from '../../../src/usage/sources/files/filesSource.js';
import { addDays } from '../../../src/usage/sources/sqlText.js';
import type { Logger } from '../../../src/log/logger.js';
import { silentLogger } from '../../support/writebackFixture.js';
import { createLogger } from '../../../src/log/logger.js';
import type { UsageDayRange, UsageSource } from '../../../src/contracts/usageSource.js';
import { startPostgres, type RunningPostgres } from '../../support/embeddedPostgres.js';
import { useTempDir } from '../../support/tempDir.js';
import {
  expectedFromDaily,
  expectedFromEvents,
  loadPostgres,
  randomDailyRows,
  randomEvents,
  readAll,
  writeDailyFiles,
  writeWideDailyFiles,
  writeEventFiles,
} from './usageData.js';

/**
 * The same usage, as Parquet, CSV and a PostgreSQL table, read by each built-in source: every
 * one gives the days worked out event by event in `usageData.ts`.
 */

const FIRST = '2026-01-01';
const DAYS = 150;
const events = randomEvents(7, FIRST, DAYS, 1500);
const daily = randomDailyRows(11, FIRST, DAYS);
// A range that ends today refuses data after it (a day in the future); others leave it to a later window.
const lastEventDay = events.map((e) => new Date(e.time).toISOString().slice(0, 10)).sort().at(-1)!;

let postgres: RunningPostgres;
const tempDir = useTempDir();
const open: UsageSource[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  await loadPostgres(postgres.url, events, daily);
});
afterAll(async () => {
  await postgres?.stop();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function source(type: string, options: unknown): UsageSource {
  const definition = builtinUsageSource(type)!;
  const parsed = definition.optionsSchema.parse(options);
  const created = definition.create(parsed, { name: 'product-usage', baseDir: tempDir(), log: createLogger('usage-test') });
  open.push(created);
  return created;
}

const eventColumns = { account: 'account_domain', time: 'occurred_at', user: 'user_id', feature: 'feature' };
const dailyColumns = { account: 'account_id', day: 'day', metric: 'metric', value: 'value' };
const dailyMetrics = { events: 'sessions', activeUsers: 'dau', seats: 'seats' };

async function eventSources(columns: Record<string, string> = eventColumns): Promise<[string, UsageSource][]> {
  const files = await writeEventFiles(tempDir(), events);
  return [
    ['parquet', source('usage-files', { format: 'events', path: files.parquet, columns })],
    ['csv', source('usage-files', { format: 'events', path: files.csv, columns })],
    ['postgres', source('usage-postgres', { format: 'events', url: postgres.url, query: 'SELECT * FROM events;', columns })],
  ];
}

async function dailySources(): Promise<[string, UsageSource][]> {
  const files = await writeDailyFiles(tempDir(), daily);
  const common = { format: 'daily', columns: dailyColumns, metrics: dailyMetrics };
  return [
    ['parquet', source('usage-files', { ...common, path: files.parquet })],
    ['csv', source('usage-files', { ...common, path: files.csv })],
    ['postgres', source('usage-postgres', { ...common, url: postgres.url, query: 'SELECT * FROM daily' })],
  ];
}

describe('events', () => {
  const ranges: [string, UsageDayRange][] = [
    ['the whole span', { from: FIRST, to: lastEventDay }],
    ['a range starting mid-activity (rolling metrics read the 29 days before)', { from: '2026-03-10', to: lastEventDay }],
    ['the last day alone', { from: lastEventDay, to: lastEventDay }],
    ['a range ending well after the last event (quiet days up to 29 days after)', { from: '2026-05-01', to: '2026-07-30' }],
    ['a window ending before the last event (the later days are another window\'s)', { from: '2026-02-01', to: '2026-03-03' }],
  ];

  it.each(ranges)('from Parquet, CSV and PostgreSQL equal the event-by-event days: %s', async (_, range) => {
    const expected = expectedFromEvents(events, range, true);
    expect(expected.length).toBeGreaterThan(0);
    for (const [kind, s] of await eventSources()) {
      const { days } = await readAll(s, range);
      expect({ kind, days }).toEqual({ kind, days: expected });
    }
  });

  it('give quiet days after activity (events 0) and none once 30 days have passed', async () => {
    const range = { from: FIRST, to: '2026-12-31' };
    const [, parquet] = (await eventSources())[0]!;
    const { days } = await readAll(parquet, range);
    const quiet = days.filter((d) => d.events === 0);
    expect(quiet.length).toBeGreaterThan(0);
    for (const day of quiet) expect(day).toMatchObject({ activeUsers: 0, activeUsers30d: expect.any(Number) });
    expect(quiet.every((d) => d.activeUsers30d! > 0)).toBe(true);
    const lastActive = days.filter((d) => d.events! > 0).map((d) => d.day).sort().at(-1)!;
    expect(days.map((d) => d.day).sort().at(-1)! <= new Date(Date.parse(lastActive) + 29 * 86_400_000).toISOString().slice(0, 10)).toBe(true);
  });

  it.each([
    ['ISO-8601 text', 'occurred_at::text'],
    ['a timestamp without time zone, in UTC', "occurred_at AT TIME ZONE 'UTC'"],
    ['a date (the UTC day)', "(occurred_at AT TIME ZONE 'UTC')::date"],
  ])('read the same days when the time is %s', async (_, time) => {
    const range = { from: '2026-02-01', to: lastEventDay };
    const query = `SELECT account_domain, ${time} AS occurred_at, user_id, feature FROM events`;
    const { days } = await readAll(source('usage-postgres', { format: 'events', url: postgres.url, query, columns: eventColumns }), range);
    expect(days).toEqual(expectedFromEvents(events, range, true));
  });

  it('without a feature column leave features30d null', async () => {
    const range = { from: '2026-02-01', to: lastEventDay };
    const { feature: _, ...columns } = eventColumns;
    for (const [kind, s] of await eventSources(columns)) {
      const { days } = await readAll(s, range);
      expect({ kind, days }).toEqual({ kind, days: expectedFromEvents(events, range, false) });
    }
  });

  it('keep keys as text (CSV "00123" stays "00123")', async () => {
    for (const [kind, s] of await eventSources()) {
      const { days } = await readAll(s, { from: FIRST, to: lastEventDay });
      expect({ kind, keys: [...new Set(days.map((d) => d.key))].sort() }).toEqual({ kind, keys: ['00123', 'acme.com', 'globex.io', 'initech.net', 'umbrella.org'] });
    }
  });

  it('check() reports rows, days and rows without an account key', async () => {
    const summaries = await Promise.all((await eventSources()).map(async ([kind, s]) => [kind, await s.check()] as const));
    const firstDay = events.map((e) => new Date(e.time).toISOString().slice(0, 10)).sort()[0];
    for (const [kind, check] of summaries) {
      expect({ kind, firstDay: check.firstDay, lastDay: check.lastDay }).toEqual({ kind, firstDay, lastDay: lastEventDay });
      expect(check.summary).toContain(`${events.length.toLocaleString('en-US')} rows`);
      expect(check.summary).toContain('2 rows without an account key (left out)');
    }
    expect(summaries.map(([, c]) => c.summary.split(',')[0])).toEqual(['1 Parquet file', '1 CSV file', expect.stringMatching(/^PostgreSQL 127\.0\.0\.1:\d+\/postgres$/)]);
  });
});

describe('wide daily rows (a column per metric)', () => {
  it('from Parquet, CSV and PostgreSQL read the same as the long form', async () => {
    const files = await writeWideDailyFiles(tempDir(), daily);
    const common = { format: 'daily', columns: { account: 'account_id', day: 'day' }, metrics: { events: 'sessions', activeUsers: 'dau', seats: 'seats' } };
    const range = { from: '2026-02-10', to: '2026-06-30' };
    const expected = expectedFromDaily(daily, range);
    for (const [kind, s] of [
      ['parquet', source('usage-files', { ...common, path: files.parquet })],
      ['csv', source('usage-files', { ...common, path: files.csv })],
      ['postgres', source('usage-postgres', { ...common, url: postgres.url, query: 'SELECT * FROM daily_wide' })],
    ] as const) {
      const { days } = await readAll(s, range);
      expect({ kind, days }).toEqual({ kind, days: expected });
    }
  });

  it('name a metric column that is not there, with the columns there are', async () => {
    const files = await writeWideDailyFiles(tempDir(), daily);
    const s = source('usage-files', { format: 'daily', path: files.parquet, columns: { account: 'account_id', day: 'day' }, metrics: { events: 'session_count' } });
    await expect(s.check()).rejects.toThrow('column "session_count" (metrics.events) not found in wide.parquet; it has: account_id, day, sessions, dau, seats');
  });
});

describe('daily rows', () => {
  const ranges: [string, UsageDayRange][] = [
    ['the whole span', { from: FIRST, to: '2026-06-30' }],
    ['from a day inside', { from: '2026-02-10', to: '2026-06-30' }],
    ['a window ending before the last row', { from: '2026-02-10', to: '2026-03-12' }],
  ];

  it.each(ranges)('from Parquet, CSV and PostgreSQL are pivoted the same: %s', async (_, range) => {
    const expected = expectedFromDaily(daily, range);
    expect(expected.length).toBeGreaterThan(0);
    for (const [kind, s] of await dailySources()) {
      const { days } = await readAll(s, range);
      expect({ kind, days }).toEqual({ kind, days: expected });
    }
  });

  it('check() reports the days the rows span', async () => {
    for (const [kind, s] of await dailySources()) {
      const check = await s.check();
      expect({ kind, firstDay: check.firstDay, lastDay: check.lastDay }).toEqual({ kind, firstDay: FIRST, lastDay: daily.filter((r) => r.account).map((r) => r.day).sort().at(-1) });
      expect(check.summary).toContain('1 rows without an account key');
    }
  });
});

describe('a read split into parts of the accounts (files of more rows than one DuckDB query aggregates)', () => {
  const parts: Record<string, unknown>[] = [];
  const log: Logger = {
    ...silentLogger,
    debug: (message, fields) => {
      if (message.includes('in parts')) parts.push(fields!);
    },
    child: () => log,
  };
  // A handful of rows per query: every key falls in a part of its own or shares one.
  const tiny = { daily: 40, events: 60 };
  function split(options: unknown): UsageSource {
    const created = createFilesSource(filesUsageSource.optionsSchema.parse(options), { name: 'product-usage', baseDir: tempDir(), log }, tiny);
    open.push(created);
    return created;
  }
  beforeEach(() => {
    parts.length = 0;
  });

  it.each([
    ['the whole span', { from: FIRST, to: lastEventDay }],
    ['a range starting mid-activity', { from: '2026-03-10', to: lastEventDay }],
    ['a window ending before the last event', { from: '2026-02-01', to: '2026-03-03' }],
  ])('events give the event-by-event days: %s', async (_, range) => {
    const files = await writeEventFiles(tempDir(), events);
    for (const path of [files.parquet, files.csv]) {
      const { days } = await readAll(split({ format: 'events', path, columns: eventColumns }), range);
      expect({ path, days }).toEqual({ path, days: expectedFromEvents(events, range, true) });
    }
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.parts).toBeGreaterThan(3);
  });

  it('daily rows, long and wide, give the same days', async () => {
    const range = { from: '2026-02-10', to: '2026-06-30' };
    const long = await writeDailyFiles(tempDir(), daily);
    const wide = await writeWideDailyFiles(tempDir(), daily);
    const expected = expectedFromDaily(daily, range);
    for (const options of [
      { format: 'daily', path: long.parquet, columns: dailyColumns, metrics: dailyMetrics },
      { format: 'daily', path: long.csv, columns: dailyColumns, metrics: dailyMetrics },
      { format: 'daily', path: wide.parquet, columns: { account: 'account_id', day: 'day' }, metrics: dailyMetrics },
    ]) {
      const { days } = await readAll(split(options), range);
      expect({ path: options.path, days }).toEqual({ path: options.path, days: expected });
    }
    expect(parts.length).toBe(3);
  });

  it('a day in the future in any part makes the read throw', async () => {
    const files = await writeEventFiles(tempDir(), events);
    const before = addDays(lastEventDay, -1);
    await expect(readAll(split({ format: 'events', path: files.parquet, columns: eventColumns }), { from: '2026-03-01', to: before, endsToday: true })).rejects.toThrow(`after ${before}, the last day read: a day in the future`);
  });
});
