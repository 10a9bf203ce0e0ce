import type { Client } from '@hubspot/api-client';
import { generateBook } from '../../../emulators/book/generateBook.js';
import { MULTI_CURRENCY_ORG, type OrgCurrencies, type RunningEmulator } from '../../../emulators/emulatorKit.js';
import { hubspotKit } from '../../../emulators/hubspot/kit.js';
import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import { accountCurrencies } from '../../../emulators/orgCurrencies.js';
import { AS_OF, clientFor, raw, sdkError } from './fixture.js';

type Row = Record<string, any>;

/** Multicurrency portals (Settings API | Currencies; deal_currency_code validation changelog), through @hubspot/api-client. */
const book = generateBook({ accounts: 100, seed: 11, asOf: AS_OF });
const RATE = new Map(MULTI_CURRENCY_ORG.currencies.map((c) => [c.code, c.rate]));
const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

let running: RunningEmulator<HubSpotEmulator> | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function portal(currencies?: OrgCurrencies): Promise<{ client: Client; hs: HubSpotEmulator }> {
  running = await hubspotKit.start({ book, profile: 'test', ...(currencies ? { currencies } : {}) });
  return { client: clientFor(running.native), hs: running.native };
}

async function allDeals(client: Client, properties: string[]): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  let after: string | undefined;
  do {
    const page = await client.crm.deals.basicApi.getPage(100, after, properties);
    for (const d of page.results) out.set(d.id, d.properties);
    after = page.paging?.next?.after;
  } while (after);
  return out;
}

/** Deal ids in book order (the portal seeds deals in the book's order). */
const dealIds = (hs: HubSpotEmulator): string[] => hs.store.table('deals').records.map((r) => r.id);

