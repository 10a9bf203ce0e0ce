import { afterEach, describe, expect, it } from '@jest/globals';
import { BOOK_PIPELINE_ID } from '../../../emulators/hubspot/bookPipeline.js';
import { sdkError, startHarness, type Harness } from './fixture.js';

let h: Harness;
afterEach(async () => h?.emulator.close());

describe('HubSpot emulator: properties, owners, pipelines', () => {
  it('has no vitals properties until created; created ones are visible and writable; duplicates 409', async () => {
    h = await startHarness();
    const before = await h.client.crm.properties.coreApi.getAll('companies');
    expect(before.results.some((p) => p.name.startsWith('vitals_'))).toBe(false);
    expect(before.results.find((p) => p.name === 'segment')?.options.map((o) => o.value)).toEqual(['SMB', 'Mid-Market', 'Enterprise']);

    const group = await h.client.crm.properties.groupsApi.create('companies', { name: 'vitals', label: 'Customer health', displayOrder: -1 });
    expect(group.name).toBe('vitals');
    const created = await h.client.crm.properties.coreApi.create('companies', {
      name: 'vitals_health_score',
      label: 'Health score',
      type: 'number' as any,
      fieldType: 'number' as any,
      groupName: 'vitals',
    });
    expect(created).toMatchObject({ name: 'vitals_health_score', type: 'number', hubspotDefined: false, hasUniqueValue: false });
    expect(created.createdAt).toBeInstanceOf(Date);
    const fetched = await h.client.crm.properties.coreApi.getByName('companies', 'vitals_health_score');
    expect(fetched.groupName).toBe('vitals');

    const companyId = (await h.client.crm.companies.basicApi.getPage(1)).results[0]?.id ?? '';
    const updated = await h.client.crm.companies.basicApi.update(companyId, { properties: { vitals_health_score: '42' } });
    expect(updated.properties.vitals_health_score).toBe('42');

    const duplicate = await sdkError(h.client.crm.properties.coreApi.create('companies', { name: 'vitals_health_score', label: 'Again', type: 'number' as any, fieldType: 'number' as any, groupName: 'vitals' }));
    expect(duplicate.code).toBe(409);
    expect(duplicate.body.category).toBe('OBJECT_ALREADY_EXISTS');
    const badGroup = await sdkError(h.client.crm.properties.coreApi.create('companies', { name: 'vitals_x', label: 'X', type: 'string' as any, fieldType: 'text' as any, groupName: 'nope' }));
    expect(badGroup.code).toBe(400);
    const missing = await sdkError(h.client.crm.properties.coreApi.getByName('companies', 'vitals_health_band'));
    expect(missing.code).toBe(404);
    const groups = await h.client.crm.properties.groupsApi.getAll('companies');
    expect(groups.results.map((g) => g.name)).toEqual(['companyinformation', 'vitals']);
  });

  it('lists owners with paging, inactive ones only with archived=true', async () => {
    h = await startHarness();
    const first = await h.client.crm.owners.ownersApi.getPage(undefined, undefined, 1);
    expect(first.results[0]).toMatchObject({ id: '71000001', email: 'ada@example.com', firstName: 'Ada', archived: false, type: 'PERSON' });
    const second = await h.client.crm.owners.ownersApi.getPage(undefined, first.paging?.next?.after, 1);
    expect(second.results[0]?.id).toBe('71000002');
    expect(second.paging).toBeUndefined();
    const archived = await h.client.crm.owners.ownersApi.getPage(undefined, undefined, 100, true);
    expect(archived.results.map((o) => o.email)).toEqual(['alan@example.com']);
    const byId = await h.client.crm.owners.ownersApi.getById(71000002);
    expect(byId.lastName).toBe('Hopper');
  });

  it('serves the default deal and ticket pipelines with string metadata', async () => {
    h = await startHarness();
    const deals = await h.client.crm.pipelines.pipelinesApi.getAll('deals');
    const stages = deals.results[0]?.stages ?? [];
    expect(deals.results[0]?.id).toBe('default');
    expect(stages.map((s) => s.id)).toEqual(['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost']);
    expect(stages.find((s) => s.id === 'closedwon')?.metadata).toEqual({ isClosed: 'true', probability: '1.0' });
    expect(deals.results[0]?.createdAt.getTime()).toBe(0);
    // The book's deals sit in the portal's own pipeline, one stage per book stage; HubSpot takes
    // stage probabilities in steps of 0.1, so Proposal/Price Quote (75%) is 0.8.
    const book = deals.results.find((p) => p.id === BOOK_PIPELINE_ID);
    expect(book?.stages.map((s) => [s.label, s.metadata?.probability, s.metadata?.isClosed])).toEqual([
      ['Prospecting', '0.1', 'false'],
      ['Qualification', '0.1', 'false'],
      ['Needs Analysis', '0.2', 'false'],
      ['Value Proposition', '0.5', 'false'],
      ['Id. Decision Makers', '0.6', 'false'],
      ['Perception Analysis', '0.7', 'false'],
      ['Proposal/Price Quote', '0.8', 'false'],
      ['Negotiation/Review', '0.9', 'false'],
      ['Closed Won', '1.0', 'true'],
      ['Closed Lost', '0.0', 'true'],
    ]);
    const tickets = await h.client.crm.pipelines.pipelinesApi.getAll('tickets');
    expect(tickets.results[0]?.stages.map((s) => [s.id, s.label, s.metadata?.ticketState])).toEqual([
      ['1', 'New', 'OPEN'],
      ['2', 'Waiting on contact', 'OPEN'],
      ['3', 'Waiting on us', 'OPEN'],
      ['4', 'Closed', 'CLOSED'],
    ]);
  });
});
