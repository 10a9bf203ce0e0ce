import Database from 'better-sqlite3';
import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCursor, resetCursors } from '../../state/cursors.js';
import { applyMigrations, readMigrations, schemaVersion } from '../../state/migrate.js';
import { openState } from '../../state/openState.js';
import type { AccountRow } from '../../src/model/rows.js';
import { finishRun, recentRuns, startRun } from '../../state/runs.js';
import { statusReport } from '../../state/statusReport.js';
import { upsertPage } from '../../state/upsertPage.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

function account(id: string, overrides: Partial<AccountRow> = {}): AccountRow {
  return {
    crm_id: id,
    name: `Account ${id}`,
    owner_id: 'u1',
    segment: 'SMB',
    arr: 12000,
    renewal_date: '2027-03-01',
    last_activity_at: '2026-11-01T10:00:00.000Z',
    created_at: '2024-01-01T00:00:00.000Z',
    extras: { usage_score: 70 },
    crm_outputs: {},
    modified_at: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

describe('state', () => {
  it('creates the file with mode 0600, in WAL mode, at the newest schema version', () => {
    const path = join(tempDir(), 'vitals.db');
    const state = openState(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(state.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(state.db)).toBe(Math.max(...readMigrations().map((m) => m.version)));
    state.close();
  });

  it('applies migrations once: reopening and re-applying change nothing', () => {
    const path = join(tempDir(), 'vitals.db');
    openState(path).close();
    const state = openState(path);
    expect(applyMigrations(state.db)).toEqual([]);
    const tables = state.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables.map((t) => (t as { name: string }).name)).toEqual([
      'accounts', 'alert_deliveries', 'backfill_pulled', 'backfills', 'backtests', 'crm_links', 'currency_rates', 'full_pulls', 'id_checks', 'locks', 'mapped_fields', 'opportunities', 'org_currencies', 'owners', 'pull_seen', 'quarantine', 'runs', 'schema_migrations',
      'score_carry', 'score_passes', 'score_snapshots', 'sync_cursors', 'task_duplicates', 'tasks', 'tickets', 'usage_daily', 'usage_keys', 'usage_links', 'usage_reads', 'writes',
    ]);
    state.close();
  });

  it('migrates an older state forward, and refuses a state from a newer version', () => {
    const dir = join(tempDir(), 'migrations');
    mkdirSync(dir);
    const [first] = readMigrations();
    writeFileSync(join(dir, '001_initial.sql'), first!.sql);
    const db = new Database(':memory:');
    expect(applyMigrations(db, readMigrations(dir))).toEqual([1]);
    writeFileSync(join(dir, '002_add_note.sql'), 'ALTER TABLE accounts ADD COLUMN note TEXT;');
    expect(applyMigrations(db, readMigrations(dir))).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(() => applyMigrations(db, readMigrations(dir).slice(0, 1))).toThrow(/schema version 2, newer than this crm-vitals knows \(1\)/);
  });

  it('stores a page and its cursor together, and counts unchanged rows without rewriting them', () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const first = upsertPage(state, { connector: 'sf', object: 'accounts', rows: [account('A1'), account('A2')], deletedIds: [], quarantined: [], cursor: { after: 'p1' } });
    expect(first).toEqual({ inserted: 2, updated: 0, unchanged: 0, deleted: 0, quarantined: 0 });
    expect(readCursor(state, 'sf', 'accounts')).toEqual({ after: 'p1' });

    const second = upsertPage(state, {
      connector: 'sf',
      object: 'accounts',
      rows: [account('A1'), account('A2', { arr: 15000 }), account('A3')],
      deletedIds: [],
      quarantined: [{ crm_id: 'A9', reason: 'AnnualRevenue: expected a number, got "lots"', record: { AnnualRevenue: 'lots' } }],
      cursor: { after: 'p2' },
    });
    expect(second).toEqual({ inserted: 1, updated: 1, unchanged: 1, deleted: 0, quarantined: 1 });
    const row = state.db.prepare("SELECT arr, extras, deleted_at FROM accounts WHERE crm_id = 'A2'").get();
    expect(row).toEqual({ arr: 15000, extras: '{"usage_score":70}', deleted_at: null });

    const third = upsertPage(state, { connector: 'sf', object: 'accounts', rows: [account('A9')], deletedIds: ['A1', 'nope'], quarantined: [], cursor: { after: 'p3' } });
    expect(third).toMatchObject({ inserted: 1, deleted: 1 });
    const report = statusReport(state);
    expect(report.records).toEqual([{ connector: 'sf', object: 'accounts', live: 3, deleted: 1 }]);
    // A record stored cleanly leaves quarantine.
    expect(report.quarantined).toEqual([]);
    state.close();
  });

  it('rolls back the whole page, cursor included, when any row fails', () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    upsertPage(state, { connector: 'sf', object: 'tickets', rows: [], deletedIds: [], quarantined: [], cursor: { since: 't0' } });
    const ticket = { crm_id: 'C1', account_id: 'A1', subject: 'Login fails', priority: 'high' as const, status: 'New', is_closed: false, is_escalated: false, created_at: '2026-11-01T00:00:00Z', closed_at: null, csat: null, modified_at: '2026-11-01T00:00:00Z' };
    const invalid = { ...ticket, crm_id: 'C2', priority: 'catastrophic' as never };
    expect(() => upsertPage(state, { connector: 'sf', object: 'tickets', rows: [ticket, invalid], deletedIds: [], quarantined: [], cursor: { since: 't1' } })).toThrow(/CHECK constraint/);
    expect(readCursor(state, 'sf', 'tickets')).toEqual({ since: 't0' });
    expect(state.db.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual({ n: 0 });
    state.close();
  });

  it('records runs and resets cursors', () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const id = startRun(state, 'sync', 'sf');
    expect(recentRuns(state)[0]).toMatchObject({ id, kind: 'sync', status: 'running', connector: 'sf', finishedAt: null, pid: process.pid });
    finishRun(state, id, { status: 'ok', counts: { pulled: 10, unchanged: 4 }, apiCalls: 3, apiBudget: { sf: { dailyRemaining: 99 } } });
    expect(recentRuns(state)[0]).toMatchObject({ status: 'ok', counts: { pulled: 10, unchanged: 4 }, apiCalls: 3, apiBudget: { sf: { dailyRemaining: 99 } } });
    upsertPage(state, { connector: 'sf', object: 'owners', rows: [], deletedIds: [], quarantined: [], cursor: { x: 1 } });
    expect(resetCursors(state, 'sf')).toBe(1);
    expect(readCursor(state, 'sf', 'owners')).toBeNull();
    state.close();
  });

  it('refuses a file that is not a SQLite database with a fatal error naming it', () => {
    const path = join(tempDir(), 'garbage.db');
    writeFileSync(path, 'this is not sqlite, just text long enough to look like a header............');
    expect(() => openState(path)).toThrow(/cannot open state file .*garbage\.db/);
  });
});
