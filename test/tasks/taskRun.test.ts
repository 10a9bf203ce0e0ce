import { join } from 'node:path';
import { runWriteback, type WritebackResult } from '../../src/writeback/writebackRun.js';
import { renderStatus } from '../../src/cli/renderStatus.js';
import { openState, type State } from '../../state/openState.js';
import { statusReport } from '../../state/statusReport.js';
import { FakeWriteConnector } from '../support/fakeWriteConnector.js';
import { accountId, bundledMapping, engineConfig, seedAccounts, silentLogger, writePass } from '../support/writebackFixture.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const DAY = 86_400_000;
const rules = {
  defaultRules: false,
  rules: [{ id: 'risk', when: 'churn_risk >= 35', closeWhen: 'churn_risk < 25', subject: 'Risk {{churn_risk}}% at {{account_name}}', due: { after: 2 } }],
};

let states: State[] = [];
afterEach(() => {
  for (const s of states) s.close();
  states = [];
});

function setUp(n: number, taskBatch: number) {
  const file = join(tempDir(), 'vitals.db');
  const state = openState(file);
  states.push(state);
  const crm = new FakeWriteConnector('acme', { fields: 200, tasks: taskBatch });
  const ids = seedAccounts(state, 'acme', n);
  const config = engineConfig([{ name: 'acme', mapping: bundledMapping('salesforce') }], rules);
  const pass = (asOf: string, risk: (i: number) => number) => writePass(state, 'acme', asOf, ids.map((id, i) => ({ id, health: 50, churnRisk: risk(i) })));
  const run = (options: { now?: Date; on?: State } = {}): Promise<WritebackResult> =>
    runWriteback(options.on ?? state, config.connectors, async () => crm, config, silentLogger, { dryRun: false, now: options.now });
  const ledger = () => state.db.prepare('SELECT dedupe_key AS key, state, crm_id AS crmId, human_touched AS touched FROM tasks ORDER BY dedupe_key').all();
  return { file, state, crm, ids, pass, run, ledger };
}

