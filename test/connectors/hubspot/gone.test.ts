import type { HubSpotConnector } from '../../../connectors/hubspot/createHubSpotConnector.js';
import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import type { FieldUpdate, TaskUpsert } from '../../../src/contracts/connector.js';
import { scoreFieldSpecs } from '../../../src/writeback/scoreFieldSpecs.js';
import { useTempDir } from '../../support/tempDir.js';
import { callsTo, openConnector, portalConfig, smallBook, startPortal } from './fixture.js';

const BATCH_UPDATE = 'POST /crm/v3/objects/:objectType/batch/update';

const tempDir = useTempDir();
let emulator: HubSpotEmulator;
let connector: HubSpotConnector;
afterEach(async () => {
  await connector?.close();
  await emulator?.close();
});

async function setUp() {
  emulator = await startPortal({ book: smallBook(20) });
  const config = await portalConfig(tempDir(), emulator);
  connector = await openConnector(config);
  await connector.ensureFields(scoreFieldSpecs(config.connectors[0]!.mapping));
  emulator.resetCallCounts();
  return emulator.store.table('companies').records.map((r) => r.id);
}

// A valid-looking record id the portal never issued.
const NEVER_THERE = '987654321098';

describe('hubspot connector: writes to records no longer in the portal', () => {
  it('a 207 naming an archived and an unknown id fails those two alone, gone; the rest of the batch is written', async () => {
    const companies = await setUp();
    emulator.store.archive('companies', companies[2]!);
    const update = (id: string, score: number): FieldUpdate => ({ object: 'companies', id, values: { vitals_health_score: score } });
    const results = await connector.writeFields([update(companies[1]!, 10), update(companies[2]!, 20), update(NEVER_THERE, 30), update(companies[3]!, 40)]);
    const gone = (key: string) => ({ ok: false, key, errorCode: 'OBJECT_NOT_FOUND', message: expect.stringContaining('they may be deleted or not exist'), retriable: false, gone: true });
    expect(results).toEqual([
      { ok: true, id: companies[1], key: companies[1] },
      gone(companies[2]!),
      gone(NEVER_THERE),
      { ok: true, id: companies[3], key: companies[3] },
    ]);
    expect(callsTo(emulator, BATCH_UPDATE)).toBe(1);
    expect(emulator.store.view('companies', companies[3]!)?.properties.vitals_health_score).toBe('40');
  });

  it('closing a task archived meanwhile is gone; the other close in the batch goes through', async () => {
    const companies = await setUp();
    const task = (i: number, crmId?: string): TaskUpsert => ({
      dedupeKey: `risk:${i}`,
      accountId: companies[i]!,
      ownerId: null,
      subject: `Risk ${i}`,
      body: '',
      dueDate: '2025-03-20',
      priority: 'normal',
      status: 'open',
      ...(crmId ? { crmId } : {}),
    });
    const created = await connector.writeTasks([task(0), task(1)]);
    const ids = created.map((r) => (r.ok ? r.id : ''));
    emulator.store.archive('tasks', ids[0]!);
    const closed = await connector.writeTasks([{ ...task(0, ids[0]), status: 'completed' }, { ...task(1, ids[1]), status: 'completed' }]);
    expect(closed[0]).toMatchObject({ ok: false, key: 'risk:0', errorCode: 'OBJECT_NOT_FOUND', gone: true });
    expect(closed[1]).toMatchObject({ ok: true, id: ids[1], key: 'risk:1' });
    expect(emulator.store.view('tasks', ids[1]!)?.properties.hs_task_status).toBe('COMPLETED');
  });
});
