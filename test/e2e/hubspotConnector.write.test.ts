import type { HubSpotEmulator } from '../../connectors/hubspot/emulator/startHubSpotEmulator.js';
import type { FieldUpdate, TaskUpsert } from '../../src/contracts/connector.js';
import { normaliseOutput } from '../../src/mapping/applyMapping.js';
import type { ScoreOutput } from '../../src/mapping/mappingSchema.js';
import { syncConnector } from '../../src/sync/syncConnector.js';
import { scoreFieldSpecs } from '../../src/writeback/scoreFieldSpecs.js';
import { recordOwnWrites } from '../../state/upsertPage.js';
import { useTempDir } from '../support/tempDir.js';
import { callsTo, log, open, openConnector, portalConfig, smallBook, startPortal } from './hubspotConnectorFixture.js';

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
    expect(emulator.store.properties.get('tasks', 'vitals_key')).toMatchObject({ hasUniqueValue: true, groupName: 'crm_vitals' });

    emulator.resetCallCounts();
    const second = await (await openConnector(config)).ensureFields(specs);
    expect(second).toEqual({ created: [], present: specs, manual: [] });
    expect(Object.keys(emulator.callCounts()).filter((k) => !k.startsWith('GET'))).toEqual([]);
  });

  it('upserts tasks by dedupe key: created once with their company, a retried or replayed call updates them', async () => {
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
    const created = await connector.upsertTasks(tasks);
    expect(created.filter((r) => !(r.ok && r.created === true))).toEqual([]);
    expect(created.map((r) => r.key)).toEqual(tasks.map((t) => t.dedupeKey));
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

    // The engine crashed before committing: the same call again, plus one completed.
    const replay = await connector.upsertTasks([...tasks.slice(0, 99), task(99, { status: 'completed' })]);
    expect(replay.every((r) => r.ok && r.created === false)).toBe(true);
    expect(replay.map((r) => (r.ok ? r.id : ''))).toEqual(created.slice(0, 100).map((r) => (r.ok ? r.id : '')));
    expect(emulator.store.table('tasks').records).toHaveLength(150);
    expect(emulator.store.view('tasks', (replay[99] as { id: string }).id)?.properties.hs_task_status).toBe('COMPLETED');
  });

  it('two calls racing with the same keys make each task once: the unique key refuses the second create', async () => {
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
    emulator.resetCallCounts();
    const [a, b] = await Promise.all([connector.upsertTasks(tasks), connector.upsertTasks(tasks)]);
    expect([...a!, ...b!].every((r) => r.ok)).toBe(true);
    // Both looked first and saw nothing; both created; HubSpot refused the second (409), which became an update.
    expect(callsTo(emulator, 'batch/create')).toBe(2);
    expect(callsTo(emulator, 'batch/update')).toBe(1);
    expect(emulator.store.table('tasks').records).toHaveLength(20);
    expect(a!.map((r) => (r.ok ? r.id : ''))).toEqual(b!.map((r) => (r.ok ? r.id : '')));
  });
});
