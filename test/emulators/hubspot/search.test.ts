import { afterEach, describe, expect, it } from '@jest/globals';
import { dealStageFor } from '../../../emulators/hubspot/bookPipeline.js';
import { raw, sdkError, startHarness, type Harness } from './fixture.js';

let h: Harness;
afterEach(async () => h?.emulator.close());

/** The book pipeline's stage the tiny book's open expansions are in. */
const VALUE_PROPOSITION = dealStageFor({ stage: 'Value Proposition', isClosed: false, isWon: false, probability: 50 });

/** The SDK types sorts as strings and operators as an enum; the wire accepts these objects. */
const search = (body: Record<string, unknown>) => body as any;

describe('HubSpot emulator: search', () => {
  it('filters, sorts by one property and pages with a numeric after', async () => {
    h = await startHarness({ searchPerSecond: 1000 });
    const request = (after: string) =>
      h.client.crm.deals.searchApi.doSearch(
        search({
          filterGroups: [{ filters: [{ propertyName: 'dealstage', operator: 'EQ', value: VALUE_PROPOSITION }, { propertyName: 'amount', operator: 'GTE', value: '5000' }] }],
          sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }],
          properties: ['amount', 'dealname'],
          limit: 4,
          after,
        }),
      );
    const first = await request('0');
    // Open expansions are odd deal indexes 1..49 with amount 500*(index+1); >= 5000 means index >= 9.
    expect(first.total).toBe(21);
    expect(first.results.map((d) => d.properties.amount)).toEqual(['25000', '24000', '23000', '22000']);
    expect(first.paging?.next?.after).toBe('4');
    expect(Object.keys(first.results[0]?.properties ?? {}).sort()).toEqual(['amount', 'createdate', 'dealname', 'hs_lastmodifieddate', 'hs_object_id']);
    const amounts: string[] = [];
    let after: string | undefined = '0';
    while (after !== undefined) {
      const page = await request(after);
      amounts.push(...page.results.map((d) => d.properties.amount ?? ''));
      after = page.paging?.next?.after;
    }
    expect(amounts).toHaveLength(21);
    expect(amounts.at(-1)).toBe('5000');
  });

  it('supports OR groups, IN, BETWEEN, NEQ, HAS_PROPERTY, CONTAINS_TOKEN and free-text query', async () => {
    h = await startHarness({ searchPerSecond: 1000 });
    const total = async (body: Record<string, unknown>, type: 'companies' | 'tickets' = 'companies') =>
      (await h.client.crm[type].searchApi.doSearch(search({ limit: 0, ...body }))).total;
    const f = (propertyName: string, operator: string, extra: Record<string, unknown>) => ({ filters: [{ propertyName, operator, ...extra }] });
    expect(await total({ filterGroups: [f('segment', 'EQ', { value: 'enterprise' }), f('segment', 'EQ', { value: 'SMB' })] })).toBe(17);
    expect(await total({ filterGroups: [f('segment', 'IN', { values: ['SMB', 'Mid-Market'] })] })).toBe(17);
    expect(await total({ filterGroups: [f('annualrevenue', 'BETWEEN', { value: '3000', highValue: '5000' })] })).toBe(3);
    expect(await total({ filterGroups: [f('nps', 'NEQ', { value: '30' })] })).toBe(12);
    expect(await total({ filterGroups: [f('usage_score', 'NOT_HAS_PROPERTY', {})] })).toBe(5);
    expect(await total({ filterGroups: [f('usage_score', 'HAS_PROPERTY', {})] })).toBe(20);
    expect(await total({ filterGroups: [f('subject', 'CONTAINS_TOKEN', { value: 'print*' })] }, 'tickets')).toBe(50);
    expect(await total({ query: 'account 01' })).toBe(10);
    expect(await total({ filterGroups: [f('renewal_date', 'EQ', { value: '2025-06-30' })] })).toBe(25);
    const stampMs = Date.parse(h.emulator.store.view('companies', (await h.client.crm.companies.basicApi.getPage(1)).results[0]?.id ?? '')?.updatedAt ?? '');
    expect(await total({ filterGroups: [f('hs_lastmodifieddate', 'LTE', { value: String(stampMs) })] })).toBe(1);
  });

  it('enforces the documented limits: groups, filters, page size', async () => {
    h = await startHarness({ searchPerSecond: 1000 });
    const filter = { propertyName: 'name', operator: 'HAS_PROPERTY' };
    const groups = (n: number, per: number) => Array.from({ length: n }, () => ({ filters: Array.from({ length: per }, () => filter) }));
    const status = async (body: Record<string, unknown>) => (await raw(h.emulator, 'POST', '/crm/v3/objects/companies/search', body)).status;
    expect(await status({ filterGroups: groups(5, 3) })).toBe(200);
    expect(await status({ filterGroups: groups(6, 1) })).toBe(400);
    expect(await status({ filterGroups: groups(1, 7) })).toBe(400);
    expect(await status({ filterGroups: [...groups(3, 6), ...groups(1, 1)] })).toBe(400);
    expect(await status({ limit: 200 })).toBe(200);
    expect(await status({ limit: 201 })).toBe(400);
    expect(await status({ filterGroups: [{ filters: [{ propertyName: 'nope', operator: 'EQ', value: 'x' }] }] })).toBe(400);
    const res = await raw(h.emulator, 'POST', '/crm/v3/objects/companies/search', {});
    expect(res.headers.get('x-hubspot-ratelimit-max')).toBeNull();
  });

  it('caps results at 10,000: many records sharing one hs_lastmodifieddate cannot be paged past it', async () => {
    h = await startHarness({ searchPerSecond: 1000 });
    const { store } = h.emulator;
    store.clock.pin('2031-05-05T05:05:05.005Z');
    for (let i = 0; i < 10_050; i++) store.create('companies', { name: `Bulk ${i}` });
    store.clock.unpin();
    const body = (after: string) =>
      search({
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: String(Date.parse('2031-05-05T05:05:05.005Z')) }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        properties: ['name'],
        limit: 200,
        after,
      });
    let after = '0';
    let read = 0;
    for (;;) {
      const page = await h.client.crm.companies.searchApi.doSearch(body(after));
      expect(page.total).toBe(10_050);
      read += page.results.length;
      after = page.paging?.next?.after ?? '';
      if (after === '10000') break;
    }
    expect(read).toBe(10_000);
    const beyond = await sdkError(h.client.crm.companies.searchApi.doSearch(body(after)));
    expect(beyond.code).toBe(400);
    expect(beyond.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', message: 'There was a problem with the request.' });
    expect((await sdkError(h.client.crm.companies.searchApi.doSearch(search({ ...body('9900'), limit: 101 })))).code).toBe(400);
  });

  it('hides fresh writes for searchIndexLagMs', async () => {
    h = await startHarness({ searchIndexLagMs: 300 });
    await h.client.crm.companies.basicApi.create({ properties: { name: 'Lagging Llama' }, associations: [] });
    const find = async () => (await h.client.crm.companies.searchApi.doSearch(search({ query: 'llama' }))).total;
    expect(await find()).toBe(0);
    await new Promise((r) => setTimeout(r, 350));
    expect(await find()).toBe(1);
  });

  it('answers the search per-second limit with the SECONDLY 429 the SDK recognises', async () => {
    h = await startHarness({ searchPerSecond: 2 });
    const call = () => raw(h.emulator, 'POST', '/crm/v3/objects/deals/search', { limit: 1 });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'SECONDLY', message: 'You have reached your secondly limit.' });
    const viaSdk = await sdkError(h.client.crm.deals.searchApi.doSearch(search({ limit: 1 })));
    expect(viaSdk.code).toBe(429);
    expect(viaSdk.body.message).toBe('You have reached your secondly limit.');
  });
});