describe('HubSpot emulator: multicurrency portal', () => {
  it('assigns currencies by account index in the org shares', () => {
    const codes = accountCurrencies(MULTI_CURRENCY_ORG, 1000);
    for (const c of MULTI_CURRENCY_ORG.currencies) expect(Math.abs(codes.filter((x) => x === c.code).length - c.share * 1000)).toBeLessThanOrEqual(1);
    expect(accountCurrencies(MULTI_CURRENCY_ORG, 1000)).toEqual(codes);
  });

  it("keeps deals in their company's currency, amount = book × rate, amount_in_home_currency back in the company currency", async () => {
    const { client, hs } = await portal(MULTI_CURRENCY_ORG);
    const codes = accountCurrencies(MULTI_CURRENCY_ORG, book.accounts.length);
    const deals = await allDeals(client, ['amount', 'deal_currency_code', 'amount_in_home_currency']);
    const ids = dealIds(hs);
    expect(ids).toHaveLength(book.opportunities.length);
    const seen = new Set<string>();
    book.opportunities.forEach((o, i) => {
      const props = deals.get(ids[i]!)!;
      const code = codes[o.accountIndex]!;
      seen.add(code);
      expect(props.deal_currency_code).toBe(code);
      const places = code === 'JPY' ? 0 : 2;
      expect(Math.abs(Number(props.amount) - o.amount * RATE.get(code)!)).toBeLessThanOrEqual(0.5 / 10 ** places + 1e-9);
      // HubSpot keeps rates to 6 decimals: amount × that rate, within 1e-4 of the book's value.
      const conversionRate = code === 'USD' ? 1 : round6(1 / RATE.get(code)!);
      expect(Number(props.amount_in_home_currency)).toBeCloseTo(Number(props.amount) * conversionRate, 2);
      expect(Math.abs(Number(props.amount_in_home_currency) - o.amount)).toBeLessThanOrEqual(0.01 + o.amount * 1e-4);
    });
    expect([...seen].sort()).toEqual(['EUR', 'GBP', 'JPY', 'USD']);

    // Company properties stay in the company currency.
    const companies = hs.store.table('companies').records;
    book.accounts.forEach((a, i) => expect(companies[i]!.props.annualrevenue).toBe(String(a.arr)));
  });

  it('defines deal_currency_code with the portal currencies and a read-only amount_in_home_currency', async () => {
    const { client } = await portal(MULTI_CURRENCY_ORG);
    const code = await client.crm.properties.coreApi.getByName('deals', 'deal_currency_code');
    expect(code).toMatchObject({ type: 'enumeration', label: 'Currency' });
    expect(code.options.map((o) => o.value)).toEqual(['USD', 'EUR', 'GBP', 'JPY']);
    const home = await client.crm.properties.coreApi.getByName('deals', 'amount_in_home_currency');
    expect(home).toMatchObject({ type: 'number', label: 'Amount in company currency', calculated: true });
    expect(home.modificationMetadata?.readOnlyValue).toBe(true);
  });

  it('serves the company currency and the exchange rates (company units per unit of the other currency), paged', async () => {
    const { hs } = await portal(MULTI_CURRENCY_ORG);
    const company = await raw(hs, 'GET', '/settings/v3/currencies/company-currency');
    expect(company.status).toBe(200);
    expect(company.json).toEqual({ id: 'USD', createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });

    const rates = await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates');
    expect(rates.json.paging).toBeUndefined();
    expect(rates.json.results.map((r: Row) => [r.fromCurrencyCode, r.toCurrencyCode, r.conversionRate, r.visibleInUI])).toEqual([
      ['EUR', 'USD', round6(1 / 0.92), true],
      ['GBP', 'USD', round6(1 / 0.79), true],
      ['JPY', 'USD', round6(1 / 151.2), true],
    ]);
    for (const r of rates.json.results) expect(Object.keys(r).sort()).toEqual(['conversionRate', 'createdAt', 'effectiveAt', 'fromCurrencyCode', 'id', 'toCurrencyCode', 'updatedAt', 'visibleInUI']);

    const first = await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates?limit=2');
    expect(first.json.results).toHaveLength(2);
    const after = first.json.paging.next.after as string;
    const second = await raw(hs, 'GET', `/settings/v3/currencies/exchange-rates?limit=2&after=${after}`);
    expect(second.json.results.map((r: Row) => r.fromCurrencyCode)).toEqual(['JPY']);
    expect(second.json.paging).toBeUndefined();

    const yen = await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates?fromCurrencyCode=JPY');
    expect(yen.json.results.map((r: Row) => r.fromCurrencyCode)).toEqual(['JPY']);
    const current = await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates/current');
    expect(current.json.results).toEqual(rates.json.results);
    const one = await raw(hs, 'GET', `/settings/v3/currencies/exchange-rates/${rates.json.results[0].id}`);
    expect(one.json).toEqual(rates.json.results[0]);
    expect((await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates/123')).status).toBe(404);

    const details = await raw(hs, 'GET', '/account-info/v3/details');
    expect(details.json).toMatchObject({ companyCurrency: 'USD', additionalCurrencies: ['EUR', 'GBP', 'JPY'] });
  });

  it('lets an admin change a rate: the exchange rate and amount_in_home_currency follow, amounts and hs_lastmodifieddate do not', async () => {
    const { client, hs } = await portal(MULTI_CURRENCY_ORG);
    const properties = ['amount', 'deal_currency_code', 'amount_in_home_currency', 'hs_lastmodifieddate'];
    const before = await allDeals(client, properties);
    const ratesBefore = (await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates')).json.results as Row[];

    // A search by the old amount_in_home_currency, made before the change, leaves a result snapshot behind.
    const [euroId, euroWas] = [...before].find(([, d]) => d.deal_currency_code === 'EUR' && Number(d.amount) > 0)!;
    const search = (value: string) =>
      client.crm.deals.searchApi.doSearch({
        filterGroups: [{ filters: [
          { propertyName: 'hs_object_id', operator: 'EQ' as never, value: euroId },
          { propertyName: 'amount_in_home_currency', operator: 'EQ' as never, value },
        ] }],
        properties: ['amount_in_home_currency'],
        limit: 10,
        after: '0',
        sorts: [],
      });
    expect((await search(euroWas.amount_in_home_currency)).total).toBe(1);

    running!.data.setCurrencyRate('EUR', 0.8);

    // HubSpot's direction: company units per one euro, 1 / 0.8.
    const ratesAfter = (await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates')).json.results as Row[];
    const euro = (rates: Row[]) => rates.find((r) => r.fromCurrencyCode === 'EUR')!;
    expect(euro(ratesAfter)).toMatchObject({ id: euro(ratesBefore).id, conversionRate: 1.25, toCurrencyCode: 'USD', createdAt: euro(ratesBefore).createdAt });
    expect(Date.parse(euro(ratesAfter).updatedAt)).toBeGreaterThan(Date.parse(euro(ratesBefore).updatedAt));
    expect(ratesAfter.filter((r) => r.fromCurrencyCode !== 'EUR')).toEqual(ratesBefore.filter((r) => r.fromCurrencyCode !== 'EUR'));
    expect((await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates/current')).json.results).toEqual(ratesAfter);
    expect((await raw(hs, 'GET', `/settings/v3/currencies/exchange-rates/${euro(ratesAfter).id}`)).json).toEqual(euro(ratesAfter));

    // amount_in_home_currency is calculated: it follows the rate with no modification stamp.
    const after = await allDeals(client, properties);
    let euros = 0;
    for (const [id, was] of before) {
      const now = after.get(id)!;
      expect(now.amount).toBe(was.amount);
      expect(now.hs_lastmodifieddate).toBe(was.hs_lastmodifieddate);
      if (was.deal_currency_code === 'EUR' && was.amount !== null) {
        euros++;
        expect(Number(now.amount_in_home_currency)).toBeCloseTo(Number(was.amount) * 1.25, 2);
        if (Number(was.amount) > 0) expect(now.amount_in_home_currency).not.toBe(was.amount_in_home_currency);
      } else {
        expect(now.amount_in_home_currency).toBe(was.amount_in_home_currency);
      }
    }
    expect(euros).toBeGreaterThan(0);
    // Search filters on the new value: the same search is not answered from the old snapshot.
    expect((await search(euroWas.amount_in_home_currency)).total).toBe(0);
    const found = await search(after.get(euroId)!.amount_in_home_currency);
    expect(found.results.map((r) => [r.id, r.properties.amount_in_home_currency])).toEqual([[euroId, after.get(euroId)!.amount_in_home_currency]]);

    expect(() => running!.data.setCurrencyRate('USD', 2)).toThrow(/company currency/);
    expect(() => running!.data.setCurrencyRate('CHF', 0.9)).toThrow(/no currency CHF/);
  });

  it('refuses a deal_currency_code the portal does not have, on create and update, with INVALID_OPTION', async () => {
    const { client, hs } = await portal(MULTI_CURRENCY_ORG);
    const base = { dealname: 'Real deal', pipeline: 'default', dealstage: 'appointmentscheduled', amount: '1000' };
    const created = await sdkError(client.crm.deals.basicApi.create({ properties: { ...base, deal_currency_code: 'BRL' }, associations: [] }));
    expect(created.code).toBe(400);
    expect(created.body.category).toBe('VALIDATION_ERROR');
    // The property failures sit JSON-encoded inside the message, as in the changelog's example.
    expect(String(created.body.message)).toContain(`\\"BRL\\" is not a part of the current effective currency codes for portal ${hs.portalId}`);
    expect(String(created.body.message)).toContain('"error":"INVALID_OPTION","name":"deal_currency_code"');

    const yen = await client.crm.deals.basicApi.create({ properties: { ...base, amount: '151200', deal_currency_code: 'JPY' }, associations: [] });
    const read = await client.crm.deals.basicApi.getById(yen.id, ['amount', 'deal_currency_code', 'amount_in_home_currency']);
    expect(read.properties).toMatchObject({ amount: '151200', deal_currency_code: 'JPY', amount_in_home_currency: String(Math.round(151200 * round6(1 / 151.2) * 100) / 100) });

    const updated = await sdkError(client.crm.deals.basicApi.update(yen.id, { properties: { deal_currency_code: 'CHF' } }));
    expect(updated.code).toBe(400);
    expect(String(updated.body.message)).toContain('\\"CHF\\" is not a part of the current effective currency codes');
    const batch = await sdkError(client.crm.deals.batchApi.update({ inputs: [{ id: yen.id, properties: { deal_currency_code: 'XYZ' } }] }));
    expect(batch.code).toBe(400);

    await client.crm.deals.basicApi.update(yen.id, { properties: { deal_currency_code: 'EUR', amount: '920' } });
    const euro = await client.crm.deals.basicApi.getById(yen.id, ['amount_in_home_currency']);
    expect(Number(euro.properties.amount_in_home_currency)).toBeCloseTo(1000, 2);
    const readOnly = await raw(hs, 'PATCH', `/crm/v3/objects/deals/${yen.id}`, { properties: { amount_in_home_currency: '5' } });
    expect(readOnly.json.errors[0].code).toBe('READ_ONLY_VALUE');
  });

  it('has none of it in a single-currency portal (the default), whose company currency is USD with no exchange rates', async () => {
    const { client, hs } = await portal();
    const names = (await client.crm.properties.coreApi.getAll('deals')).results.map((p) => p.name);
    expect(names).not.toContain('deal_currency_code');
    expect(names).not.toContain('amount_in_home_currency');
    const deal = await sdkError(client.crm.deals.basicApi.create({ properties: { dealname: 'x', pipeline: 'default', dealstage: 'appointmentscheduled', deal_currency_code: 'USD' }, associations: [] }));
    expect(String(deal.body.message)).toContain('PROPERTY_DOESNT_EXIST');
    expect((await raw(hs, 'GET', '/settings/v3/currencies/company-currency')).json.id).toBe('USD');
    expect((await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates')).json).toEqual({ results: [] });
    expect((await raw(hs, 'GET', '/settings/v3/currencies/exchange-rates/current')).json).toEqual({ results: [] });
    expect((await raw(hs, 'GET', '/account-info/v3/details')).json).toMatchObject({ companyCurrency: 'USD', additionalCurrencies: [] });
  });
});
