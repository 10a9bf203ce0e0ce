import pg from 'pg';
import { generateBook } from '../../emulators/book/generateBook.js';
import { generateUsage } from '../../emulators/usage/generateUsage.js';
import { loadUsageIntoPostgres } from '../../emulators/usage/loadUsageIntoPostgres.js';
import { startPostgres, type RunningPostgres } from '../support/embeddedPostgres.js';

const AS_OF = '2026-12-08T00:00:00.000Z';
let server: RunningPostgres;

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe('usage in PostgreSQL', () => {
  it('loads the daily aggregates in long form and the raw events, the same rows as generated', async () => {
    const book = generateBook({ accounts: 60, seed: 21, asOf: AS_OF });
    const loaded = await loadUsageIntoPostgres(server.url, book, { events: { accounts: 5, days: 30 } });
    const usage = generateUsage(book);
    const keyDays = usage.keys.reduce((sum, k) => sum + k.days.length, 0);
    expect(loaded).toMatchObject({ dailyTable: 'usage_daily', dailyRows: keyDays * 5, eventsTable: 'usage_events' });
    expect(loaded.eventRows).toBeGreaterThan(100);

    const columns = await rows(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'usage_daily' ORDER BY ordinal_position`);
    expect(columns.map((c) => [c['column_name'], c['data_type']])).toEqual([
      ['account_domain', 'text'],
      ['day', 'date'],
      ['metric', 'text'],
      ['value', 'integer'],
    ]);
    const [span] = await rows(`SELECT count(*)::int AS n, min(day)::text AS first, max(day)::text AS last FROM usage_daily`);
    expect(span).toEqual({ n: keyDays * 5, first: '2024-12-08', last: '2026-12-07' });
    // One key's sessions, day by day, as generated.
    const key = usage.keys[0]!;
    const bare = `lower(regexp_replace(regexp_replace(account_domain, '^https?://(www[.])?', '', 'i'), '/$', ''))`;
    const sessions = await rows(`SELECT sum(value)::int AS total FROM usage_daily WHERE metric = 'sessions' AND ${bare} = '${key.domain}'`);
    expect(sessions[0]!['total']).toBe(key.sessions.reduce((a, b) => a + b, 0));
    const [events] = await rows(`SELECT count(*)::int AS n, min(occurred_at)::date::text AS first FROM usage_events`);
    expect(events).toEqual({ n: loaded.eventRows, first: '2026-11-08' });

    // Loading again replaces the tables rather than doubling them.
    await loadUsageIntoPostgres(server.url, book);
    expect((await rows('SELECT count(*)::int AS n FROM usage_daily'))[0]!['n']).toBe(keyDays * 5);
  });
});
