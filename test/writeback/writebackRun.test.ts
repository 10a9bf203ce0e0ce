import { join } from 'node:path';
import type { Mapping } from '../../src/mapping/mappingSchema.js';
import { runWriteback, type WritebackResult } from '../../src/writeback/writebackRun.js';
import { openState, type State } from '../../state/openState.js';
import type { AccountRow } from '../../src/model/rows.js';
import { statusReport } from '../../state/statusReport.js';
import { upsertPage } from '../../state/upsertPage.js';
import { FakeWriteConnector } from '../support/fakeWriteConnector.js';
import { accountId, bundledMapping, engineConfig, seedAccounts, silentLogger, writePass } from '../support/writebackFixture.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const log = silentLogger;
const PASS1 = '2025-03-03T08:00:00.000Z';
const PASS2 = '2025-03-04T08:00:00.000Z';

let state: State;
let crm: FakeWriteConnector;
afterEach(() => state?.close());

function setUp(n: number, options: { batch?: number; mapping?: Mapping; maxAttempts?: number } = {}) {
  state = openState(join(tempDir(), 'vitals.db'));
  crm = new FakeWriteConnector('acme', { fields: options.batch ?? 200, tasks: 200 });
  const ids = seedAccounts(state, 'acme', n);
  writePass(state, 'acme', PASS1, ids.map((id, i) => ({ id, health: 30 + (i % 60) })));
  const config = engineConfig([{ name: 'acme', mapping: options.mapping ?? bundledMapping('salesforce') }], { enabled: false }, { maxAttempts: options.maxAttempts ?? 5 });
  const run = (dryRun = false): Promise<WritebackResult> => runWriteback(state, config.connectors, async () => crm, config, log, { dryRun });
  return { ids, run, config };
}

/** What a sync would store after reading the fake CRM: its score fields as crm_outputs. */
function syncFromCrm(mapping: Mapping, ids: string[]) {
  const outputOf = Object.fromEntries(Object.entries(mapping.writeback.fields).map(([output, t]) => [t!.field, output]));
  const rows = state.db.prepare('SELECT * FROM accounts WHERE connector = ?').all('acme') as Record<string, unknown>[];
  upsertPage(state, {
    connector: 'acme', object: 'accounts', deletedIds: [], quarantined: [], cursor: {},
    rows: rows
      .filter((r) => ids.includes(r.crm_id as string))
      .map((r): AccountRow => ({
        ...(r as unknown as AccountRow),
        extras: JSON.parse(r.extras as string),
        crm_outputs: Object.fromEntries(Object.entries(crm.fields.get(r.crm_id as string) ?? {}).map(([f, v]) => [outputOf[f], v])),
      })),
  });
}

