import { join } from 'node:path';
import { renderStatus } from '../../src/cli/renderStatus.js';
import { openState, type State } from '../../state/openState.js';
import { finishRun, startRun, type RunEnd, type RunKind } from '../../state/runs.js';
import { statusReport } from '../../state/statusReport.js';
import { upsertPage } from '../../state/upsertPage.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
let state: State;
beforeEach(() => {
  state = openState(join(tempDir(), 'vitals.db'));
});
afterEach(() => state.close());

/** A finished run at fixed times, so its line can be read back exactly. */
function recordRun(kind: RunKind, startedAt: string, finishedAt: string, end: RunEnd, connector: string | null = null): number {
  const id = startRun(state, kind, connector);
  finishRun(state, id, end);
  state.db.prepare('UPDATE runs SET started_at = ?, finished_at = ? WHERE id = ?').run(startedAt, finishedAt, id);
  return id;
}

const section = (text: string, title: string) => text.split('\n\n').find((s) => s.startsWith(title))?.split('\n').slice(1);

describe('vitals status, read by a person', () => {
  it('keeps the daily allowance a sync read when a later run learned none, and dates it', () => {
    const sync = recordRun('sync', '2026-12-07T13:03:00.000Z', '2026-12-07T13:03:02.000Z', {
      status: 'ok',
      apiBudget: { 'acme-sf': { callsThisRun: 72, dailyLimit: 100_000, dailyRemaining: 99_876, reserve: 20_000 }, 'acme-hs': { callsThisRun: 9, reserve: 0 } },
    });
    const writeback = recordRun('writeback', '2026-12-07T14:03:00.000Z', '2026-12-07T14:03:01.000Z', { status: 'ok', apiBudget: { 'acme-sf': { callsThisRun: 5, reserve: 0 } } });

    const report = statusReport(state);
    expect(report.apiBudget.find((b) => b.connector === 'acme-sf')).toMatchObject({
      runId: writeback,
      budget: { callsThisRun: 5, reserve: 0 },
      allowance: { dailyLimit: 100_000, dailyRemaining: 99_876, reserve: 20_000, runId: sync },
    });
    expect(section(renderStatus(report), 'API budget')).toEqual([
      `  acme-hs: 9 calls in run #${sync}; the CRM has not reported its daily allowance yet`,
      `  acme-sf: 5 calls in run #${writeback}; 99,876 of 100,000 left after run #${sync} (2026-12-07 13:03 UTC; 20,000 kept in reserve)`,
    ]);
  });

  it('shows the allowance of the last run as what is left today', () => {
    const run = recordRun('run', '2026-12-07T14:03:00.000Z', '2026-12-07T14:03:01.600Z', {
      status: 'ok',
      apiBudget: { 'acme-sf': { callsThisRun: 5, dailyLimit: 100_000, dailyRemaining: 99_871, reserve: 20_000 } },
    });
    expect(section(renderStatus(statusReport(state)), 'API budget')).toEqual([`  acme-sf: 5 calls in run #${run}; 99,871 of 100,000 left today (20,000 kept in reserve)`]);
  });

  it('puts each run on one short line: when, how long, outcome, what it did, calls', () => {
    const run = recordRun('run', '2026-12-07T14:03:00.000Z', '2026-12-07T14:03:01.600Z', {
      status: 'ok',
      counts: { pulled: 4621, inserted: 0, updated: 12, unchanged: 4609, deleted: 0, quarantined: 0, scoredAccounts: 1041, written: 262, failed: 0, tasksCreated: 30, tasksClosed: 7 },
      apiCalls: 77,
    });
    const score = recordRun('score', '2026-12-07T15:00:00.000Z', '2026-12-07T15:02:05.000Z', { status: 'ok', counts: { accounts: 1041, red: 100, yellow: 200, green: 741 } }, 'acme-sf');
    const failed = recordRun('sync', '2026-12-07T16:00:00.000Z', '2026-12-07T16:00:00.400Z', {
      status: 'failed',
      counts: { pulled: 0, quarantined: 2 },
      apiCalls: 1,
      error: `acme-sf: login refused: ${'x'.repeat(300)}`,
    });
    const running = startRun(state, 'backfill', 'acme-hs');
    state.db.prepare('UPDATE runs SET started_at = ? WHERE id = ?').run('2026-12-07T17:00:59.999Z', running);

    const lines = section(renderStatus(statusReport(state)), 'Recent runs')!;
    expect(lines.slice(0, 2)).toEqual([`  #${running} backfill (acme-hs) 2026-12-07 17:00 UTC, still going, running: 0 calls`, `  #${failed} sync 2026-12-07 16:00 UTC, 0.4 s, failed: 0 pulled, 2 quarantined, 1 calls`]);
    expect(lines[2]).toMatch(/^ {4}acme-sf: login refused: x+…$/);
    expect(lines[2]!.length).toBe(4 + 160);
    expect(lines.slice(3)).toEqual([
      `  #${score} score (acme-sf) 2026-12-07 15:00 UTC, 2 min 5 s, ok: 1,041 scored, 0 calls`,
      `  #${run} run 2026-12-07 14:03 UTC, 1.6 s, ok: 4,621 pulled, 1,041 scored, 262 written, 37 tasks, 77 calls`,
    ]);
  });

  it('reads sync positions as dates and counts: stored records, what the last run pulled, what all runs pulled; the raw cursor stays in --json', () => {
    const owner = (id: string) => ({ crm_id: id, name: `Owner ${id}`, email: `${id}@example.com`, is_active: true, modified_at: null });
    const page = (ids: string[], deletedIds: string[] = []) =>
      upsertPage(state, { connector: 'acme-sf', object: 'owners', rows: ids.map(owner), deletedIds, quarantined: [], cursor: { systemModstamp: 1796652180123 } });
    page(['o1', 'o2', 'o3']);
    const first = recordRun('sync', '2026-12-06T14:00:00.000Z', '2026-12-06T14:00:02.000Z', { status: 'ok', counts: { pulled: 3 }, pulled: { 'acme-sf': { owners: 3 } } });
    page(['o4'], ['o1']);
    state.db.prepare("UPDATE sync_cursors SET updated_at = '2026-12-07T14:03:10.000Z'").run();
    const second = recordRun('run', '2026-12-07T14:03:00.000Z', '2026-12-07T14:03:20.000Z', { status: 'ok', counts: { pulled: 2 }, pulled: { 'acme-sf': { owners: 2, accounts: 0 } } });

    const report = statusReport(state);
    expect(report.positions).toEqual([
      { connector: 'acme-sf', object: 'owners', live: 3, deleted: 1, cursorMovedAt: '2026-12-07T14:03:10.000Z', pulledSinceCursor: 4, lastRun: { runId: second, at: '2026-12-07T14:03:20.000Z', pulled: 2 } },
    ]);
    expect(report.runs.find((r) => r.id === first)!.pulled).toEqual({ 'acme-sf': { owners: 3 } });
    expect(report.cursors[0]!.cursor).toEqual({ systemModstamp: 1796652180123 });
    const text = renderStatus(report);
    expect(section(text, 'Sync positions')).toEqual([`  acme-sf owners: up to 2026-12-07 14:03 UTC; 3 records stored, 1 deleted in the CRM (2 pulled by run #${second}, 4 since its last full pull)`]);
    expect(text).not.toContain('1796652180123');
  });
});
