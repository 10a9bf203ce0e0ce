import Database from 'better-sqlite3';
import { runCliAsync, startCli } from '../support/runCli.js';
import { serveBookWithConfig, type ServedBook } from '../support/demoBook.js';

type RunRow = { id: number; status: string; error: string | null };

/** `vitals schedule` as a long-running process: per-second ticks, the run lock, a clean SIGTERM. */
describe('vitals schedule', () => {
  let book: ServedBook;
  beforeAll(async () => {
    book = await serveBookWithConfig({ accounts: 60, schedule: '*/1 * * * * *' });
  }, 60_000);
  afterAll(async () => book?.close());

  const read = <T>(sql: string): T[] => {
    const db = new Database(book.statePath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  const runs = () => read<RunRow>("SELECT id, status, error FROM runs WHERE kind = 'run' ORDER BY id");
  const lockHolder = () => read<{ holder: string; pid: number }>("SELECT holder, pid FROM locks WHERE name = 'run'")[0] ?? null;
  async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 45_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const value = probe();
        if (value) return value;
      } catch {
        // the state file may not exist yet
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('runs on its ticks, survives a failing run, refuses an overlapping run, and stops cleanly on SIGTERM', async () => {
    expect((await runCliAsync(['-c', book.configFile, 'setup-fields'], { env: book.env })).status).toBe(0);
    // Slow calls keep each run long enough to be caught holding the lock.
    book.crm('salesforce').setFaults({ latencyMs: 150 });
    const scheduler = startCli(['-c', book.configFile, 'schedule'], { env: { ...book.env, VITALS_LOG_LEVEL: 'info' } });
    try {
      await until('a successful scheduled run', () => runs().some((r) => r.status === 'ok'));

      // HubSpot's daily allowance spent: that run fails, the scheduler goes on.
      book.crm('hubspot').setFaults({ dailyApiLimit: 0 });
      const failed = await until('a failed run', () => runs().find((r) => r.status === 'failed'));
      book.crm('hubspot').setFaults({ dailyApiLimit: Number.POSITIVE_INFINITY });
      await until('an ok run after the failure', () => runs().some((r) => r.id > failed.id && r.status === 'ok'));

      const holder = await until('the scheduler holding the lock', () => {
        const lock = lockHolder();
        return lock?.holder === 'schedule run' ? lock : null;
      });
      expect(holder.pid).toBe(scheduler.child.pid);
      const overlapping = await runCliAsync(['-c', book.configFile, 'run'], { env: book.env });
      expect(overlapping.status).toBe(75);
      expect(overlapping.stderr).toMatch(/another run holds the lock \(schedule run, pid \d+/);

      await until('the scheduler inside a run', () => lockHolder()?.holder === 'schedule run');
      scheduler.child.kill('SIGTERM');
      const exit = await scheduler.done;
      expect(exit.status).toBe(0);
      const lines = exit.stderr.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; logger: string });
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['scheduled', 'run finished', 'stopped']));
      // At info a tick logs its summary, not a line per object (those are debug, or --verbose).
      expect(lines.filter((l) => ['pulled', 'write-back done', 'ids swept'].includes(l.msg) || l.msg.startsWith('money in'))).toEqual([]);
      expect(lockHolder()).toBeNull();
      expect(runs().filter((r) => r.status === 'running')).toEqual([]);
      expect(runs().at(-1)!.status).toMatch(/^(ok|aborted)$/);
    } finally {
      scheduler.child.kill('SIGKILL');
      book.crm('salesforce').setFaults({ latencyMs: 0 });
    }
  }, 120_000);
});
