import { afterEach, describe, expect, it } from '@jest/globals';
import { raw, sdkError, startHarness, type Harness } from './fixture.js';

let h: Harness;
afterEach(async () => h?.emulator.close());

const companyIds = async (n: number) => (await h.client.crm.companies.basicApi.getPage(n)).results.map((c) => c.id);

describe('HubSpot emulator: batch endpoints', () => {
  it('rejects 101 inputs with a 400 and writes nothing', async () => {
    h = await startHarness();
    const [id] = await companyIds(1);
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(Number(id) + i), properties: { nps: '1' } }));
    const error = await sdkError(h.client.crm.companies.batchApi.update({ inputs }));
    expect(error.code).toBe(400);
    expect(error.body.category).toBe('VALIDATION_ERROR');
    expect(String(error.body.message)).toContain('maximum number of inputs supported in a batch request is 100');
    expect(h.emulator.store.view('companies', id ?? '')?.properties.nps).toBe('30');
  });

  it('answers a partial failure with 207, per-input errors and the good inputs applied', async () => {
    h = await startHarness();
    const [a, b] = await companyIds(2);
    const reply = await h.client.crm.companies.batchApi.updateWithHttpInfo({
      inputs: [
        { id: a ?? '', properties: { nps: '11' } },
        { id: '18999999999', properties: { nps: '12' } },
        { id: b ?? '', properties: { nps: '13' } },
      ],
    });
    expect(reply.httpStatusCode).toBe(207);
    const body = reply.data as any;
    expect(body.status).toBe('COMPLETE');
    expect(body.results.map((r: { id: string }) => r.id).sort()).toEqual([a, b].sort());
    expect(body.numErrors).toBe(1);
    expect(body.errors[0]).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['18999999999'] } });
    expect(body.errors[0].message).toBe('Could not get some COMPANY objects, they may be deleted or not exist. Check that ids are valid.');
    expect(h.emulator.store.view('companies', b ?? '')?.properties.nps).toBe('13');

    const ok = await h.client.crm.companies.batchApi.updateWithHttpInfo({ inputs: [{ id: a ?? '', properties: { nps: '14' } }] });
    expect(ok.httpStatusCode).toBe(200);
    const read = await h.client.crm.companies.batchApi.readWithHttpInfo({ inputs: [{ id: a ?? '' }, { id: '1' }], properties: ['nps'], propertiesWithHistory: [] });
    expect(read.httpStatusCode).toBe(207);
    expect(read.data.results[0]?.properties.nps).toBe('14');
  });

  it('fails the whole batch on an invalid value or duplicate ids', async () => {
    h = await startHarness();
    const [a, b] = await companyIds(2);
    const invalid = await sdkError(h.client.crm.companies.batchApi.update({ inputs: [{ id: a ?? '', properties: { nps: '5' } }, { id: b ?? '', properties: { vitals_health_band: 'red' } }] }));
    expect(invalid.code).toBe(400);
    expect(String(invalid.body.message)).toContain('PROPERTY_DOESNT_EXIST');
    expect(h.emulator.store.view('companies', a ?? '')?.properties.nps).toBe('30');
    const dup = await raw(h.emulator, 'POST', '/crm/v3/objects/companies/batch/update', { inputs: [{ id: a, properties: { nps: '1' } }, { id: a, properties: { nps: '2' } }] });
    expect(dup.status).toBe(400);
    expect(dup.json.message).toMatch(/^Duplicate IDs found in batch input/);
  });

  it('creates with 201, archives with 204', async () => {
    h = await startHarness();
    const created = await h.client.crm.companies.batchApi.createWithHttpInfo({ inputs: [{ properties: { name: 'A' }, associations: [] }, { properties: { name: 'B' }, associations: [] }] });
    expect(created.httpStatusCode).toBe(201);
    const ids = created.data.results.map((r) => r.id);
    const archived = await h.client.crm.companies.batchApi.archiveWithHttpInfo({ inputs: ids.map((id) => ({ id })) });
    expect(archived.httpStatusCode).toBe(204);
    expect(h.emulator.store.get('companies', ids[0] ?? '')?.archived).toBe(true);
  });

  it('upserts by a unique property: twice the same key creates once; a non-unique idProperty is refused', async () => {
    h = await startHarness();
    await h.client.crm.properties.coreApi.create('companies', { name: 'erp_id', label: 'ERP id', type: 'string' as any, fieldType: 'text' as any, groupName: 'companyinformation', hasUniqueValue: true });
    const upsert = (nps: string) => h.client.crm.companies.batchApi.upsert({ inputs: [{ id: 'ERP-77', idProperty: 'erp_id', properties: { name: 'Acme', nps } }] });
    const first = await upsert('10');
    expect(first.results[0]?.properties).toMatchObject({ erp_id: 'ERP-77', nps: '10' });
    expect(first.results[0]?._new).toBe(true);
    const second = await upsert('11');
    expect(second.results[0]?._new).toBe(false);
    expect(second.results[0]?.id).toBe(first.results[0]?.id);
    expect(h.emulator.store.table('companies').records).toHaveLength(26);

    const nonUnique = await sdkError(h.client.crm.companies.batchApi.upsert({ inputs: [{ id: 'x', idProperty: 'name', properties: { nps: '1' } }] }));
    expect(nonUnique.code).toBe(400);
    expect(nonUnique.body.message).toBe('Unable to perform update/upsert by non-unique 0-2 property name');
    const duplicateKey = await sdkError(h.client.crm.companies.basicApi.create({ properties: { name: 'Other', erp_id: 'ERP-77' }, associations: [] }));
    expect(duplicateKey.code).toBe(409);
  });
});
