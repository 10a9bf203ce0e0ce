import { afterEach, describe, expect, it } from '@jest/globals';
import { BOOK_PIPELINE_ID, dealStageFor } from '../../../emulators/hubspot/bookPipeline.js';
import { raw, sdkError, startHarness, type Harness } from './fixture.js';

let h: Harness;
afterEach(async () => h?.emulator.close());

describe('HubSpot emulator: objects through @hubspot/api-client', () => {
  it('pages companies with requested properties, inline associations and opaque cursors', async () => {
    h = await startHarness();
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await h.client.crm.companies.basicApi.getPage(10, after, ['name', 'segment', 'annualrevenue', 'nope'], undefined, ['deals', 'tickets']);
      pages++;
      for (const company of page.results) {
        seen.push(company.id);
        expect(Object.keys(company.properties).sort()).toEqual(['annualrevenue', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'segment']);
        expect(company.properties.hs_object_id).toBe(company.id);
        expect(company.updatedAt).toBeInstanceOf(Date);
        const dealLinks = company.associations?.deals?.results ?? [];
        // Two deals, each primary: listed once labelled and once unlabeled.
        expect(dealLinks.map((l) => l.type).sort()).toEqual(['company_to_deal', 'company_to_deal', 'company_to_deal_unlabeled', 'company_to_deal_unlabeled']);
      }
      after = page.paging?.next?.after;
      if (after) {
        expect(after).not.toMatch(/^\d+$/);
        expect(page.paging?.next?.link).toContain(`${h.emulator.url}/crm/v3/objects/companies?after=`);
      }
    } while (after);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual([...seen].sort());
    const all = await h.client.crm.companies.getAll(100, undefined, ['name']);
    expect(all).toHaveLength(25);
  });

  it('maps the book onto HubSpot properties and pipeline stages', async () => {
    h = await startHarness();
    const page = await h.client.crm.deals.basicApi.getPage(2, undefined, ['dealname', 'dealstage', 'pipeline', 'amount', 'dealtype', 'deal_kind', 'hs_is_closed', 'hs_is_closed_won', 'hs_deal_stage_probability', 'closedate'], undefined, ['companies']);
    const [won, open] = page.results;
    const stage = (name: string, isClosed: boolean, isWon: boolean) => dealStageFor({ stage: name, isClosed, isWon, probability: 0 });
    expect(won?.properties).toMatchObject({ dealstage: stage('Closed Won', true, true), pipeline: BOOK_PIPELINE_ID, amount: '500', dealtype: 'renewal', deal_kind: 'renewal', hs_is_closed: 'true', hs_is_closed_won: 'true', closedate: '2025-01-15T00:00:00.000Z' });
    expect(open?.properties).toMatchObject({ dealstage: stage('Value Proposition', false, false), deal_kind: 'expansion', hs_is_closed: 'false', hs_is_closed_won: 'false', hs_deal_stage_probability: '0.5' });
    expect(won?.associations?.companies?.results.map((r) => r.type).sort()).toEqual(['deal_to_company', 'deal_to_company_unlabeled']);
    const company = h.emulator.store.view('companies', won?.associations?.companies?.results[0]?.id ?? '');
    expect(company?.properties).toMatchObject({ name: 'Account 000', segment: 'SMB', industry: 'COMPUTER_SOFTWARE', annualrevenue: '1000', renewal_date: '2025-06-30', numberofemployees: '10' });
    const tickets = await h.client.crm.tickets.basicApi.getPage(2, undefined, ['hs_pipeline_stage', 'hs_ticket_priority', 'csat', 'closed_date', 'hs_is_closed']);
    // Tickets have no closed flag among their properties (the stage's ticketState says it), so it is not returned.
    expect(tickets.results[0]?.properties).toMatchObject({ hs_pipeline_stage: '4', hs_ticket_priority: 'HIGH', csat: '4' });
    expect(tickets.results[0]?.properties).not.toHaveProperty('hs_is_closed');
    expect(tickets.results[1]?.properties).toMatchObject({ hs_pipeline_stage: '3', hs_ticket_priority: 'URGENT', csat: null, closed_date: null });
  });

  it('lists only archived records with archived=true, and 404s an archived get', async () => {
    h = await startHarness();
    const first = (await h.client.crm.companies.basicApi.getPage(3)).results;
    await h.client.crm.companies.basicApi.archive(first[1]?.id ?? '');
    const archived = await h.client.crm.companies.basicApi.getPage(100, undefined, undefined, undefined, undefined, true);
    expect(archived.results.map((c) => c.id)).toEqual([first[1]?.id]);
    expect(archived.results[0]?.archived).toBe(true);
    expect(archived.results[0]?.archivedAt).toBeInstanceOf(Date);
    const live = await h.client.crm.companies.getAll(100);
    expect(live).toHaveLength(24);
    const missing = await sdkError(h.client.crm.companies.basicApi.getById(first[1]?.id ?? ''));
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Object not found.  objectId are usually numeric.' });
    expect(missing.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(missing.headers['x-hubspot-correlation-id']).toBe(missing.body.correlationId);
  });

  it('creates and updates with validation, bumping hs_lastmodifieddate', async () => {
    h = await startHarness();
    const created = await h.client.crm.companies.basicApi.create({ properties: { name: 'New Co', segment: 'Enterprise', annualrevenue: '25000.50' }, associations: [] });
    expect(created.properties).toMatchObject({ name: 'New Co', segment: 'Enterprise', annualrevenue: '25000.5' });
    h.emulator.store.clock.pin('2030-01-01T00:00:00.000Z');
    const updated = await h.client.crm.companies.basicApi.update(created.id, { properties: { nps: '40' } });
    expect(updated.properties.hs_lastmodifieddate).toBe('2030-01-01T00:00:00.000Z');
    expect(updated.properties.nps).toBe('40');

    const unknown = await sdkError(h.client.crm.companies.basicApi.update(created.id, { properties: { vitals_health_score: '42' } }));
    expect(unknown.code).toBe(400);
    expect(unknown.body.category).toBe('VALIDATION_ERROR');
    expect(String(unknown.body.message)).toMatch(/^Property values were not valid: \[\{"isValid":false,"message":"Property \\"vitals_health_score\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"vitals_health_score"/);

    const bad = await raw(h.emulator, 'PATCH', `/crm/v3/objects/companies/${created.id}`, { properties: { nps: 'lots', segment: 'Huge', renewal_date: '1718000000001' } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { code: string }) => e.code).sort()).toEqual(['INVALID_DATE', 'INVALID_INTEGER', 'INVALID_OPTION']);
    expect(bad.headers.get('x-hubspot-ratelimit-max')).toBe('100');

    const readOnly = await raw(h.emulator, 'PATCH', `/crm/v3/objects/companies/${created.id}`, { properties: { hs_lastmodifieddate: '2020-01-01' } });
    expect(readOnly.json.errors[0].code).toBe('READ_ONLY_VALUE');
    const deal = await sdkError(h.client.crm.deals.basicApi.create({ properties: { dealname: 'x', dealstage: 'nope' }, associations: [] }));
    expect(String(deal.body.message)).toContain('nope was not one of the allowed options');
  });

  it('lets tests edit records like a person, or set system values with asSystem', async () => {
    h = await startHarness();
    const { store } = h.emulator;
    const id = (await h.client.crm.companies.basicApi.getPage(1)).results[0]?.id ?? '';
    expect(() => store.update('companies', id, { notes_last_updated: '2025-02-01T00:00:00Z' })).toThrow(/read only/);
    store.clock.pin(Date.parse('2030-06-01T00:00:00Z'));
    store.update('companies', id, { notes_last_updated: '2025-02-01T00:00:00Z' }, { asSystem: true });
    store.clock.unpin();
    const company = await h.client.crm.companies.basicApi.getById(id, ['notes_last_updated']);
    expect(company.properties).toMatchObject({ notes_last_updated: '2025-02-01T00:00:00.000Z', hs_lastmodifieddate: '2030-06-01T00:00:00.000Z' });
    expect(store.clock.now()).toBeGreaterThanOrEqual(Date.parse('2030-06-01T00:00:00Z'));
  });

  it('rejects a missing or wrong bearer token with the real 401 body', async () => {
    h = await startHarness();
    const res = await raw(h.emulator, 'GET', '/crm/v3/objects/deals', undefined, 'wrong');
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    expect(res.json.message).toMatch(/^Authentication credentials not found/);
    expect(res.headers.get('content-type')).toBe('application/json;charset=utf-8');
    const type = await raw(h.emulator, 'GET', '/crm/v3/objects/widgets');
    expect(type.json.message).toBe('Unable to infer object type from: widgets');
  });
});
