import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import type { FieldUpdate, TaskUpsert } from '../../../src/contracts/connector.js';
import { normaliseOutput } from '../../../src/mapping/applyMapping.js';
import type { ScoreOutput } from '../../../src/mapping/mappingSchema.js';
import { syncConnector } from '../../../src/sync/syncConnector.js';
import { scoreFieldSpecs } from '../../../src/writeback/scoreFieldSpecs.js';
import { recordOwnWrites } from '../../../state/upsertPage.js';
import { useTempDir } from '../../support/tempDir.js';
import { callsTo, log, open, openConnector, portalConfig, smallBook, startPortal } from './fixture.js';

const tempDir = useTempDir();
let emulator: HubSpotEmulator;
afterEach(async () => emulator?.close());

const scores = (id: string, i: number): FieldUpdate => ({
  object: 'companies',
  id,
  values: { vitals_health_score: 40 + (i % 60), vitals_health_band: i % 2 ? 'green' : 'yellow', vitals_churn_risk: 12.5, vitals_scored_at: '2026-11-20T06:00:00.000Z' },
});

async function setUp(accounts = 300) {
  emulator = await startPortal({ book: smallBook(accounts) });
  const config = await portalConfig(tempDir(), emulator);
  const connector = await openConnector(config);
  const mapping = config.connectors[0]!.mapping;
  await connector.ensureFields(scoreFieldSpecs(mapping));
  const companies = emulator.store.table('companies').records.map((r) => r.id);
  return { config, connector, mapping, companies };
}

