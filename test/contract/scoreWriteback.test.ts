import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { builtinConnector } from '../../connectors/registry.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { startPipeline, type Pipeline } from '../support/writebackHarness.js';

const NO_TASKS = 'tasks: { enabled: false }';
/** The CRM field the connector's shipped mapping writes the health band to. */
const bandField = (crm: string) => (parse(readFileSync(builtinConnector(crm)!.defaultMapping!, 'utf8')) as { writeback: { fields: { health_band: string } } }).writeback.fields.health_band;

describe.each(EMULATED_CRMS)('score write-back through the %s connector and emulator', (crm) => {
  let p: Pipeline;
  afterEach(async () => p?.close());

  it('first run updates every account in the minimum number of batch calls; after the echo is synced, a second run makes none', async () => {
    p = await startPipeline(crm, { accounts: 450, yaml: NO_TASKS });
    await p.sync();
    p.score();
    p.resetCalls();
    const first = await p.writeback();
    const scored = first.connectors[0]!.plan!.accounts;
    expect(first.connectors[0]!.writes).toEqual({ calls: Math.ceil(scored / p.emulator.apiShape.writeBatch), written: scored, failed: [], notSent: 0, gone: 0 });
    expect(p.writeCalls().fields).toBe(Math.ceil(scored / p.emulator.apiShape.writeBatch));

    // Our writes moved the CRM's modification stamps: the next sync reads them back as unchanged.
    await p.sync();
    const accounts = p.state.db.prepare("SELECT COUNT(*) FROM accounts WHERE connector = 'crm' AND json_extract(crm_outputs, '$.health_score') IS NOT NULL").pluck().get();
    expect(accounts).toBe(scored);
    p.resetCalls();
    const second = await p.writeback();
    expect(second.connectors[0]!.plan!.writes.records).toBe(0);
    expect(p.writeCalls().fields).toBe(0);
  });

  it('a field a person edited since our last write is left alone under if-unchanged, and reported', async () => {
    p = await startPipeline(crm, { accounts: 30, yaml: NO_TASKS, mappingOverrides: `{ writeback: { fields: { health_band: { field: ${bandField(crm)}, policy: if-unchanged } } } }` });
    const band = bandField(crm);
    await p.sync();
    p.score();
    const first = await p.writeback();
    const target = first.connectors[0]!.plan!.writes.sample[0]!.accountId;
    const ours = p.state.db.prepare("SELECT json_extract(crm_outputs, '$.health_band') FROM accounts WHERE crm_id = ?").pluck().get(target) as string;
    const theirs = ours === 'green' ? 'red' : 'green';
    p.editAccount(target, { [band]: theirs });
    await p.sync();
    p.resetCalls();
    const second = await p.writeback();
    const plan = second.connectors[0]!.plan!;
    expect(plan.writes.kept['edited-by-person']).toBe(1);
    expect(plan.writes.keptSample).toEqual([expect.objectContaining({ accountId: target, field: band, reason: 'edited-by-person', crm: theirs, desired: ours })]);
    expect(p.writeCalls().fields).toBe(0);
    await p.sync();
    expect(p.state.db.prepare("SELECT json_extract(crm_outputs, '$.health_band') FROM accounts WHERE crm_id = ?").pluck().get(target)).toBe(theirs);
  });

  it('a batch with one account deleted meanwhile writes the rest and marks that one deleted instead of retrying it; restored, it is written again', async () => {
    p = await startPipeline(crm, { accounts: 40, yaml: NO_TASKS });
    await p.sync();
    p.score();
    const victim = (p.state.db.prepare("SELECT account_id FROM score_snapshots WHERE connector = 'crm' ORDER BY account_id LIMIT 1 OFFSET 3").pluck().get()) as string;
    p.hideAccount(victim); // deleted in the CRM after the sync: there is nothing to write to
    const first = await p.writeback();
    const w = first.connectors[0]!.writes!;
    const scored = first.connectors[0]!.plan!.accounts;
    expect(w).toMatchObject({ written: scored - 1, failed: [], gone: 1 });
    expect(p.state.db.prepare('SELECT deleted_at IS NOT NULL FROM accounts WHERE crm_id = ?').pluck().get(victim)).toBe(1);
    expect(p.state.db.prepare("SELECT COUNT(*) FROM writes WHERE status != 'written'").pluck().get()).toBe(0);
    p.resetCalls();
    expect((await p.writeback()).connectors[0]!.writes).toMatchObject({ written: 0, calls: 0 });

    // A person restores it: the next sync brings it back, and its scores are written.
    p.restoreAccount(victim);
    await p.sync();
    p.score();
    p.resetCalls();
    const second = await p.writeback();
    // Scoring with one more account may move others' scores a little: those are written too.
    expect(second.connectors[0]!.writes).toMatchObject({ failed: [], gone: 0 });
    const mapping = p.config.connectors[0]!.mapping;
    const scoreField = mapping.writeback.fields.health_score!.field;
    const held = p.emulator.data.accountFields(mapping.objects.accounts.source, [scoreField])[victim]!;
    const latest = p.state.db.prepare("SELECT health FROM score_snapshots WHERE connector = 'crm' AND account_id = ? ORDER BY as_of DESC LIMIT 1").pluck().get(victim);
    expect(Number(held[scoreField])).toBe(Math.round(latest as number)); // the score field holds whole points
    expect(p.state.db.prepare("SELECT COUNT(*) FROM writes WHERE status != 'written'").pluck().get()).toBe(0);
  });

  it('a dry run makes no write call, and its plan is what the real run then does', async () => {
    p = await startPipeline(crm, { accounts: 260 });
    await p.sync();
    p.score();
    p.resetCalls();
    const ledger = () => p.state.db.prepare('SELECT (SELECT COUNT(*) FROM writes) + (SELECT COUNT(*) FROM tasks) + (SELECT COUNT(*) FROM runs)').pluck().get();
    const before = ledger();
    const dry = await p.writeback({ dryRun: true });
    expect(p.writeCalls()).toEqual({ fields: 0, tasks: 0 });
    expect(p.crmTaskKeys()).toEqual([]);
    expect(ledger()).toBe(before);
    const dryPlan = dry.connectors[0]!.plan!;
    expect(dryPlan.tasks.create.length).toBeGreaterThan(0);
    expect(dryPlan.calls.dailyRemaining).toBeGreaterThan(0);

    const real = await p.writeback();
    const realPlan = real.connectors[0]!.plan!;
    const { calls: _dryCalls, ...dryRest } = dryPlan;
    const { calls: _realCalls, ...realRest } = realPlan;
    expect(realRest).toEqual(dryRest);
    expect(real.connectors[0]!.writes!.written).toBe(dryPlan.writes.records);
    expect(real.connectors[0]!.tasks!.created).toBe(dryPlan.tasks.create.length);
    expect(p.crmTaskKeys().sort()).toEqual(dryPlan.tasks.create.map((t) => t.key).sort());
    // All tasks are new, so HubSpot's batch updates are all score writes here.
    expect(p.writeCalls()).toEqual({ fields: dryPlan.calls.writeFields, tasks: dryPlan.calls.writeTasks });
  });
});
