import { afterEach, describe, expect, it } from '@jest/globals';
import { raw, sdkError, startHarness, type Harness } from './fixture.js';

let h: Harness;
afterEach(async () => h?.emulator.close());

const property = (name: string, type: string, fieldType: string, extra: Record<string, unknown> = {}) => ({ name, label: name, type, fieldType, groupName: 'companyinformation', ...extra });

/** Property definitions and record creates that HubSpot's guides say it refuses. */
describe('HubSpot emulator: property and create rules', () => {
  it('accepts exactly the type/fieldType pairs of the Properties API guide', async () => {
    h = await startHarness();
    const status = async (type: string, fieldType: string, extra: Record<string, unknown> = {}) =>
      (await raw(h.emulator, 'POST', '/crm/v3/properties/companies', property(`p_${type}_${fieldType}`, type, fieldType, extra))).status;
    const options = { options: [{ label: 'A', value: 'a' }] };
    expect(await status('string', 'calculation_equation')).toBe(201);
    expect(await status('string', 'html')).toBe(201);
    expect(await status('number', 'calculation_equation')).toBe(201);
    expect(await status('enumeration', 'radio', options)).toBe(201);
    expect(await status('bool', 'booleancheckbox')).toBe(201);
    expect(await status('datetime', 'date')).toBe(201);
    expect(await status('string', 'number')).toBe(400);
    expect(await status('number', 'text')).toBe(400);
    expect(await status('bool', 'select')).toBe(400);
    expect(await status('date', 'text')).toBe(400);
    expect(await status('json', 'text')).toBe(400);
    expect(await status('object_coordinates', 'text')).toBe(400);
  });

  it('refuses enumerations without options, names beyond 100 characters, and missing required fields', async () => {
    h = await startHarness();
    const noOptions = await sdkError(h.client.crm.properties.coreApi.create('companies', property('tier', 'enumeration', 'select') as any));
    expect([noOptions.code, noOptions.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    const longName = await raw(h.emulator, 'POST', '/crm/v3/properties/companies', property('n'.repeat(101), 'string', 'text'));
    expect(longName.status).toBe(400);
    expect(longName.json.message).toContain('at most 100 characters');
    expect((await raw(h.emulator, 'POST', '/crm/v3/properties/companies', property('n'.repeat(100), 'string', 'text'))).status).toBe(201);
    const noLabel = await raw(h.emulator, 'POST', '/crm/v3/properties/companies', { name: 'x', type: 'string', fieldType: 'text', groupName: 'companyinformation' });
    expect(noLabel.status).toBe(400);
  });

  it('requires the documented properties when a record is created through the API', async () => {
    h = await startHarness();
    const create = (type: string, properties: Record<string, string>) => raw(h.emulator, 'POST', `/crm/v3/objects/${type}`, { properties });
    const missing = async (type: string, properties: Record<string, string>) => {
      const res = await create(type, properties);
      expect([type, res.status]).toEqual([type, 400]);
      return res.json.errors.filter((e: { code: string }) => e.code === 'REQUIRED_PROPERTY').map((e: { context: { propertyName: string[] } }) => e.context.propertyName[0]);
    };
    expect(await missing('companies', { industry: 'COMPUTER_SOFTWARE' })).toEqual(['domain']);
    expect((await create('companies', { domain: 'acme.example.com' })).status).toBe(201);
    expect(await missing('deals', { amount: '10' })).toEqual(['dealname', 'dealstage', 'pipeline']);
    expect((await create('deals', { dealname: 'D', dealstage: 'appointmentscheduled', pipeline: 'default' })).status).toBe(201);
    expect(await missing('tickets', { hs_pipeline_stage: '1' })).toEqual(['subject', 'hs_pipeline']);
    expect((await create('tickets', { subject: 'T', hs_pipeline_stage: '1', hs_pipeline: '0' })).status).toBe(201);
    expect(await missing('tasks', { hs_task_subject: 'x' })).toEqual(['hs_timestamp']);
    const batch = await raw(h.emulator, 'POST', '/crm/v3/objects/deals/batch/create', { inputs: [{ properties: { dealname: 'ok', dealstage: 'appointmentscheduled', pipeline: 'default' } }, { properties: { dealname: 'no stage' } }] });
    expect(batch.status).toBe(400);
    // A person creating a deal in HubSpot gets the default pipeline filled in.
    expect(h.emulator.store.create('deals', { dealname: 'By hand', dealstage: 'appointmentscheduled' }).props.pipeline).toBe('default');
  });

  it('refuses duplicate ids in one batch update or upsert as a whole, naming them in context.ids', async () => {
    h = await startHarness();
    const [a] = (await h.client.crm.companies.basicApi.getPage(1)).results.map((c) => c.id);
    const dup = await raw(h.emulator, 'POST', '/crm/v3/objects/companies/batch/update', { inputs: [{ id: a, properties: { nps: '1' } }, { id: a, properties: { nps: '2' } }] });
    expect(dup.status).toBe(400);
    expect(dup.json).toMatchObject({ category: 'VALIDATION_ERROR', message: `Duplicate IDs found in batch input: [${a}]. IDs must be unique`, context: { ids: [a] } });
    expect(h.emulator.store.view('companies', a ?? '')?.properties.nps).toBe('30');
    const upsert = await raw(h.emulator, 'POST', '/crm/v3/objects/companies/batch/upsert', { inputs: [{ id: 'k', idProperty: 'domain', properties: {} }, { id: 'k', idProperty: 'domain', properties: {} }] });
    expect([upsert.status, upsert.json.context]).toEqual([400, { ids: ['k'] }]);
  });

  it('refuses a search query longer than 3,000 characters and paging past the 10,000th result', async () => {
    h = await startHarness({ searchPerSecond: 1000 });
    const search = (body: Record<string, unknown>) => raw(h.emulator, 'POST', '/crm/v3/objects/companies/search', body);
    expect((await search({ query: 'a'.repeat(3000) })).status).toBe(200);
    expect((await search({ query: 'a'.repeat(3001) })).status).toBe(400);
    expect((await search({ after: '9900', limit: 100 })).status).toBe(200);
    const beyond = await search({ after: '9901', limit: 100 });
    expect([beyond.status, beyond.json.category]).toEqual([400, 'VALIDATION_ERROR']);
  });
});