describe('score write-back', () => {
  it('first run updates every account in ceil(n / batch) calls; an unchanged book then costs zero calls', async () => {
    const { run } = setUp(450);
    const first = await run();
    expect(crm.calls.writeFields).toBe(3);
    expect(first.connectors[0]!.writes).toEqual({ calls: 3, written: 450, failed: [], notSent: 0, gone: 0 });
    expect(first.connectors[0]!.plan!.writes.fields).toEqual({
      Health_Score__c: 450, Health_Band__c: 450, Churn_Risk__c: 450, Health_Trend__c: 450, Health_Drivers__c: 450, Health_Scored_At__c: 450,
    });
    expect(crm.fields.get(accountId(0))).toEqual({
      Health_Score__c: 30, Health_Band__c: 'red', Churn_Risk__c: 10, Health_Trend__c: 'flat', Health_Drivers__c: 'Ticket load (-23)', Health_Scored_At__c: PASS1,
    });
    // Our own values are recorded as the CRM's copy: the echo on the next sync is no change.
    const outputs = state.db.prepare('SELECT crm_outputs FROM accounts WHERE crm_id = ?').pluck().get(accountId(0)) as string;
    expect(JSON.parse(outputs)).toMatchObject({ health_score: 30, health_band: 'red', scored_at: PASS1 });

    crm.resetCalls();
    const second = await run();
    expect(crm.calls.writeFields).toBe(0);
    expect(second.connectors[0]!.plan!.writes.records).toBe(0);
    expect(second.connectors[0]!.apiCalls).toBe(0);
  });

  it('a new pass sends only the accounts whose values changed, scored_at with them', async () => {
    const { ids, run } = setUp(300);
    await run();
    writePass(state, 'acme', PASS2, ids.map((id, i) => ({ id, health: i < 3 ? 95 : 30 + (i % 60) })));
    crm.resetCalls();
    const result = await run();
    expect(crm.calls.writeFields).toBe(1);
    expect(result.connectors[0]!.plan!.writes).toMatchObject({ records: 3, fields: { Health_Score__c: 3, Health_Band__c: 3, Health_Scored_At__c: 3 } });
  });

  it("stores a rejected record with the CRM's error, writes the rest, and retries it next run", async () => {
    const { run } = setUp(250);
    crm.rejects.set(accountId(7), { errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' });
    const first = await run();
    expect(first.connectors[0]!.writes).toMatchObject({ calls: 2, written: 249, failed: [{ crmId: accountId(7), errorCode: 'UNABLE_TO_LOCK_ROW', gaveUp: false }] });
    expect(first.ok).toBe(false);
    const status = statusReport(state);
    expect(status.writes).toEqual([{ connector: 'acme', status: 'failed', count: 6 }]);
    expect(status.failedWrites[0]).toMatchObject({ crmId: accountId(7), attempts: 1, errorCode: 'UNABLE_TO_LOCK_ROW' });

    crm.rejects.clear();
    crm.resetCalls();
    const second = await run();
    expect(crm.calls.writeFields).toBe(1);
    expect(second.connectors[0]!.writes).toMatchObject({ written: 1, failed: [] });
    expect(statusReport(state).writes).toEqual([]);
  });

  it('gives up after maxAttempts, reports it in status, and tries again once the value changes', async () => {
    const { ids, run } = setUp(5, { maxAttempts: 3 });
    crm.rejects.set(accountId(2), { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score locked by finance' });
    for (const attempt of [1, 2, 3]) {
      const result = await run();
      expect(result.connectors[0]!.writes!.failed).toEqual([expect.objectContaining({ crmId: accountId(2), gaveUp: attempt === 3 })]);
    }
    const status = statusReport(state);
    expect(status.writes).toEqual([{ connector: 'acme', status: 'gave_up', count: 6 }]);
    expect(status.failedWrites[0]).toMatchObject({ crmId: accountId(2), attempts: 3, errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', errorMessage: 'Score locked by finance' });

    crm.resetCalls();
    const fourth = await run();
    expect(crm.calls.writeFields).toBe(0);
    expect(fourth.connectors[0]!.plan!.writes.kept['gave-up']).toBe(6);
    expect(statusReport(state).writes).toEqual([{ connector: 'acme', status: 'gave_up', count: 6 }]);

    writePass(state, 'acme', PASS2, ids.map((id, i) => ({ id, health: i === 2 ? 99 : 30 + i })));
    const fifth = await run();
    expect(crm.calls.writeFields).toBe(1);
    expect(fifth.connectors[0]!.writes!.failed).toEqual([expect.objectContaining({ crmId: accountId(2), gaveUp: false })]);
    expect(statusReport(state).failedWrites[0]).toMatchObject({ crmId: accountId(2), attempts: 1 });
  });

  it('a run killed between the CRM call and the local commit is repaired by the next run, without a sync', async () => {
    const { run } = setUp(450);
    crm.crashAfterWriteCall = 1;
    const killed = await run();
    expect(killed.connectors[0]!.stopped).toMatchObject({ reason: 'error', message: 'killed after the CRM call (simulated)' });
    expect(statusReport(state).writes).toEqual([{ connector: 'acme', status: 'pending', count: 1200 }]);

    crm.resetCalls();
    const next = await run();
    expect(crm.calls.writeFields).toBe(3); // the CRM copy in the state is stale: everything is sent again, harmlessly
    expect(next.connectors[0]!.writes).toMatchObject({ written: 450, failed: [] });
    expect(statusReport(state).writes).toEqual([]);
  });

  it("after a crash and a sync, what landed is settled and not mistaken for a person's edit (if-unchanged)", async () => {
    const mapping = bundledMapping('salesforce', { health_score: 'if-unchanged', health_band: 'if-unchanged' });
    const { ids, run } = setUp(450, { mapping });
    crm.crashAfterWriteCall = 1;
    await run();
    syncFromCrm(mapping, ids);
    crm.resetCalls();
    const next = await run();
    expect(next.connectors[0]!.plan!.writes).toMatchObject({ records: 250, kept: { 'edited-by-person': 0 } });
    expect(crm.calls.writeFields).toBe(2);
    expect(statusReport(state).writes).toEqual([]);
    const row = state.db.prepare("SELECT last_written_value, status FROM writes WHERE crm_id = ? AND field = 'Health_Score__c'").get(accountId(0));
    expect(row).toEqual({ last_written_value: '30', status: 'written' });
  });

  it('if-unchanged leaves a value a person edited since our last write, and reports it', async () => {
    const mapping = bundledMapping('salesforce', { health_band: 'if-unchanged' });
    const { ids, run } = setUp(3, { mapping });
    await run();
    crm.fields.set(accountId(1), { ...crm.fields.get(accountId(1)), Health_Band__c: 'green' }); // a CSM's edit...
    syncFromCrm(mapping, ids); // ...pulled by the next sync
    writePass(state, 'acme', PASS2, [{ id: ids[0]!, health: 30 }, { id: ids[1]!, health: 20 }, { id: ids[2]!, health: 32 }]);
    const result = await run();
    const plan = result.connectors[0]!.plan!;
    expect(plan.writes.kept['edited-by-person']).toBe(1);
    expect(plan.writes.keptSample).toEqual([{ accountId: accountId(1), account: 'Account 1', field: 'Health_Band__c', reason: 'edited-by-person', crm: 'green', desired: 'red' }]);
    expect(crm.fields.get(accountId(1))).toMatchObject({ Health_Band__c: 'green', Health_Score__c: 20 });
  });

  it('a dry run makes no write call and changes nothing; the real run then does exactly its plan', async () => {
    const { run } = setUp(420, { batch: 100 });
    crm.rejects.set(accountId(5), { errorCode: 'X', message: 'no' });
    const before = state.db.prepare('SELECT (SELECT COUNT(*) FROM runs) + (SELECT COUNT(*) FROM writes)').pluck().get();
    const dry = await run(true);
    expect(crm.calls).toEqual({ writeFields: 0, writeTasks: 0, readTasks: 0, archiveTasks: 0, sharedTaskKeys: 0, check: 1 });
    expect(dry.runId).toBeNull();
    expect(state.db.prepare('SELECT (SELECT COUNT(*) FROM runs) + (SELECT COUNT(*) FROM writes)').pluck().get()).toBe(before);
    expect(dry.connectors[0]!.plan!.calls).toMatchObject({ writeFields: 5, writeTasks: 0, total: 5, dailyLimit: 10_000, dailyRemaining: 9_000 });
    expect(dry.connectors[0]!.plan!.writes.sample[0]).toEqual({ accountId: accountId(0), account: 'Account 0', field: 'Health_Score__c', from: null, to: 30 });

    const real = await run();
    const { calls: dryCalls, ...dryPlan } = dry.connectors[0]!.plan!;
    const { calls: realCalls, ...realPlan } = real.connectors[0]!.plan!;
    expect(realPlan).toEqual(dryPlan);
    expect(realCalls).toEqual({ writeFields: 5, writeTasks: 0, readTasks: 0, total: 5, batchSize: { fields: 100, tasks: 200 } });
    expect(crm.calls.writeFields).toBe(dryCalls.writeFields);
    expect(real.connectors[0]!.writes!.written + real.connectors[0]!.writes!.failed.length).toBe(dryPlan.writes.records);
  });
});
