import { afterEach, describe, expect, it } from '@jest/globals';
import { AssociationTypes } from '@hubspot/api-client';
import { raw, sdkError, startHarness, type Harness } from './fixture.js';

let h: Harness;
afterEach(async () => h?.emulator.close());

const HUBSPOT_DEFINED = 'HUBSPOT_DEFINED' as any;
const toCompany = (id: string) => [{ to: { id }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: AssociationTypes.taskToCompany }] }];
const taskInput = (i: number, companyId: string) => ({ properties: { hs_timestamp: '2025-06-30T00:00:00Z', hs_task_subject: `Task ${i}` }, associations: toCompany(companyId) });
const companyIds = async (n: number) => (await h.client.crm.companies.basicApi.getPage(n)).results.map((c) => c.id);

/** The calls the task path makes: create with inline associations, read back by id, find a company's tasks, archive. */
describe('HubSpot emulator: the task path', () => {
  it('batch creates up to 100 tasks with inline associations (201) and refuses 101 or a wrong association type', async () => {
    h = await startHarness();
    const [company] = await companyIds(1);
    const created = await h.client.crm.objects.tasks.batchApi.createWithHttpInfo({ inputs: Array.from({ length: 100 }, (_, i) => taskInput(i, company ?? '')) });
    expect(created.httpStatusCode).toBe(201);
    expect(created.data.results).toHaveLength(100);
    const tooMany = await sdkError(h.client.crm.objects.tasks.batchApi.create({ inputs: Array.from({ length: 101 }, (_, i) => taskInput(i, company ?? '')) }));
    expect([tooMany.code, tooMany.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    expect(String(tooMany.body.message)).toContain('The maximum number of inputs supported in a batch request is 100. You provided 101.');
    const wrongType = await raw(h.emulator, 'POST', '/crm/v3/objects/tasks/batch/create', {
      inputs: [{ properties: { hs_timestamp: '2025-06-30T00:00:00Z' }, associations: [{ to: { id: company }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 341 }] }] }],
    });
    expect(wrongType.status).toBe(400);
    expect(h.emulator.store.table('tasks').records).toHaveLength(100);
  });

  it('batch reads tasks by id with hs_createdate and hs_object_id; unknown ids are a 207', async () => {
    h = await startHarness();
    const [company] = await companyIds(1);
    const created = await h.client.crm.objects.tasks.batchApi.create({ inputs: [taskInput(0, company ?? ''), taskInput(1, company ?? '')] });
    const ids = created.results.map((t) => t.id);
    const read = await h.client.crm.objects.tasks.batchApi.readWithHttpInfo({ inputs: ids.map((id) => ({ id })), properties: ['hs_createdate', 'hs_object_id', 'hs_task_subject'], propertiesWithHistory: [] });
    expect(read.httpStatusCode).toBe(200);
    for (const task of read.data.results) {
      expect(task.properties).toMatchObject({ hs_object_id: task.id, hs_createdate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/), hs_task_subject: expect.stringMatching(/^Task /) });
      expect(task.properties.hs_createdate).toBe(task.createdAt.toISOString());
    }
    const partial = await h.client.crm.objects.tasks.batchApi.readWithHttpInfo({ inputs: [{ id: ids[0] ?? '' }, { id: '61999999999' }], properties: ['hs_object_id'], propertiesWithHistory: [] });
    expect(partial.httpStatusCode).toBe(207);
    const tooMany = await sdkError(h.client.crm.objects.tasks.batchApi.read({ inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(61_000_000_001 + i) })), properties: [], propertiesWithHistory: [] }));
    expect(tooMany.code).toBe(400);
  });

  it("reads each company's tasks through v4 batch read, paging per input with `after`", async () => {
    h = await startHarness({ associationPageSize: 2 });
    const [busy, quiet, none] = await companyIds(3);
    await h.client.crm.objects.tasks.batchApi.create({ inputs: [0, 1, 2, 3, 4].map((i) => taskInput(i, busy ?? '')) });
    await h.client.crm.objects.tasks.batchApi.create({ inputs: [taskInput(5, quiet ?? '')] });

    const first = await h.client.crm.associations.v4.batchApi.getPageWithHttpInfo('companies', 'tasks', { inputs: [{ id: busy ?? '' }, { id: quiet ?? '' }, { id: none ?? '' }] });
    expect(first.httpStatusCode).toBe(207);
    const byCompany = new Map(first.data.results.map((r) => [r._from.id, r]));
    expect(byCompany.get(busy ?? '')?.to).toHaveLength(2);
    expect(byCompany.get(busy ?? '')?.to[0]?.associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 191, label: null }]);
    expect(byCompany.get(quiet ?? '')?.to).toHaveLength(1);
    expect(byCompany.get(quiet ?? '')?.paging).toBeUndefined();
    expect((first.data as any).errors[0].context).toEqual({ fromObjectId: [none] });

    const seen = (byCompany.get(busy ?? '')?.to ?? []).map((t) => t.toObjectId);
    let after = byCompany.get(busy ?? '')?.paging?.next?.after;
    while (after) {
      const next = await h.client.crm.associations.v4.batchApi.getPage('companies', 'tasks', { inputs: [{ id: busy ?? '', after }] });
      seen.push(...(next.results[0]?.to ?? []).map((t) => t.toObjectId));
      after = next.results[0]?.paging?.next?.after;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('takes at most 1,000 inputs in one associations batch read (v4 and v3)', async () => {
    h = await startHarness();
    const inputs = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(18_000_000_001 + i) }));
    const ok = await raw(h.emulator, 'POST', '/crm/v4/associations/companies/tasks/batch/read', { inputs: inputs(1000) });
    expect(ok.status).toBe(207);
    for (const version of ['v4', 'v3']) {
      const refused = await raw(h.emulator, 'POST', `/crm/${version}/associations/companies/tasks/batch/read`, { inputs: inputs(1001) });
      expect([version, refused.status, refused.json.category]).toEqual([version, 400, 'VALIDATION_ERROR']);
      expect(refused.json.message).toContain('is 1000. You provided 1001.');
    }
  });

  it('batch archives up to 100 tasks with 204 and refuses 101', async () => {
    h = await startHarness();
    const [company] = await companyIds(1);
    const created = await h.client.crm.objects.tasks.batchApi.create({ inputs: Array.from({ length: 100 }, (_, i) => taskInput(i, company ?? '')) });
    const tooMany = await sdkError(h.client.crm.objects.tasks.batchApi.archive({ inputs: [...created.results.map((t) => ({ id: t.id })), { id: '61999999999' }] }));
    expect(tooMany.code).toBe(400);
    expect(h.emulator.store.table('tasks').records.every((t) => !t.archived)).toBe(true);
    const archived = await h.client.crm.objects.tasks.batchApi.archiveWithHttpInfo({ inputs: created.results.map((t) => ({ id: t.id })) });
    expect(archived.httpStatusCode).toBe(204);
    expect(h.emulator.store.table('tasks').records.every((t) => t.archived)).toBe(true);
    const links = await raw(h.emulator, 'POST', '/crm/v4/associations/companies/tasks/batch/read', { inputs: [{ id: company }] });
    expect(links.json.results).toEqual([]);
  });
});
