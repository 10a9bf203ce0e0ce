import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCliAsync, startCli } from '../support/runCli.js';
import { serveBookWithConfig, type ServedBook } from '../support/demoBook.js';

const TABLES = ['accounts', 'opportunities', 'tickets', 'owners'] as const;

/** `vitals backfill`: resumable after SIGKILL at any point, and the result is what an unbroken backfill stores. */
describe('vitals backfill', () => {
  let book: ServedBook;
  beforeAll(async () => {
    book = await serveBookWithConfig({ accounts: 150 });
  }, 60_000);
  afterAll(async () => book?.close());

  /** Every canonical row, minus when it was stored. */
  function canonical(statePath: string): Record<string, unknown[]> {
    const db = new Database(statePath, { readonly: true, fileMustExist: true });
    try {
      return Object.fromEntries(
        TABLES.map((table) => [
          table,
          (db.prepare(`SELECT * FROM ${table} ORDER BY connector, crm_id`).all() as Record<string, unknown>[]).map(({ synced_at: _synced, ...row }) => row),
        ]),
      );
    } finally {
      db.close();
    }
  }
  const stored = (statePath: string) => {
    try {
      const db = new Database(statePath, { readonly: true, fileMustExist: true });
      try {
        return TABLES.reduce((n, table) => n + (db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number), 0);
      } finally {
        db.close();
      }
    } catch {
      return 0;
    }
  };
  const configWithState = (name: string) => {
    const file = join(book.dir, `${name}.yaml`);
    const statePath = join(book.dir, `${name}.db`);
    writeFileSync(file, readFileSync(book.configFile, 'utf8').replace(/^state: .*$/m, `state: ${statePath}`));
    return { file, statePath };
  };

  it('killed with SIGKILL at a random point and rerun, converges to exactly what an unbroken backfill stores', async () => {
    const reference = configWithState('reference');
    const clean = await runCliAsync(['-c', reference.file, 'backfill'], { env: book.env });
    expect(clean.status).toBe(0);
    const expected = canonical(reference.statePath);
    const total = Object.values(expected).reduce((n, rows) => n + rows.length, 0);
    expect(total).toBeGreaterThan(2000);

    const killed = configWithState('killed');
    const point = 1 + Math.floor(Math.random() * (total - 1));
    const first = startCli(['-c', killed.file, 'backfill'], { env: book.env });
    for (;;) {
      if (stored(killed.statePath) >= point) break;
      if (first.child.exitCode !== null) break; // finished before the point: still a valid rerun case
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const finishedFirst = first.child.exitCode !== null;
    first.child.kill('SIGKILL');
    await first.done;

    const rerun = await runCliAsync(['-c', killed.file, 'backfill'], { env: book.env });
    // Progress goes to stderr; the only log line there (warn or worse) is the lock taken over from
    // the killed backfill. A 429 retry may join it: the three backfills share the portal's rolling
    // 10-second window, and the killed one's calls still count in it.
    const logs = rerun.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg: string }).msg)
      .filter((msg) => msg !== 'HubSpot call will be retried');
    expect({ point, status: rerun.status, logs }).toEqual({ point, status: 0, logs: finishedFirst ? [] : ['took over the run lock from a holder that is gone or silent'] });
    expect(canonical(killed.statePath)).toEqual(expected);
    // Finished: a further backfill starts afresh rather than resuming.
    const again = await runCliAsync(['-c', killed.file, 'backfill', '--connector', 'acme-sf'], { env: book.env });
    expect(again.stdout).not.toMatch(/resumed/);
  }, 120_000);

  it('refuses to resume with other options, and --restart starts over', async () => {
    const cfg = configWithState('options');
    const first = startCli(['-c', cfg.file, 'backfill', '--connector', 'acme-hs'], { env: book.env });
    while (stored(cfg.statePath) < 300) await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill('SIGKILL');
    await first.done;

    const other = await runCliAsync(['-c', cfg.file, 'backfill', '--connector', 'acme-hs', '--since', '2020-01-01'], { env: book.env });
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/unfinished backfill .*rerun with the same --since and --objects to resume it, or add --restart/);
    const restarted = await runCliAsync(['-c', cfg.file, 'backfill', '--connector', 'acme-hs', '--since', '2020-01-01', '--restart'], { env: book.env });
    expect(restarted.status).toBe(0);
    expect(restarted.stdout).toMatch(/^acme-hs: [\d,]+ records, 0 quarantined, \d+ API calls: done$/m);
    const status = JSON.parse((await runCliAsync(['-c', cfg.file, 'status', '--json'], { env: book.env })).stdout) as { runs: { kind: string; status: string; error: string | null }[] };
    expect(status.runs.map((r) => `${r.kind} ${r.status}`)).toEqual(['backfill ok', 'backfill aborted']);
    expect(status.runs[1]!.error).toMatch(/ended without finishing/);
  }, 120_000);

  it('rejects a --since that is not a date', async () => {
    const bad = await runCliAsync(['-c', book.configFile, 'backfill', '--since', 'last tuesday'], { env: book.env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--since expects a date as YYYY-MM-DD \(UTC\) or an ISO instant such as 2024-01-01T00:00:00Z, got "last tuesday"/);
  });
});
