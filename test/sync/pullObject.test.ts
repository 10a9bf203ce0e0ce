import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseYaml } from '../../src/config/yamlSource.js';
import { createLogger } from '../../src/log/logger.js';
import { mappingSchema } from '../../src/mapping/mappingSchema.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { syncConnector } from '../../src/sync/syncConnector.js';
import { openState } from '../../state/openState.js';
import { recordOwnWrites } from '../../state/upsertPage.js';
import { MemoryConnector } from '../support/memoryConnector.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const mapping = mappingSchema.parse(parseYaml(readFileSync(packageFile('mappings', 'salesforce.yaml'), 'utf8'), 'sf').value);
const log = createLogger('test');

function account(id: string, at: string, fields: Record<string, unknown> = {}) {
  return { id, modifiedAt: at, fields: { Name: `Account ${id}`, AnnualRevenue: 1000, ...fields } };
}

/** A record of every object, so a sync leaves a cursor for each. */
function oneOfEach(crm: MemoryConnector): void {
  crm.records.set('Account', [account('A1', '2026-01-01T00:00:00.000Z')]);
  for (const source of ['Opportunity', 'Case', 'User']) crm.records.set(source, [{ id: `${source}1`, modifiedAt: '2026-01-01T00:00:00.000Z', fields: {} }]);
}

function accountsIn(state: ReturnType<typeof openState>) {
  return state.db.prepare('SELECT crm_id, name, arr, deleted_at IS NOT NULL AS deleted FROM accounts ORDER BY crm_id').all();
}

