import { afterEach, describe, expect, it } from '@jest/globals';
import type { Client } from '@hubspot/api-client';
import { generateBook } from '../../../emulators/book/generateBook.js';
import type { OrgSchemaName, RunningEmulator } from '../../../emulators/emulatorKit.js';
import { hubspotKit } from '../../../emulators/hubspot/kit.js';
import type { ObjectTypeName } from '../../../emulators/hubspot/objectTypes.js';
import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import { AS_OF, clientFor } from './fixture.js';

/** Portals customised otherwise than the default mapping expects, the ones `vitals map` must read. */
const book = generateBook({ accounts: 40, seed: 7, asOf: AS_OF });
const STANDARD_COMPANY = ['segment', 'renewal_date', 'usage_score', 'nps'];

let running: RunningEmulator<HubSpotEmulator> | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Through the kit, as `vitals emulate --schema` starts it. */
async function portal(schema: OrgSchemaName): Promise<{ client: Client; hs: HubSpotEmulator }> {
  running = await hubspotKit.start({ book, schema, profile: 'test' });
  return { client: clientFor(running.native), hs: running.native };
}

interface Property {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  hubspotDefined?: boolean;
  options: { value: string; label: string }[];
}

async function properties(client: Client, type: ObjectTypeName): Promise<Map<string, Property>> {
  const all = await client.crm.properties.coreApi.getAll(type);
  return new Map(all.results.map((p) => [p.name, p as unknown as Property]));
}

const options = (p: Property | undefined): [string, string][] => (p?.options ?? []).map((o) => [o.value, o.label]);

/** Every record's properties, by book index (records are seeded in book order). */
async function byIndex(client: Client, hs: HubSpotEmulator, type: 'companies' | 'deals' | 'tickets', names: string[]): Promise<Record<string, string | null>[]> {
  const api = { companies: client.crm.companies, deals: client.crm.deals, tickets: client.crm.tickets }[type];
  const records = await api.getAll(100, undefined, names);
  const index = new Map(hs.store.table(type).records.map((r, i) => [r.id, i]));
  const out: Record<string, string | null>[] = [];
  for (const r of records) out[index.get(r.id)!] = r.properties;
  return out;
}