describe('CSM tasks', () => {
  it('creates one task per firing account in ceil(n / batch) calls; a rerun creates none', async () => {
    const { crm, pass, run, ledger } = setUp(7, 2);
    pass('2025-03-03T08:00:00.000Z', (i) => (i < 5 ? 0.5 : 0.1));
    const first = await run();
    expect(crm.calls.writeTasks).toBe(3);
    expect(crm.calls.readTasks).toBe(0); // new keys have no task to look for
    expect(first.connectors[0]!.tasks).toMatchObject({ created: 5, closed: 0, failed: [] });
    expect([...crm.tasks.keys()]).toEqual([0, 1, 2, 3, 4].map((i) => `vitals:risk:${accountId(i)}:1`));
    expect(crm.tasks.get(`vitals:risk:${accountId(0)}:1`)).toMatchObject({ subject: 'Risk 50% at Account 0', ownerId: 'U1', priority: 'normal', status: 'open' });
    expect(crm.tasks.get(`vitals:risk:${accountId(0)}:1`)!.body).toContain('Why: churn_risk >= 35\n- churn_risk: 50\nHealth drivers: Ticket load (-17)');
    expect(ledger()).toEqual([0, 1, 2, 3, 4].map((i) => ({ key: `vitals:risk:${accountId(i)}:1`, state: 'open', crmId: `T${i + 1}`, touched: 0 })));

    crm.resetCalls();
    await run();
    expect(crm.calls).toMatchObject({ writeTasks: 0, readTasks: 0, sharedTaskKeys: 1 });
  });

  it('a run killed after the CRM call and before the local commit: the next run finds those keys in the CRM and creates only the rest, one task per key', async () => {
    const { crm, pass, run, ledger } = setUp(5, 2);
    pass('2025-03-03T08:00:00.000Z', () => 0.5);
    const sent: string[] = [];
    const write = crm.writeTasks.bind(crm);
    crm.writeTasks = async (tasks) => {
      sent.push(...tasks.map((t) => t.dedupeKey));
      return write(tasks);
    };
    crm.crashAfterTaskCall = 2;
    const killed = await run();
    expect(killed.connectors[0]!.stopped?.message).toBe('killed after the CRM call (simulated)');
    expect(crm.records).toHaveLength(4);
    expect((ledger() as { state: string }[]).map((r) => r.state)).toEqual(['open', 'open', 'pending', 'pending']);

    const rerun = await run();
    expect(rerun.connectors[0]!.plan!.tasks).toMatchObject({ landed: 2, resend: 0, create: [expect.objectContaining({ key: `vitals:risk:${accountId(4)}:1` })] });
    expect(crm.records.map((t) => t.dedupeKey).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `vitals:risk:${accountId(i)}:1`));
    expect(sent.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `vitals:risk:${accountId(i)}:1`));
    expect(ledger()).toEqual([0, 1, 2, 3, 4].map((i) => ({ key: `vitals:risk:${accountId(i)}:1`, state: 'open', crmId: `T${i + 1}`, touched: 0 })));
  });

  it('a create whose answer was lost and which never reached the CRM is sent again, once', async () => {
    const { crm, pass, run, ledger } = setUp(2, 10);
    pass('2025-03-03T08:00:00.000Z', () => 0.5);
    const write = crm.writeTasks.bind(crm);
    let lose = true;
    crm.writeTasks = async (tasks) => {
      if (lose) {
        lose = false;
        return tasks.map((t) => ({ ok: false as const, key: t.dedupeKey, errorCode: 'HUBSPOT_NETWORK', message: 'socket hang up', retriable: true }));
      }
      return write(tasks);
    };
    await run();
    expect(crm.records).toHaveLength(0);
    const second = await run();
    expect(second.connectors[0]!.plan!.tasks).toMatchObject({ landed: 0, retry: 2 });
    expect(crm.records).toHaveLength(2);
    expect((ledger() as { state: string }[]).map((r) => r.state)).toEqual(['open', 'open']);
  });

  it('two tasks holding one key (a restored state file, a second installation): the next run keeps the oldest, archives the other and says so in status', async () => {
    const { state, crm, pass, run, ledger } = setUp(2, 10);
    pass('2025-03-03T08:00:00.000Z', () => 0.5);
    await run();
    const key = `vitals:risk:${accountId(0)}:1`;
    const kept = crm.tasks.get(key)!;
    await crm.writeTasks([{ ...kept, crmId: undefined }]);
    expect(crm.records.filter((t) => t.dedupeKey === key)).toHaveLength(2);

    crm.resetCalls();
    const next = await run();
    expect(next.connectors[0]!.plan!.tasks).toMatchObject({ duplicates: 1, create: [], close: [] });
    expect(next.connectors[0]!.tasks).toMatchObject({ duplicatesArchived: 1, created: 0 });
    expect(crm.calls).toMatchObject({ sharedTaskKeys: 1, readTasks: 1, archiveTasks: 1, writeTasks: 0 });
    expect(crm.records.filter((t) => t.dedupeKey === key)).toEqual([expect.objectContaining({ id: kept.id, status: 'open' })]);
    expect((ledger() as { key: string; crmId: string }[]).find((r) => r.key === key)).toMatchObject({ crmId: kept.id });
    const report = statusReport(state);
    expect(report.taskDuplicates).toEqual([expect.objectContaining({ connector: 'acme', key, crmId: 'T3', keptCrmId: kept.id, archivedAt: expect.any(String), error: null })]);
    expect(renderStatus(report)).toContain(`acme ${key}: task T3 archived`);

    // Nothing left to tidy: the scan finds no shared key and nothing is read or archived.
    crm.resetCalls();
    await run();
    expect(crm.calls).toMatchObject({ sharedTaskKeys: 1, readTasks: 0, archiveTasks: 0, writeTasks: 0 });
  });

  it('a duplicate whose archive failed is confirmed again: once a person removed the older task, the copy stands and is kept', async () => {
    const { state, crm, pass, run, ledger } = setUp(1, 10);
    pass('2025-03-03T08:00:00.000Z', () => 0.5);
    await run();
    const key = `vitals:risk:${accountId(0)}:1`;
    await crm.writeTasks([{ ...crm.tasks.get(key)!, crmId: undefined }]);
    const archive = crm.archiveTasks.bind(crm);
    crm.archiveTasks = async (ids) => ids.map((id) => ({ ok: false as const, key: id, errorCode: 'HTTP_503', message: 'unavailable', retriable: true }));
    await run();
    expect(statusReport(state).taskDuplicates).toEqual([expect.objectContaining({ crmId: 'T2', archivedAt: null, error: 'HTTP_503: unavailable' })]);
    crm.archiveTasks = archive;
    crm.records = crm.records.filter((t) => t.id !== 'T1'); // a person deleted the older task
    const next = await run();
    expect(next.connectors[0]!.tasks).toMatchObject({ duplicatesArchived: 0, created: 0 });
    expect(crm.records.map((t) => t.id)).toEqual(['T2']);
    expect(ledger()).toEqual([{ key, state: 'open', crmId: 'T2', touched: 0 }]);
    expect(renderStatus(statusReport(state))).toContain(`acme ${key}: task T2 no longer a duplicate`);
  });

  it('a duplicate the scan cannot see (no scan verb) is still found when its key is read to close it', async () => {
    const { crm, pass, run } = setUp(1, 10);
    crm.sharedTaskKeys = undefined;
    pass('2025-03-03T08:00:00.000Z', () => 0.5);
    await run();
    const key = `vitals:risk:${accountId(0)}:1`;
    await crm.writeTasks([{ ...crm.tasks.get(key)!, crmId: undefined }]);
    pass('2025-03-04T08:00:00.000Z', () => 0.1);
    await run();
    pass('2025-03-05T08:00:00.000Z', () => 0.1);
    const closing = await run();
    expect(closing.connectors[0]!.tasks).toMatchObject({ duplicatesArchived: 1, closed: 1 });
    expect(crm.records).toEqual([expect.objectContaining({ id: 'T1', status: 'completed' })]);
  });

  it("auto-closes after two passes with the condition cleared, leaves a person's task alone, and cools down", async () => {
    const { crm, pass, run, ledger } = setUp(3, 10);
    pass('2025-03-03T08:00:00.000Z', () => 0.5);
    await run();
    const key = (i: number) => `vitals:risk:${accountId(i)}:1`;
    crm.tasks.get(key(1))!.crmStatus = 'in-progress'; // a CSM started working on it
    crm.tasks.get(key(2))!.crmStatus = 'completed'; // a CSM completed it

    pass('2025-03-04T08:00:00.000Z', () => 0.1);
    const once = await run();
    expect(once.connectors[0]!.plan!.tasks.close).toEqual([]);
    const rerunSamePass = await run();
    expect(rerunSamePass.connectors[0]!.plan!.tasks.close).toEqual([]);

    pass('2025-03-05T08:00:00.000Z', () => 0.1);
    const twice = await run();
    expect(twice.connectors[0]!.plan!.tasks).toMatchObject({ close: [expect.objectContaining({ key: key(0) })], leftAlone: 1, completedByPerson: 1 });
    expect(twice.connectors[0]!.tasks).toMatchObject({ closed: 1 });
    expect(crm.tasks.get(key(0))).toMatchObject({ status: 'completed' });
    expect(crm.tasks.get(key(0))!.body).toContain('Auto-resolved by crm-vitals on');
    expect(crm.tasks.get(key(1))).toMatchObject({ crmStatus: 'in-progress', status: 'open' });
    expect(ledger()).toEqual([
      { key: key(0), state: 'closed', crmId: 'T1', touched: 0 },
      { key: key(1), state: 'open', crmId: 'T2', touched: 1 },
      { key: key(2), state: 'completed', crmId: 'T3', touched: 0 },
    ]);

    // The risk comes back: accounts 0 and 2 are cooling down; account 1 still has its open task.
    pass('2025-03-06T08:00:00.000Z', () => 0.5);
    const back = await run();
    expect(back.connectors[0]!.plan!.tasks).toMatchObject({ create: [], coolingDown: 2 });
    const later = await run({ now: new Date(Date.now() + 31 * DAY) });
    expect(later.connectors[0]!.plan!.tasks.create.map((t) => t.key)).toEqual([`vitals:risk:${accountId(0)}:2`, `vitals:risk:${accountId(2)}:2`]);
  });

  it('a close the CRM answers with "gone" (the task was deleted for good meanwhile) is closed, not retried', async () => {
    const { crm, pass, run, ledger } = setUp(1, 10);
    const key = `vitals:risk:${accountId(0)}:1`;
    pass('2025-03-03T08:00:00.000Z', () => 0.5);
    await run();
    pass('2025-03-04T08:00:00.000Z', () => 0.1);
    await run();
    pass('2025-03-05T08:00:00.000Z', () => 0.1);
    crm.rejects.set(key, { errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', gone: true });
    const closing = await run();
    expect(closing.connectors[0]!.tasks).toMatchObject({ closed: 1, failed: [] });
    expect(ledger()).toEqual([{ key, state: 'closed', crmId: 'T1', touched: 0 }]);
    const next = await run();
    expect(next.connectors[0]!.plan!.tasks).toMatchObject({ close: [], retry: 0 });
  });

  it('never auto-closes when the connector cannot read tasks back to see a person’s edits', async () => {
    const { crm, pass, run } = setUp(2, 10);
    pass('2025-03-03T08:00:00.000Z', () => 0.5);
    await run();
    crm.readTasks = undefined;
    pass('2025-03-04T08:00:00.000Z', () => 0.1);
    await run();
    pass('2025-03-05T08:00:00.000Z', () => 0.1);
    const result = await run();
    expect(result.connectors[0]!.plan!.tasks).toMatchObject({ close: [], unverifiable: 2 });
    expect([...crm.tasks.values()].map((t) => t.status)).toEqual(['open', 'open']);
  });

  it('a create the CRM refuses is stored with its error and retried with the same key next run', async () => {
    const { crm, pass, run, ledger } = setUp(2, 10);
    pass('2025-03-03T08:00:00.000Z', () => 0.5);
    crm.rejects.set(`vitals:risk:${accountId(1)}:1`, { errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'owner is not active' });
    const first = await run();
    expect(first.connectors[0]!.tasks!.failed).toEqual([{ key: `vitals:risk:${accountId(1)}:1`, action: 'create', errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'owner is not active' }]);
    expect((ledger() as { state: string }[]).map((r) => r.state)).toEqual(['open', 'failed']);
    crm.rejects.clear();
    const second = await run();
    expect(second.connectors[0]!.plan!.tasks).toMatchObject({ retry: 1, create: [] });
    expect((ledger() as { state: string }[]).map((r) => r.state)).toEqual(['open', 'open']);
  });
});