describe('syncConnector', () => {
  it('pulls every page, then only what changed, with deletes and quarantined records', async () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const crm = new MemoryConnector('mem');
    crm.records.set('Account', [account('A1', '2026-01-01T00:00:00.000Z'), account('A2', '2026-01-01T00:00:00.000Z'), account('A3', '2026-01-02T00:00:00.000Z')]);
    const [first] = await syncConnector(state, crm, mapping, log, { objects: ['accounts'] });
    expect(first).toMatchObject({ pulled: 3, pages: 2, inserted: 3 });

    crm.records.set('Account', [
      account('A1', '2026-01-01T00:00:00.000Z'),
      account('A2', '2026-01-03T00:00:00.000Z', { AnnualRevenue: 2000 }),
      account('A3', '2026-01-03T00:00:00.000Z', { AnnualRevenue: 'n/a' }),
      account('A4', '2026-01-04T00:00:00.000Z'),
    ]);
    crm.deleted.set('Account', [{ id: 'A1', at: '2026-01-05T00:00:00.000Z' }]);
    const [second] = await syncConnector(state, crm, mapping, log, { objects: ['accounts'] });
    expect(second).toMatchObject({ pulled: 3, inserted: 1, updated: 1, deleted: 1, quarantined: 1 });
    expect(accountsIn(state)).toEqual([
      { crm_id: 'A1', name: 'Account A1', arr: 1000, deleted: 1 },
      { crm_id: 'A2', name: 'Account A2', arr: 2000, deleted: 0 },
      { crm_id: 'A3', name: 'Account A3', arr: 1000, deleted: 0 },
      { crm_id: 'A4', name: 'Account A4', arr: 1000, deleted: 0 },
    ]);
    const [third] = await syncConnector(state, crm, mapping, log, { objects: ['accounts'] });
    expect(third).toMatchObject({ pulled: 0, pages: 0 });
    state.close();
  });

  it('counts a record that came back with only a new stamp as unchanged (our own write-back echo)', async () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const crm = new MemoryConnector('mem');
    crm.records.set('Account', [account('A1', '2026-01-01T00:00:00.000Z')]);
    await syncConnector(state, crm, mapping, log, { objects: ['accounts'] });
    crm.records.set('Account', [account('A1', '2026-01-09T00:00:00.000Z')]);
    const [again] = await syncConnector(state, crm, mapping, log, { objects: ['accounts'] });
    expect(again).toMatchObject({ pulled: 1, unchanged: 1, updated: 0 });

    // Our write-back sets score fields; the CRM echoes them in its own formats with a new stamp.
    recordOwnWrites(state, 'mem', [{ crmId: 'A1', outputs: { health_score: 42, scored_at: '2026-01-10T00:00:00.000Z' } }]);
    crm.records.set('Account', [account('A1', '2026-01-10T00:00:01.000Z', { Health_Score__c: '42', Health_Scored_At__c: '2026-01-10T00:00:00.000+0000' })]);
    const [echo] = await syncConnector(state, crm, mapping, log, { objects: ['accounts'] });
    expect(echo).toMatchObject({ pulled: 1, unchanged: 1, updated: 0 });

    // A person changing the score field afterwards is a real change.
    crm.records.set('Account', [account('A1', '2026-01-11T00:00:00.000Z', { Health_Score__c: 90, Health_Scored_At__c: '2026-01-10T00:00:00.000+0000' })]);
    const [edit] = await syncConnector(state, crm, mapping, log, { objects: ['accounts'] });
    expect(edit).toMatchObject({ pulled: 1, updated: 1 });
    state.close();
  });

  it('resumes after a crash from the last committed page, losing and repeating nothing', async () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const crm = new MemoryConnector('mem', 2);
    crm.records.set('Account', Array.from({ length: 9 }, (_, i) => account(`A${i}`, `2026-01-0${1 + Math.floor(i / 3)}T00:00:00.000Z`)));
    crm.failAfterPages = 2;
    await expect(syncConnector(state, crm, mapping, log, { objects: ['accounts'] })).rejects.toThrow('connection lost');
    expect(accountsIn(state)).toHaveLength(4);
    crm.failAfterPages = Number.POSITIVE_INFINITY;
    const [resumed] = await syncConnector(state, crm, mapping, log, { objects: ['accounts'] });
    expect(resumed).toMatchObject({ pulled: 5, inserted: 5, unchanged: 0 });
    expect(accountsIn(state)).toHaveLength(9);
    state.close();
  });

  it('stops between pages when aborted, with the committed pages kept', async () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const crm = new MemoryConnector('mem', 1);
    crm.records.set('Account', [account('A1', '2026-01-01T00:00:00.000Z'), account('A2', '2026-01-02T00:00:00.000Z')]);
    const controller = new AbortController();
    const outcomes = await syncConnector(state, crm, mapping, log, { signal: controller.signal, onPage: () => controller.abort() });
    expect(outcomes).toHaveLength(1);
    expect(accountsIn(state)).toHaveLength(1);
    state.close();
  });

  it('pulls one object at a time on a first sync, and the objects of a stage side by side once every object has a cursor', async () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const crm = new MemoryConnector('mem');
    oneOfEach(crm);
    const events: string[] = [];
    const pull = crm.pull.bind(crm);
    crm.pull = async function* (request) {
      events.push(`start ${request.source}`);
      // A slow CRM: a pull that runs beside another one starts before this one ends.
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield* pull(request);
      events.push(`end ${request.source}`);
    };
    await syncConnector(state, crm, mapping, log);
    expect(events).toEqual(['Account', 'Opportunity', 'Case', 'User'].flatMap((s) => [`start ${s}`, `end ${s}`]));

    events.length = 0;
    const outcomes = await syncConnector(state, crm, mapping, log);
    expect(events).toEqual(['start Account', 'start User', 'end Account', 'end User', 'start Opportunity', 'start Case', 'end Opportunity', 'end Case']);
    expect(outcomes.map((o) => o.object)).toEqual(['accounts', 'opportunities', 'tickets', 'owners']);
    state.close();
  });

  it('throws the failure of a side-by-side pull only once the other pull of its stage has finished', async () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const crm = new MemoryConnector('mem');
    oneOfEach(crm);
    await syncConnector(state, crm, mapping, log);
    crm.records.set('Account', [account('A1', '2026-02-01T00:00:00.000Z', { Name: 'Renamed' })]);
    crm.records.set('User', [{ id: 'User1', modifiedAt: '2026-02-01T00:00:00.000Z', fields: {} }]);
    const pull = crm.pull.bind(crm);
    let userPullFinished = false;
    crm.pull = async function* (request) {
      if (request.source === 'Account') throw new Error('connection lost (simulated)');
      await new Promise((resolve) => setTimeout(resolve, 30));
      yield* pull(request);
      userPullFinished = true;
    };
    await expect(syncConnector(state, crm, mapping, log)).rejects.toThrow('connection lost');
    expect(userPullFinished).toBe(true);
    state.close();
  });
});
