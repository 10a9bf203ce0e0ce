import { afterEach, describe, expect, it } from '@jest/globals';
import { AssociationTypes } from '@hubspot/api-client';
import { raw, sdkError, startHarness, type Harness } from './fixture.js';

let h: Harness;
afterEach(async () => h?.emulator.close());

const HUBSPOT_DEFINED = 'HUBSPOT_DEFINED' as any;

describe('HubSpot emulator: tasks and associations', () => {
  it('creates a task associated to a company with type 192 and reads it back through v4', async () => {
    h = await startHarness();
    const companyId = (await h.client.crm.companies.basicApi.getPage(1)).results[0]?.id ?? '';
    const task = await h.client.crm.objects.tasks.basicApi.create({
      properties: {
        hs_timestamp: '2025-06-30T00:00:00Z',
        hs_task_subject: 'Renewal at risk',
        hs_task_body: 'Health dropped to 31',
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'TODO',
        hubspot_owner_id: '71000001',
      },
      associations: [{ to: { id: companyId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: AssociationTypes.taskToCompany }] }],
    });
    expect(task.properties).toMatchObject({ hs_timestamp: '2025-06-30T00:00:00.000Z', hs_task_status: 'NOT_STARTED' });
    expect(task.properties.hs_createdate).toBeDefined();

    const links = await h.client.crm.associations.v4.basicApi.getPage('tasks', task.id, 'companies');
    expect(links.results).toEqual([{ toObjectId: Number(companyId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 192, label: null }] }]);
    expect(typeof links.results[0]?.toObjectId).toBe('number');
    const back = await h.client.crm.associations.v4.basicApi.getPage('companies', companyId, 'tasks');
    expect(back.results[0]?.associationTypes[0]?.typeId).toBe(191);
    const inline = await h.client.crm.objects.tasks.basicApi.getById(task.id, ['hs_task_subject'], undefined, ['companies']);
    expect(inline.associations?.companies?.results).toEqual([{ id: companyId, type: 'task_to_company' }]);
  });

  it('validates task creation: hs_timestamp required, active owner, existing association target', async () => {
    h = await startHarness();
    const noDue = await sdkError(h.client.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: 'x' }, associations: [] }));
    expect(noDue.code).toBe(400);
    expect(String(noDue.body.message)).toContain('hs_timestamp');
    const inactive = await sdkError(h.client.crm.objects.tasks.basicApi.create({ properties: { hs_timestamp: '1750000000000', hubspot_owner_id: '71000003' }, associations: [] }));
    expect(String(inactive.body.message)).toContain('INVALID_OPTION');
    const dangling = await sdkError(
      h.client.crm.objects.tasks.basicApi.create({
        properties: { hs_timestamp: '1750000000000' },
        associations: [{ to: { id: '18999999999' }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: 192 }] }],
      }),
    );
    expect(dangling.code).toBe(400);
    const wrongType = await sdkError(
      h.client.crm.objects.tasks.basicApi.create({
        properties: { hs_timestamp: '1750000000000' },
        associations: [{ to: { id: '18000000001' }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: 341 }] }],
      }),
    );
    expect(wrongType.code).toBe(400);
  });

  it('reports deal → company as primary (5) plus unlabeled (341), and moves the primary', async () => {
    h = await startHarness();
    const [deal] = (await h.client.crm.deals.basicApi.getPage(1)).results;
    const dealId = deal?.id ?? '';
    const links = await h.client.crm.associations.v4.basicApi.getPage('deals', dealId, 'companies');
    expect(links.results[0]?.associationTypes).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' },
      { category: 'HUBSPOT_DEFINED', typeId: 341, label: null },
    ]);
    const firstCompany = String(links.results[0]?.toObjectId);
    const other = (await h.client.crm.companies.basicApi.getPage(3)).results[2]?.id ?? '';
    const created = await raw(h.emulator, 'PUT', `/crm/v4/objects/deals/${dealId}/associations/companies/${other}`, [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }]);
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ fromObjectTypeId: '0-3', fromObjectId: Number(dealId), toObjectTypeId: '0-2', toObjectId: Number(other), labels: ['Primary'] });
    const after = await h.client.crm.associations.v4.basicApi.getPage('deals', dealId, 'companies');
    const types = Object.fromEntries(after.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId)]));
    expect(types).toEqual({ [firstCompany]: [341], [other]: [5, 341] });

    await h.client.crm.associations.v4.basicApi.archive('deals', dealId, 'companies', other);
    expect((await h.client.crm.associations.v4.basicApi.getPage('deals', dealId, 'companies')).results).toHaveLength(1);
    const def = await h.client.crm.associations.v4.basicApi.createDefault('tickets', '37000000001', 'deals', dealId);
    expect(def.results[0]?.associationSpec.associationTypeId).toBe(28);
  });

  it('batch reads associations in v4 (numeric ids) and v3 (named types), 207 for ids without any', async () => {
    h = await startHarness();
    const deals = (await h.client.crm.deals.basicApi.getPage(2)).results.map((d) => d.id);
    const v4 = await h.client.crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: deals.map((id) => ({ id })) });
    expect(v4.results).toHaveLength(2);
    expect(typeof v4.results[0]?.to[0]?.toObjectId).toBe('number');
    const partial = await raw(h.emulator, 'POST', '/crm/v4/associations/deals/tasks/batch/read', { inputs: [{ id: deals[0] }] });
    expect(partial.status).toBe(207);
    expect(partial.json.numErrors).toBe(1);
    const v3 = await h.client.crm.associations.batchApi.read('deals', 'companies', { inputs: deals.map((id) => ({ id })) });
    expect(v3.results[0]?.to[0]?.type).toBe('deal_to_company_unlabeled');
  });
});
