import { afterEach, describe, expect, it } from '@jest/globals';
import { raw, sdkError, startHarness, type Harness } from './fixture.js';

let h: Harness;
afterEach(async () => h?.emulator.close());

const keyProperty = (name: string, groupName: string, hasUniqueValue = true) => ({ name, label: name, type: 'string' as any, fieldType: 'text' as any, groupName, hasUniqueValue });

/**
 * Unique-value properties: HubSpot offers them on companies, deals, tickets, contacts and custom
 * objects, at most ten per object, never on activities (tasks, calls, emails, meetings, notes).
 */
describe('HubSpot emulator: unique-value properties', () => {
  it('refuses hasUniqueValue on tasks by name and by type id, through the SDK and in batch create', async () => {
    h = await startHarness();
    for (const type of ['tasks', '0-27']) {
      const refused = await sdkError(h.client.crm.properties.coreApi.create(type, keyProperty('vitals_key', 'task')));
      expect(refused.code).toBe(400);
      expect(refused.body.category).toBe('VALIDATION_ERROR');
      expect(String(refused.body.message)).toContain('Unique value properties are not supported for object type 0-27');
    }
    const batch = await raw(h.emulator, 'POST', '/crm/v3/properties/tasks/batch/create', { inputs: [keyProperty('vitals_key', 'task'), keyProperty('vitals_note', 'task', false)] });
    expect(batch.status).toBe(207);
    expect(batch.json.results.map((p: { name: string }) => p.name)).toEqual(['vitals_note']);
    expect(batch.json.errors[0]).toMatchObject({ category: 'VALIDATION_ERROR', context: { name: ['vitals_key'] } });
    expect(h.emulator.store.properties.get('tasks', 'vitals_key')).toBeUndefined();
    // A plain text key on tasks is fine.
    const plain = await h.client.crm.properties.coreApi.create('tasks', keyProperty('vitals_key', 'task', false));
    expect(plain.hasUniqueValue).toBe(false);
  });

  it('refuses hasUniqueValue on calls, emails, meetings and notes by name and by type id', async () => {
    h = await startHarness();
    const refs: [string, string][] = [['calls', '0-48'], ['0-48', '0-48'], ['emails', '0-49'], ['0-49', '0-49'], ['meetings', '0-47'], ['0-47', '0-47'], ['notes', '0-46'], ['0-46', '0-46']];
    for (const [ref, typeId] of refs) {
      const refused = await raw(h.emulator, 'POST', `/crm/v3/properties/${ref}`, keyProperty('vitals_key', 'engagement'));
      expect([ref, refused.status, refused.json.category]).toEqual([ref, 400, 'VALIDATION_ERROR']);
      expect(refused.json.message).toContain(`object type ${typeId}`);
    }
    const batch = await raw(h.emulator, 'POST', '/crm/v3/properties/notes/batch/create', { inputs: [keyProperty('vitals_key', 'engagement')] });
    expect(batch.status).toBe(400);
    expect(batch.json.message).toContain('object type 0-46');
  });

  it('seeds no unique property on tasks: nothing a task could be looked up or upserted by', async () => {
    h = await startHarness();
    const tasks = await h.client.crm.properties.coreApi.getAll('tasks');
    expect(tasks.results.filter((p) => p.hasUniqueValue)).toEqual([]);
    expect(tasks.results.some((p) => p.name === 'vitals_key')).toBe(false);
  });

  it('allows at most ten unique-value properties per object', async () => {
    h = await startHarness();
    for (let i = 0; i < 10; i++) await h.client.crm.properties.coreApi.create('companies', keyProperty(`erp_id_${i}`, 'companyinformation'));
    const eleventh = await sdkError(h.client.crm.properties.coreApi.create('companies', keyProperty('erp_id_10', 'companyinformation')));
    expect(eleventh.code).toBe(400);
    expect(String(eleventh.body.message)).toContain('the maximum is 10');
    // The limit is per object, and only unique properties count.
    await h.client.crm.properties.coreApi.create('companies', keyProperty('erp_note', 'companyinformation', false));
    await h.client.crm.properties.coreApi.create('deals', keyProperty('erp_id_0', 'dealinformation'));
  });

  it('refuses batch read, batch update, batch upsert and GET by a non-unique idProperty', async () => {
    h = await startHarness();
    await h.client.crm.properties.coreApi.create('tasks', keyProperty('vitals_key', 'task', false));
    const task = h.emulator.store.create('tasks', { hs_timestamp: '2025-06-30T00:00:00Z', vitals_key: 'k1' });
    const read = await raw(h.emulator, 'POST', '/crm/v3/objects/tasks/batch/read', { idProperty: 'vitals_key', inputs: [{ id: 'k1' }], properties: [] });
    expect([read.status, read.json.message]).toEqual([400, 'Unable to perform lookup by non-unique 0-27 property vitals_key']);
    const get = await raw(h.emulator, 'GET', '/crm/v3/objects/tasks/k1?idProperty=vitals_key');
    expect([get.status, get.json.message]).toEqual([400, 'Unable to perform lookup by non-unique 0-27 property vitals_key']);
    const update = await raw(h.emulator, 'POST', '/crm/v3/objects/tasks/batch/update', { inputs: [{ id: 'k1', idProperty: 'vitals_key', properties: { hs_task_subject: 'x' } }] });
    expect([update.status, update.json.message]).toEqual([400, 'Unable to perform update/upsert by non-unique 0-27 property vitals_key']);
    const patch = await raw(h.emulator, 'PATCH', '/crm/v3/objects/tasks/k1?idProperty=vitals_key', { properties: { hs_task_subject: 'x' } });
    expect([patch.status, patch.json.message]).toEqual([400, 'Unable to perform update/upsert by non-unique 0-27 property vitals_key']);
    const upsert = await raw(h.emulator, 'POST', '/crm/v3/objects/tasks/batch/upsert', { inputs: [{ id: 'k2', idProperty: 'vitals_key', properties: { hs_timestamp: '2025-06-30T00:00:00Z' } }] });
    expect([upsert.status, upsert.json.category, upsert.json.message]).toEqual([400, 'VALIDATION_ERROR', 'Unable to perform update/upsert by non-unique 0-27 property vitals_key']);
    expect(h.emulator.store.table('tasks').records).toHaveLength(1);
    expect(h.emulator.store.view('tasks', task.id)?.properties.hs_task_subject).toBeUndefined();
  });
});
