import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Client } from '@hubspot/api-client';
import { generateBook } from '../../../emulators/book/generateBook.js';
import type { RunningEmulator } from '../../../emulators/emulatorKit.js';
import { hubspotKit } from '../../../emulators/hubspot/kit.js';
import type { ObjectTypeName } from '../../../emulators/hubspot/objectTypes.js';
import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import { clientFor, sdkError } from './fixture.js';

const book = generateBook({ accounts: 30, seed: 5, asOf: '2025-03-01T00:00:00.000Z' });

/** The SDK types operators as an enum; the wire accepts the plain text. */
const byId = (id: string) => ({ filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: id }] }], properties: ['name'], limit: 10, after: '0', sorts: [] }) as any;

describe('HubSpot emulator: records deleted for good (GDPR delete)', () => {
  let portal: RunningEmulator<HubSpotEmulator>;
  let client: Client;
  beforeEach(async () => {
    portal = await hubspotKit.start({ book, profile: 'test' });
    client = clientFor(portal.native);
  });
  afterEach(async () => {
    await portal.close();
  });

  const store = () => portal.native.store;
  const linked = (company: string, to: ObjectTypeName): string[] =>
    store().associations.list('companies', store().get('companies', company)!.seq, to).map((e) => store().table(to).at(e.toSeq)!.id);
  /** A company with deals and tickets, and the ids of every company in listing order. */
  const busyCompany = (): { company: string; deals: string[]; tickets: string[] } => {
    const company = portal.data.accountIds().find((id) => linked(id, 'deals').length > 0 && linked(id, 'tickets').length > 0);
    if (!company) throw new Error('the book has no company with both deals and tickets');
    return { company, deals: linked(company, 'deals'), tickets: linked(company, 'tickets') };
  };
  const listed = async (archived: boolean): Promise<string[]> => (await client.crm.companies.getAll(100, undefined, undefined, undefined, undefined, archived)).map((c) => c.id);
  const v4 = async (from: ObjectTypeName, id: string, to: ObjectTypeName): Promise<string[]> =>
    (await client.crm.associations.v4.basicApi.getPage(from, id, to)).results.map((r) => String(r.toObjectId));

  it('drops a purged company from every listing, search, batch read and association read; its deals and tickets stay', async () => {
    const { company, deals, tickets } = busyCompany();
    const live = await listed(false);
    portal.data.remove('accounts', company);
    expect(await listed(true)).toEqual([company]);

    const seq = store().get('companies', company)!.seq;
    portal.data.purge('accounts', company);

    // Dropped from the index both ways, not merely hidden as an archived company's are.
    for (const deal of deals) expect(store().associations.list('deals', store().get('deals', deal)!.seq, 'companies').map((e) => e.toSeq)).not.toContain(seq);
    expect(store().associations.list('companies', seq, 'tickets')).toEqual([]);
    expect(await listed(false)).toEqual(live.filter((id) => id !== company));
    expect(await listed(true)).toEqual([]);
    expect((await client.crm.companies.searchApi.doSearch(byId(company))).total).toBe(0);
    for (const archived of [false, true]) {
      const read = await client.crm.companies.batchApi.readWithHttpInfo({ inputs: [{ id: company }, { id: live[0] as string }], properties: ['name'], propertiesWithHistory: [] }, archived);
      expect(read.httpStatusCode).toBe(207);
      expect((read.data as any).errors).toEqual([expect.objectContaining({ category: 'OBJECT_NOT_FOUND', context: { ids: [company] } })]);
      expect((await sdkError(client.crm.companies.basicApi.getById(company, undefined, undefined, undefined, archived))).code).toBe(404);
    }
    expect(await v4('companies', company, 'deals')).toEqual([]);
    for (const deal of deals) {
      expect(await v4('deals', deal, 'companies')).not.toContain(company);
      const inline = await client.crm.deals.basicApi.getById(deal, ['dealname'], undefined, ['companies']);
      expect(inline.associations?.companies?.results.map((r) => r.id) ?? []).not.toContain(company);
    }
    for (const ticket of tickets) expect(await v4('tickets', ticket, 'companies')).not.toContain(company);
    const v3 = await client.crm.associations.batchApi.read('tickets', 'companies', { inputs: tickets.map((id) => ({ id })) });
    expect(v3.results.flatMap((r) => r.to.map((t) => t.id))).not.toContain(company);
    const deal = await client.crm.deals.basicApi.getById(deals[0] as string);
    expect(deal.id).toBe(deals[0]);
    expect(portal.data.records('accounts', 'companies', []).map((r) => r.record.id)).not.toContain(company);
    expect(portal.data.records('opportunities', 'deals', []).filter((r) => deals.includes(r.record.id)).flatMap((r) => r.record.links?.companies ?? [])).not.toContain(company);
  });

  it('keeps later records readable, pageable and associable after a purge; ids are not reused', async () => {
    const { company } = busyCompany();
    const ids = portal.data.accountIds();
    const later = [...ids].reverse().find((id) => linked(id, 'deals').length > 0) as string;
    portal.data.purge('accounts', company);
    // Pages of 7 cross the gap the purge left: every other company once, in id order.
    const paged: string[] = [];
    let after: string | undefined;
    do {
      const page = await client.crm.companies.basicApi.getPage(7, after);
      paged.push(...page.results.map((c) => c.id));
      after = page.paging?.next?.after;
    } while (after);
    expect(paged).toEqual(ids.filter((id) => id !== company));
    await client.crm.companies.basicApi.update(later, { properties: { name: 'Renamed after the purge' } });
    expect((await client.crm.companies.basicApi.getById(later, ['name'])).properties.name).toBe('Renamed after the purge');
    expect((await client.crm.companies.searchApi.doSearch(byId(later))).results.map((c) => c.properties.name)).toEqual(['Renamed after the purge']);
    expect(await v4('deals', linked(later, 'deals')[0] as string, 'companies')).toContain(later);
    const fresh = await client.crm.companies.basicApi.create({ properties: { name: 'New after the purge' }, associations: [] });
    expect([...ids]).not.toContain(fresh.id);
    expect(portal.data.accountIds()).toEqual([...ids.filter((id) => id !== company), fresh.id]);
  });

  it('answers POST /crm/v3/objects/{objectType}/gdpr-delete with 204 and purges the record', async () => {
    const { company, deals } = busyCompany();
    const gdprDelete = (body: unknown) => client.apiRequest({ method: 'POST', path: '/crm/v3/objects/companies/gdpr-delete', body });
    expect((await gdprDelete({ objectId: company })).status).toBe(204);
    expect((await sdkError(client.crm.companies.basicApi.getById(company))).code).toBe(404);
    expect(await listed(true)).toEqual([]);
    expect(await v4('deals', deals[0] as string, 'companies')).not.toContain(company);
    expect((await gdprDelete({ objectId: company })).status).toBe(404);
    expect((await gdprDelete({})).status).toBe(400);
    expect((await gdprDelete({ objectId: 'x', idProperty: 'no_such_property' })).status).toBe(400);
  });

  it('keeps an archived company in the archived listing with its associations, as before', async () => {
    const { company, deals } = busyCompany();
    portal.data.remove('accounts', company);
    expect(await listed(true)).toEqual([company]);
    expect((await client.crm.companies.searchApi.doSearch(byId(company))).total).toBe(0);
    expect(await v4('deals', deals[0] as string, 'companies')).not.toContain(company);
    portal.data.restoreAccount(company);
    expect(await v4('deals', deals[0] as string, 'companies')).toContain(company);
  });

  it('refuses to purge owners and ids it does not hold', () => {
    expect(() => portal.data.purge('owners', store().owners[0]!.id)).toThrow('owners are users of the portal');
    expect(() => portal.data.purge('accounts', '18999999999')).toThrow('no companies with id 18999999999');
  });
});