describe('HubSpot emulator: org schemas', () => {
  it('standard keeps the customer-success properties the default mapping reads', async () => {
    const { client } = await portal('standard');
    const companies = await properties(client, 'companies');
    for (const name of STANDARD_COMPANY) expect(companies.get(name)?.hubspotDefined).toBe(false);
    expect(options((await properties(client, 'deals')).get('dealtype')).map(([v]) => v)).toEqual(['newbusiness', 'existingbusiness', 'renewal']);
    const tickets = await properties(client, 'tickets');
    expect(tickets.has('csat') && tickets.has('escalated')).toBe(true);
  });

  it('renamed: other names, other options, the book under them', async () => {
    const { client, hs } = await portal('renamed');
    const companies = await properties(client, 'companies');
    for (const name of STANDARD_COMPANY) expect(companies.has(name)).toBe(false);
    expect([...companies.keys()].some((n) => n.startsWith('vitals_'))).toBe(false);
    expect(companies.get('customer_tier')).toMatchObject({ label: 'Customer Tier', type: 'enumeration', fieldType: 'select', hubspotDefined: false });
    expect(options(companies.get('customer_tier'))).toEqual([['strategic', 'Strategic'], ['growth', 'Growth'], ['scale', 'Scale']]);
    expect(companies.get('arr')).toMatchObject({ label: 'ARR', type: 'number', fieldType: 'number', hubspotDefined: false });
    expect(companies.get('contract_end_date')).toMatchObject({ label: 'Contract End Date', type: 'date', fieldType: 'date', hubspotDefined: false });
    expect(companies.get('product_usage_score')).toMatchObject({ label: 'Product Usage Score', type: 'number', hubspotDefined: false });
    expect(companies.get('net_promoter_score')).toMatchObject({ label: 'Net Promoter Score', type: 'number', hubspotDefined: false });

    const deals = await properties(client, 'deals');
    expect(deals.has('deal_kind')).toBe(false);
    expect(options(deals.get('dealtype'))).toEqual([['newbusiness', 'New Business'], ['existingbusiness', 'Existing Business'], ['contract_renewal', 'Contract Renewal']]);
    const tickets = await properties(client, 'tickets');
    expect(tickets.has('csat') || tickets.has('escalated')).toBe(false);
    expect(tickets.get('customer_satisfaction')).toMatchObject({ label: 'Customer Satisfaction (CSAT)', type: 'number', fieldType: 'number', hubspotDefined: false });
    expect(tickets.get('escalated_to_tier_2')).toMatchObject({ label: 'Escalated to Tier 2', type: 'bool', fieldType: 'booleancheckbox', hubspotDefined: false });

    const names = ['annualrevenue', 'customer_tier', 'arr', 'contract_end_date', 'product_usage_score', 'net_promoter_score'];
    const records = await byIndex(client, hs, 'companies', names);
    const tier = { Enterprise: 'strategic', 'Mid-Market': 'growth', SMB: 'scale' };
    book.accounts.forEach((a, i) => {
      const p = records[i]!;
      expect(p.customer_tier).toBe(tier[a.segment]);
      expect(Number(p.arr)).toBe(a.arr);
      expect(p.contract_end_date).toBe(a.renewalDate);
      expect(Number(p.annualrevenue)).toBe(a.employees * 120_000);
      expect(p.product_usage_score ?? null).toBe(a.usageScore === null ? null : String(a.usageScore));
      expect(p.net_promoter_score ?? null).toBe(a.nps === null ? null : String(a.nps));
    });
    expect(new Set(records.map((p) => p.customer_tier))).toEqual(new Set(['strategic', 'growth', 'scale']));

    const dealRecords = await byIndex(client, hs, 'deals', ['dealtype', 'deal_kind']);
    const dealtype = { new: 'newbusiness', expansion: 'existingbusiness', renewal: 'contract_renewal' };
    book.opportunities.forEach((o, i) => expect(dealRecords[i]).toMatchObject({ dealtype: dealtype[o.kind] }));
    expect(dealRecords.some((p) => p.dealtype === 'contract_renewal')).toBe(true);
    expect(dealRecords.some((p) => 'deal_kind' in p)).toBe(false);

    const ticketRecords = await byIndex(client, hs, 'tickets', ['customer_satisfaction', 'escalated_to_tier_2']);
    book.tickets.forEach((t, i) => {
      expect(ticketRecords[i]?.customer_satisfaction ?? null).toBe(t.csat === null ? null : String(t.csat));
      expect(ticketRecords[i]?.escalated_to_tier_2).toBe(String(t.isEscalated));
    });
    expect(book.tickets.some((t) => t.isEscalated) && book.tickets.some((t) => t.csat !== null)).toBe(true);
  });

  it('sparse: no customer-success properties, HubSpot default deal types', async () => {
    const { client, hs } = await portal('sparse');
    for (const type of ['companies', 'deals', 'tickets'] as const) {
      const custom = [...(await properties(client, type)).values()].filter((p) => p.hubspotDefined === false).map((p) => p.name);
      expect(custom).toEqual([]);
    }
    const deals = await properties(client, 'deals');
    expect(options(deals.get('dealtype'))).toEqual([['newbusiness', 'New Business'], ['existingbusiness', 'Existing Business']]);

    const records = await byIndex(client, hs, 'companies', ['annualrevenue']);
    book.accounts.forEach((a, i) => expect(Number(records[i]?.annualrevenue)).toBe(a.arr));
    const dealRecords = await byIndex(client, hs, 'deals', ['dealtype']);
    book.opportunities.forEach((o, i) => expect(dealRecords[i]?.dealtype).toBe(o.kind === 'new' ? 'newbusiness' : 'existingbusiness'));
    // Writes name the same properties: the removed ones are unknown to this portal.
    const id = hs.store.table('companies').records[0]!.id;
    await expect(client.crm.companies.basicApi.update(id, { properties: { segment: 'SMB' } })).rejects.toMatchObject({ code: 400 });
  });
});
