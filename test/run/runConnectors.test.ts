import { join } from 'node:path';
import type { ConnectorConfig } from '../../src/config/config.js';
import { FatalError } from '../../src/model/errors.js';
import { RunConnectors } from '../../src/run/runConnectors.js';
import { runJob } from '../../src/run/runJob.js';
import { runSync } from '../../src/sync/runSync.js';
import { runWriteback } from '../../src/writeback/writebackRun.js';
import { openState, type State } from '../../state/openState.js';
import { recentRuns } from '../../state/runs.js';
import { FakeWriteConnector } from '../support/fakeWriteConnector.js';
import { bundledMapping, engineConfig, seedAccounts, silentLogger } from '../support/writebackFixture.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

/** A fake CRM whose pulls count against the same budget as its writes, as a real connector's do. */
class CountingCrm extends FakeWriteConnector {
  pulls = 0;
  closes = 0;
  override async *pull(): AsyncIterable<never> {
    this.pulls += 1;
  }
  override budget() {
    const writes = super.budget();
    return { ...writes, callsThisRun: writes.callsThisRun + this.pulls };
  }
  override async close() {
    this.closes += 1;
  }
}

let state: State;
afterEach(() => state?.close());

function setUp() {
  state = openState(join(tempDir(), 'vitals.db'));
  const config = engineConfig(['acme', 'beta'].map((name) => ({ name, mapping: bundledMapping('salesforce') })));
  const crms = new Map(config.connectors.map((c) => [c.name, new CountingCrm(c.name)]));
  for (const name of crms.keys()) seedAccounts(state, name, 3);
  const opens = new Map<string, number>();
  const open = async (entry: ConnectorConfig) => {
    opens.set(entry.name, (opens.get(entry.name) ?? 0) + 1);
    return crms.get(entry.name)!;
  };
  return { config, crms, opens, open };
}

describe('the connectors of a run', () => {
  it('vitals run opens each connector once for sync and write-back, closes it once, and records one budget counting both phases', async () => {
    const { config, crms, opens, open } = setUp();
    const job = await runJob(state, config, config.connectors, open, silentLogger, { dryRun: false, now: new Date('2025-03-03T08:00:00.000Z') });
    expect(job.ok).toBe(true);
    expect(Object.fromEntries(opens)).toEqual({ acme: 1, beta: 1 });
    for (const crm of crms.values()) expect(crm.closes).toBe(1);

    const budgets = recentRuns(state, 1)[0]!.apiBudget as Record<string, { callsThisRun: number }>;
    for (const c of job.connectors) {
      const crm = crms.get(c.connector)!;
      expect(c.sync!.apiCalls).toBe(crm.pulls);
      expect(c.writeback!.apiCalls).toBe(crm.calls.writeFields + crm.calls.writeTasks + crm.calls.readTasks + crm.calls.sharedTaskKeys);
      expect(c.writeback!.apiCalls).toBeGreaterThan(0);
      // The connector's own budget is the run's: not a sum of two connectors' budgets.
      expect(budgets[c.connector]!.callsThisRun).toBe(c.sync!.apiCalls + c.writeback!.apiCalls);
      expect(budgets[c.connector]).toEqual(crm.budget());
    }
    expect(job.apiCalls).toBe([...crms.values()].reduce((n, crm) => n + crm.budget().callsThisRun, 0));
    // What each object's pull read, for `status` (the cursors keep only a running total).
    expect(recentRuns(state, 1)[0]!.pulled).toEqual(Object.fromEntries(job.connectors.map((c) => [c.connector, Object.fromEntries(c.sync!.outcomes.map((o) => [o.object, 0]))])));
    expect(Object.keys(recentRuns(state, 1)[0]!.pulled!.acme!)).toContain('accounts');
  });

  it('vitals run keeps the daily allowance the sync read when the write-back\'s calls told the connector nothing of it', async () => {
    const { config, crms, open } = setUp();
    // The pulls read the allowance; the budget at the end of the run (as a connector whose later
    // calls carry no limit headers may report it) knows only its calls.
    for (const crm of crms.values()) {
      const counted = crm.budget.bind(crm);
      crm.budget = () => (counted().callsThisRun === crm.pulls ? { ...counted(), dailyLimit: 100_000, dailyRemaining: 99_900 - counted().callsThisRun, reserve: 20_000 } : counted());
    }
    const job = await runJob(state, config, config.connectors, open, silentLogger, { dryRun: false, now: new Date('2025-03-03T08:00:00.000Z') });
    const budgets = recentRuns(state, 1)[0]!.apiBudget as Record<string, Record<string, number>>;
    for (const c of job.connectors) {
      const calls = c.sync!.apiCalls + c.writeback!.apiCalls;
      expect(c.writeback!.apiCalls).toBeGreaterThan(0);
      expect(budgets[c.connector]).toEqual({ callsThisRun: calls, dailyLimit: 100_000, dailyRemaining: 99_900 - calls, reserve: 20_000 });
    }
  });

  it('a connector that failed to open in the sync is not opened again by the write-back: it gets the same failure', async () => {
    const { config, opens } = setUp();
    const refused = new FatalError('LOGIN_FAILED', 'login refused: check auth.clientSecret');
    const connectors = new RunConnectors(async (entry) => {
      opens.set(entry.name, (opens.get(entry.name) ?? 0) + 1);
      throw refused;
    });
    const synced = await runSync(state, config.connectors, connectors, silentLogger, { kind: 'sync' });
    const written = await runWriteback(state, config.connectors, connectors, config, silentLogger, { dryRun: false });
    await connectors.close();
    expect(Object.fromEntries(opens)).toEqual({ acme: 1, beta: 1 });
    expect(synced.results.map((r) => r.stopped?.error)).toEqual([refused, refused]);
    expect(written.connectors.map((c) => c.stopped?.error)).toEqual([refused, refused]);
  });

  it('a phase run on its own opens and closes its connectors itself', async () => {
    const { config, crms, opens, open } = setUp();
    await runSync(state, config.connectors, open, silentLogger, { kind: 'sync' });
    await runWriteback(state, config.connectors, open, config, silentLogger, { dryRun: true });
    expect(Object.fromEntries(opens)).toEqual({ acme: 2, beta: 2 });
    for (const crm of crms.values()) expect(crm.closes).toBe(2);
  });
});
