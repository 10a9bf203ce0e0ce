import { DuckDBInstance } from '@duckdb/node-api';
import { generateBook } from '../../emulators/book/generateBook.js';
import { writeUsageFiles } from '../../emulators/usage/writeUsageFiles.js';
import { useTempDir } from '../support/tempDir.js';

const AS_OF = '2026-12-08T00:00:00.000Z';
const tempDir = useTempDir();

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

describe('usage files', () => {
  it('writes the daily aggregates in long form as Parquet and CSV, and raw events that count to the same story', async () => {
    const book = generateBook({ accounts: 40, seed: 11, asOf: AS_OF });
    const files = await writeUsageFiles(book, tempDir(), { events: { days: 60 } });
    const keyDays = files.usage.keys.reduce((sum, k) => sum + k.days.length, 0);
    expect(files.daily.rows).toBe(keyDays * 5);

    for (const path of [files.daily.parquet, files.daily.csv]) {
      const columns = await query(`DESCRIBE SELECT * FROM '${path}'`);
      expect(columns.map((c) => [c['column_name'], c['column_type']])).toEqual([
        ['account_domain', 'VARCHAR'],
        ['day', 'DATE'],
        ['metric', 'VARCHAR'],
        ['value', expect.stringMatching(/INTEGER|BIGINT/)],
      ]);
      const metrics = await query(`SELECT metric, count(*)::INTEGER AS n FROM '${path}' GROUP BY metric ORDER BY metric`);
      expect(metrics).toEqual(['dau', 'features_30d', 'mau', 'seats', 'sessions'].map((metric) => ({ metric, n: keyDays })));
      const [span] = await query(`SELECT min(day)::VARCHAR AS first, max(day)::VARCHAR AS last FROM '${path}'`);
      expect(span).toEqual({ first: '2024-12-08', last: '2026-12-07' });
    }

    const eventColumns = await query(`DESCRIBE SELECT * FROM '${files.events!.parquet}'`);
    expect(eventColumns.map((c) => [c['column_name'], c['column_type']])).toEqual([
      ['account_domain', 'VARCHAR'],
      ['occurred_at', 'TIMESTAMP'],
      ['user_id', 'VARCHAR'],
      ['feature', 'VARCHAR'],
    ]);
    const [csvEvents] = await query(`SELECT count(*)::INTEGER AS n, min(occurred_at)::VARCHAR AS first FROM read_csv('${files.events!.csv}')`);
    expect(csvEvents!['n']).toBe(files.events!.rows);
    expect(csvEvents!['first'] as string >= '2026-10-09').toBe(true);

    // Counting the events of a day gives back that day's daily users and sessions.
    const mismatches = await query(`
      WITH counted AS (
        SELECT account_domain, occurred_at::DATE AS day, count(DISTINCT user_id)::INTEGER AS dau, count(*)::INTEGER AS sessions
        FROM '${files.events!.parquet}' GROUP BY ALL),
      daily AS (
        PIVOT (SELECT * FROM '${files.daily.parquet}' WHERE day >= DATE '2026-10-09' AND metric IN ('dau', 'sessions')) ON metric USING first(value))
      SELECT * FROM daily FULL JOIN counted USING (account_domain, day)
      WHERE coalesce(daily.dau, 0) <> coalesce(counted.dau, 0) OR coalesce(daily.sessions, 0) <> coalesce(counted.sessions, 0)`);
    expect(mismatches).toEqual([]);
    expect(files.events!.rows).toBeGreaterThan(10_000);
  });

  it('writes events for the first accounts only when asked, and none by default', async () => {
    const book = generateBook({ accounts: 30, seed: 12, asOf: AS_OF });
    const none = await writeUsageFiles(book, tempDir());
    expect(none.events).toBeUndefined();
    const few = await writeUsageFiles(book, tempDir(), { events: { accounts: 3, days: 14 } });
    const [keys] = await query(`SELECT count(DISTINCT lower(account_domain))::INTEGER AS n FROM '${few.events!.parquet}' WHERE account_domain NOT ILIKE '%trial-%'`);
    expect(keys!['n']).toBeLessThanOrEqual(3);
  });
});