describe('hubspot connector: writes', () => {
  it('writes 250 updates in exactly 3 batch calls, and their echo on the next sync is not new work', async () => {
    const { config, connector, mapping, companies } = await setUp();
    const state = open(config);
    await syncConnector(state, connector, mapping, log, { objects: ['accounts'] });
    emulator.resetCallCounts();

    const updates = companies.slice(0, 250).map(scores);
    const results = await connector.writeFields(updates);
    expect(callsTo(emulator, 'POST /crm/v3/objects/:objectType/batch/update')).toBe(3);
    expect(results.map((r) => r.ok)).toEqual(updates.map(() => true));
    expect(results.map((r) => r.key)).toEqual(updates.map((u) => u.id));
    expect(emulator.store.view('companies', companies[7]!)?.properties).toMatchObject({ vitals_health_score: '47', vitals_health_band: 'green', vitals_churn_risk: '12.5' });

    // What the engine does after a write: remember it, so the stamp bump is no change.
    recordOwnWrites(
      state,
      'portal',
      updates.map((u) => ({
        crmId: u.id,
        outputs: { health_score: normaliseOutput('health_score' as ScoreOutput, u.values.vitals_health_score), health_band: u.values.vitals_health_band as string, churn_risk: 12.5, scored_at: '2026-11-20T06:00:00.000Z' },
      })),
    );
    const [echo] = await syncConnector(state, connector, mapping, log, { objects: ['accounts'] });
    expect(echo).toMatchObject({ pulled: 250, unchanged: 250, updated: 0 });
    state.close();
  });

  it('a 207 with one bad input fails that record alone; a bad value fails its own record, not its batch', async () => {
    const { connector, companies } = await setUp(30);
    emulator.store.archive('companies', companies[3]!);
    const updates = companies.slice(0, 10).map(scores);
    updates[6] = { ...updates[6]!, values: { vitals_health_band: 'purple' } };
    const results = await connector.writeFields(updates);
    expect(results.map((r) => (r.ok ? 'ok' : `${r.errorCode}${r.retriable ? ' (retry)' : ''}`))).toEqual(['ok', 'ok', 'ok', 'OBJECT_NOT_FOUND', 'ok', 'ok', 'INVALID_OPTION', 'ok', 'ok', 'ok']);
    expect(results[3]).toMatchObject({ ok: false, key: companies[3], retriable: false });
  });

  it('splits a batch HubSpot rejects for one input until only that input fails', async () => {
    const { connector, companies } = await setUp(30);
    // Owners are validated by HubSpot only (their options are external): an inactive one fails the batch.
    const inactive = emulator.store.owners.find((o) => o.archived)!.id;
    const active = emulator.store.owners.find((o) => !o.archived)!.id;
    const updates = companies.slice(0, 8).map((id, i): FieldUpdate => ({ object: 'companies', id, values: { hubspot_owner_id: i === 5 ? inactive : active } }));
    const results = await connector.writeFields(updates);
    expect(results.map((r) => (r.ok ? 'ok' : r.errorCode))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'INVALID_OPTION', 'ok', 'ok']);
    expect(emulator.store.view('companies', companies[0]!)?.properties.hubspot_owner_id).toBe(active);
  });

  it('creates the score properties once: setup twice changes nothing the second time', async () => {
    emulator = await startPortal({ book: smallBook(5) });
    const config = await portalConfig(tempDir(), emulator);
    const connector = await openConnector(config);
    const specs = scoreFieldSpecs(config.connectors[0]!.mapping);
    const first = await connector.ensureFields(specs);
    expect(first.created.map((f) => `${f.object}.${f.name}`)).toEqual([
      'companies.vitals_health_score',
      'companies.vitals_health_band',
      'companies.vitals_churn_risk',
      'companies.vitals_health_trend',
      'companies.vitals_health_drivers',
      'companies.vitals_scored_at',
      'tasks.vitals_key',
    ]);
    expect(emulator.store.properties.get('companies', 'vitals_health_band')).toMatchObject({ groupName: 'crm_vitals', type: 'enumeration' });
    // HubSpot has no unique properties on tasks: the key is plain text, kept unique by the engine.
    expect(emulator.store.properties.get('tasks', 'vitals_key')).toMatchObject({ hasUniqueValue: false, type: 'string', fieldType: 'text', groupName: 'crm_vitals' });

    emulator.resetCallCounts();
    const second = await (await openConnector(config)).ensureFields(specs);
    expect(second).toEqual({ created: [], present: specs, manual: [] });
    expect(Object.keys(emulator.callCounts()).filter((k) => !k.startsWith('GET'))).toEqual([]);
  });

  it('creates tasks once with their company in batches of 100, closes them by id, and reads every holder of a key back through the company', async () => {
    const { connector, companies } = await setUp(160);
    const owner = emulator.store.owners.find((o) => !o.archived)!.id;
    const task = (i: number, extra: Partial<TaskUpsert> = {}): TaskUpsert => ({
      dedupeKey: `renewal-risk:${companies[i]}:2026-11`,
      accountId: companies[i]!,
      ownerId: owner,
      subject: `Renewal at risk ${i}`,
      body: 'Health dropped to red.',
      dueDate: '2026-12-01',
      priority: 'high',
      status: 'open',
      ...extra,
    });
    const tasks = Array.from({ length: 150 }, (_, i) => task(i));
    emulator.resetCallCounts();
    const created = await connector.writeTasks(tasks);
    expect(created.filter((r) => !(r.ok && r.created === true))).toEqual([]);
    expect(created.map((r) => r.key)).toEqual(tasks.map((t) => t.dedupeKey));
    // No lookup before a create: two batch creates, nothing else but the property read.
    expect(callsTo(emulator, 'batch/create')).toBe(2);
    expect(callsTo(emulator, 'batch/read')).toBe(0);
    const stored = emulator.store.table('tasks').records;
    expect(stored).toHaveLength(150);
    const first = created[0] as { id: string };
    expect(emulator.store.view('tasks', first.id)?.properties).toMatchObject({
      hs_task_subject: 'Renewal at risk 0',
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: 'HIGH',
      hubspot_owner_id: owner,
      hs_timestamp: '2026-12-01T12:00:00.000Z',
      vitals_key: tasks[0]!.dedupeKey,
    });
    const links = emulator.store.associations.list('tasks', emulator.store.get('tasks', first.id)!.seq, 'companies');
    expect(links.map((l) => ({ company: emulator.store.table('companies').records[l.toSeq]!.id, types: l.typeIds }))).toEqual([{ company: companies[0], types: [192] }]);

    // Nothing on HubSpot's side stops a second copy: a replayed create makes one.
    const again = await connector.writeTasks([task(3)]);
    expect(again[0]).toMatchObject({ ok: true, created: true });
    const refs = [3, 4].map((i) => ({ key: tasks[i]!.dedupeKey, accountId: companies[i]! }));
    const read = await connector.readTasks!(refs);
    expect(read.map((t) => [t.key, t.id]).sort()).toEqual(
      [
        [tasks[3]!.dedupeKey, (created[3] as { id: string }).id],
        [tasks[3]!.dedupeKey, (again[0] as { id: string }).id],
        [tasks[4]!.dedupeKey, (created[4] as { id: string }).id],
      ].sort(),
    );
    expect(read.find((t) => t.id === (created[4] as { id: string }).id)).toMatchObject({ status: 'open', subject: 'Renewal at risk 4', dueDate: '2026-12-01', ownerId: owner, createdAt: expect.any(String) });
    const archived = await connector.archiveTasks!([(again[0] as { id: string }).id]);
    expect(archived).toEqual([expect.objectContaining({ ok: true })]);
    expect((await connector.readTasks!(refs)).map((t) => t.id).sort()).toEqual([(created[3] as { id: string }).id, (created[4] as { id: string }).id].sort());

    // A close updates the task by id: no second task.
    const closed = await connector.writeTasks([task(5, { crmId: (created[5] as { id: string }).id, status: 'completed' })]);
    expect(closed).toEqual([expect.objectContaining({ ok: true, created: false, id: (created[5] as { id: string }).id })]);
    expect(emulator.store.view('tasks', (created[5] as { id: string }).id)?.properties.hs_task_status).toBe('COMPLETED');
    expect(emulator.store.table('tasks').records.filter((r) => !r.archived)).toHaveLength(150);
  });

  it('a create whose answer is lost is not sent again by the connector: it fails retriable, for the engine to look it up', async () => {
    const { connector, companies } = await setUp(20);
    const tasks = companies.slice(0, 20).map((id, i): TaskUpsert => ({
      dedupeKey: `stale-ticket:${id}`,
      accountId: id,
      ownerId: null,
      subject: `Stale urgent ticket ${i}`,
      body: '',
      dueDate: '2026-11-30',
      priority: 'normal',
      status: 'open',
    }));
    await connector.describeFields('tasks'); // the key property is read before the faults start
    emulator.resetCallCounts();
    emulator.setFaults({ responseLossRate: 1 });
    const results = await connector.writeTasks(tasks);
    emulator.setFaults({ responseLossRate: 0 });
    expect(results.every((r) => !r.ok && r.retriable)).toBe(true);
    expect(callsTo(emulator, 'batch/create')).toBe(1);
    // HubSpot carried it out: the company's tasks show each key once.
    const found = await connector.readTasks!(tasks.map((t) => ({ key: t.dedupeKey, accountId: t.accountId })));
    expect(found.map((t) => t.key).sort()).toEqual(tasks.map((t) => t.dedupeKey).sort());
  });
});
