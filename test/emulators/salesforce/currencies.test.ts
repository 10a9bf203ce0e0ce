import type { Connection } from 'jsforce';
import { generateBook } from '../../../emulators/book/generateBook.js';
import { MULTI_CURRENCY_ORG, type OrgCurrencies, type RunningEmulator } from '../../../emulators/emulatorKit.js';
import { salesforceKit } from '../../../emulators/salesforce/kit.js';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { AS_OF, clientCredentialsConnection, rejectionOf } from './fixture.js';

type Row = Record<string, any>;

/** Multi-currency orgs (Object Reference: CurrencyType, DatedConversionRate, CurrencyIsoCode), through jsforce. */
const book = generateBook({ accounts: 200, seed: 11, asOf: AS_OF });
const RATE = new Map(MULTI_CURRENCY_ORG.currencies.map((c) => [c.code, c.rate]));
const CURRENCY_OBJECTS = ['Account', 'Opportunity', 'Case', 'Task', 'User'];

let running: RunningEmulator<SalesforceEmulator> | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function org(currencies?: OrgCurrencies): Promise<{ conn: Connection; sf: SalesforceEmulator }> {
  running = await salesforceKit.start({ book, profile: 'test', ...(currencies ? { currencies } : {}) });
  return { conn: await clientCredentialsConnection(running.native), sf: running.native };
}

async function all(conn: Connection, soql: string): Promise<Row[]> {
  const out: Row[] = [];
  let page = await conn.query<Row>(soql);
  out.push(...page.records);
  while (!page.done && page.nextRecordsUrl) {
    page = await conn.queryMore<Row>(page.nextRecordsUrl);
    out.push(...page.records);
  }
  return out;
}

/** Rows by book index (ids follow book indexes). */
function byIndex(sf: SalesforceEmulator, object: string, rows: Row[]): Map<number, Row> {
  const at = new Map(rows.map((r) => [r.Id as string, r]));
  const out = new Map<number, Row>();
  for (let i = 0; ; i++) {
    const id = sf.store.idOf(object, i);
    if (!id || !at.has(id)) break;
    out.set(i, at.get(id)!);
  }
  return out;
}

describe('Salesforce emulator: multi-currency org', () => {
  it('keeps each account in one currency by index, in the shares the org asks for', async () => {
    const { conn, sf } = await org(MULTI_CURRENCY_ORG);
    const accounts = byIndex(sf, 'Account', await all(conn, 'SELECT Id, CurrencyIsoCode FROM Account'));
    expect(accounts.size).toBe(200);
    const counts: Record<string, number> = {};
    for (const a of accounts.values()) counts[a.CurrencyIsoCode] = (counts[a.CurrencyIsoCode] ?? 0) + 1;
    for (const c of MULTI_CURRENCY_ORG.currencies) expect(Math.abs((counts[c.code] ?? 0) - c.share * 200)).toBeLessThanOrEqual(1);
    // Deterministic: a second start gives every account the same currency.
    const first = [...accounts.values()].map((a) => a.CurrencyIsoCode);
    await running!.close();
    const again = await org(MULTI_CURRENCY_ORG);
    const second = [...byIndex(again.sf, 'Account', await all(again.conn, 'SELECT Id, CurrencyIsoCode FROM Account')).values()].map((a) => a.CurrencyIsoCode);
    expect(second).toEqual(first);
  });

  it('stores ARR at the current rate and amounts at the dated rate of the close date, in the account currency', async () => {
    const { conn, sf } = await org(MULTI_CURRENCY_ORG);
    const accounts = byIndex(sf, 'Account', await all(conn, 'SELECT Id, CurrencyIsoCode, AnnualRevenue FROM Account'));
    for (const [i, a] of accounts) {
      const arr = book.accounts[i]!.arr;
      expect(Math.abs(a.AnnualRevenue - arr * RATE.get(a.CurrencyIsoCode)!)).toBeLessThanOrEqual(1);
    }
    const jpy = [...accounts].find(([i, a]) => a.CurrencyIsoCode === 'JPY' && book.accounts[i]!.arr > 0);
    expect(jpy).toBeDefined();
    expect(jpy![1].AnnualRevenue).toBeGreaterThan(100 * book.accounts[jpy![0]]!.arr);

    const dated = await all(conn, 'SELECT IsoCode, ConversionRate, StartDate, NextStartDate FROM DatedConversionRate');
    const rateOn = (code: string, day: string): number =>
      dated.find((r) => r.IsoCode === code && r.StartDate <= day && (r.NextStartDate === null || day < r.NextStartDate))!.ConversionRate;
    const opportunities = byIndex(sf, 'Opportunity', await all(conn, 'SELECT Id, AccountId, CurrencyIsoCode, Amount, CloseDate FROM Opportunity'));
    expect(opportunities.size).toBe(book.opportunities.length);
    let foreign = 0;
    for (const [i, o] of opportunities) {
      const b = book.opportunities[i]!;
      const account = accounts.get(b.accountIndex)!;
      expect(o.CurrencyIsoCode).toBe(account.CurrencyIsoCode);
      const places = o.CurrencyIsoCode === 'JPY' ? 0 : 2;
      expect(Math.abs(o.Amount - b.amount * rateOn(o.CurrencyIsoCode, o.CloseDate))).toBeLessThanOrEqual(0.5 / 10 ** places + 1e-9);
      if (o.CurrencyIsoCode !== 'USD') foreign++;
    }
    expect(foreign).toBeGreaterThan(0);
    // Cases carry their account's currency too.
    const cases = byIndex(sf, 'Case', await all(conn, 'SELECT Id, CurrencyIsoCode FROM Case'));
    for (const [i, c] of cases) expect(c.CurrencyIsoCode).toBe(accounts.get(book.tickets[i]!.accountIndex)!.CurrencyIsoCode);
  });

  it('answers CurrencyType and DatedConversionRate queries and describes', async () => {
    const { conn } = await org(MULTI_CURRENCY_ORG);
    const types = await all(conn, 'SELECT Id, IsoCode, ConversionRate, DecimalPlaces, IsActive, IsCorporate FROM CurrencyType ORDER BY IsoCode');
    expect(types.map((t) => [t.IsoCode, t.ConversionRate, t.DecimalPlaces, t.IsActive, t.IsCorporate])).toEqual([
      ['EUR', 0.92, 2, true, false],
      ['GBP', 0.79, 2, true, false],
      ['JPY', 151.2, 0, true, false],
      ['USD', 1, 2, true, true],
    ]);
    expect(types.every((t) => /^02E/.test(t.Id))).toBe(true);
    const corporate = await all(conn, "SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true");
    expect(corporate.map((t) => t.IsoCode)).toEqual(['USD']);

    const described = await conn.sobject('CurrencyType').describe();
    expect(described.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['Id', 'IsoCode', 'ConversionRate', 'DecimalPlaces', 'IsActive', 'IsCorporate']));
    expect(described.fields.find((f) => f.name === 'IsCorporate')).toMatchObject({ label: 'Corporate Currency', type: 'boolean' });
    const datedDescribe = await conn.sobject('DatedConversionRate').describe();
    expect(datedDescribe.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['Id', 'IsoCode', 'ConversionRate', 'StartDate', 'NextStartDate']));

    // One period per quarter and currency, back to back; the quarter of the book's date holds the current rate.
    const dated = await all(conn, 'SELECT Id, IsoCode, ConversionRate, StartDate, NextStartDate FROM DatedConversionRate ORDER BY IsoCode, StartDate');
    for (const c of MULTI_CURRENCY_ORG.currencies) {
      const periods = dated.filter((r) => r.IsoCode === c.code);
      expect(periods.length).toBeGreaterThan(4);
      periods.forEach((p, k) => {
        expect(p.StartDate).toMatch(/^\d{4}-(01|04|07|10)-01$/);
        expect(p.NextStartDate).toBe(periods[k + 1]?.StartDate ?? null);
        expect(Math.abs(p.ConversionRate / c.rate - 1)).toBeLessThanOrEqual(0.05);
      });
      const now = periods.find((p) => p.StartDate <= AS_OF.slice(0, 10) && (p.NextStartDate === null || AS_OF.slice(0, 10) < p.NextStartDate))!;
      expect(now.ConversionRate).toBe(c.rate);
      if (c.code !== 'USD') expect(new Set(periods.map((p) => p.ConversionRate)).size).toBeGreaterThan(1);
    }
  });

  it('lets an admin change a rate: CurrencyType and the dated rate in force today follow, stored amounts do not', async () => {
    const { conn, sf } = await org(MULTI_CURRENCY_ORG);
    // Today is the book's date, so the edited period is one a test can name (not the open-ended last one).
    sf.store.clock.pin(AS_OF);
    const today = AS_OF.slice(0, 10);
    const money = async () => ({
      accounts: await all(conn, 'SELECT Id, CurrencyIsoCode, AnnualRevenue, SystemModstamp FROM Account ORDER BY Id'),
      opportunities: await all(conn, 'SELECT Id, CurrencyIsoCode, Amount, SystemModstamp FROM Opportunity ORDER BY Id'),
    });
    const typesBefore = await all(conn, 'SELECT IsoCode, ConversionRate, LastModifiedDate, SystemModstamp FROM CurrencyType ORDER BY IsoCode');
    const datedBefore = await all(conn, 'SELECT Id, IsoCode, ConversionRate, StartDate, NextStartDate FROM DatedConversionRate ORDER BY IsoCode, StartDate');
    const moneyBefore = await money();

    running!.data.setCurrencyRate('EUR', 0.8);

    const typesAfter = await all(conn, 'SELECT IsoCode, ConversionRate, LastModifiedDate, SystemModstamp FROM CurrencyType ORDER BY IsoCode');
    expect(typesAfter.map((t) => [t.IsoCode, t.ConversionRate])).toEqual([['EUR', 0.8], ['GBP', 0.79], ['JPY', 151.2], ['USD', 1]]);
    const euro = (rows: Row[]) => rows.find((t) => t.IsoCode === 'EUR')!;
    expect(Date.parse(euro(typesAfter).SystemModstamp)).toBeGreaterThan(Date.parse(euro(typesBefore).SystemModstamp));
    expect(Date.parse(euro(typesAfter).LastModifiedDate)).toBeGreaterThan(Date.parse(euro(typesBefore).LastModifiedDate));
    expect(typesAfter.filter((t) => t.IsoCode !== 'EUR')).toEqual(typesBefore.filter((t) => t.IsoCode !== 'EUR'));

    // Only the EUR period holding today changes; earlier and later quarters keep their rates.
    const datedAfter = await all(conn, 'SELECT Id, IsoCode, ConversionRate, StartDate, NextStartDate FROM DatedConversionRate ORDER BY IsoCode, StartDate');
    const holdsToday = (r: Row) => r.IsoCode === 'EUR' && r.StartDate <= today && (r.NextStartDate === null || today < r.NextStartDate);
    expect(datedAfter.filter(holdsToday).map((r) => r.ConversionRate)).toEqual([0.8]);
    expect(datedAfter.filter((r) => !holdsToday(r))).toEqual(datedBefore.filter((r) => !holdsToday(r)));
    expect(datedAfter.some((r) => r.IsoCode === 'EUR' && !holdsToday(r) && r.StartDate > today)).toBe(true);

    // Record amounts are stored in their own currency: neither their values nor their stamps move.
    expect(await money()).toEqual(moneyBefore);

    expect(() => running!.data.setCurrencyRate('USD', 2)).toThrow(/corporate/);
    expect(() => running!.data.setCurrencyRate('CHF', 0.9)).toThrow(/no currency CHF/);
  });

  it('describes CurrencyIsoCode on every object with currency fields as a restricted picklist of the active codes', async () => {
    const { conn } = await org(MULTI_CURRENCY_ORG);
    for (const object of CURRENCY_OBJECTS) {
      const field = (await conn.sobject(object).describe()).fields.find((f) => f.name === 'CurrencyIsoCode') as Row | undefined;
      expect(field).toMatchObject({ label: 'Currency ISO Code', type: 'picklist', restrictedPicklist: true, createable: true, updateable: true, defaultedOnCreate: true });
      expect(field!.picklistValues.map((p: Row) => p.value)).toEqual(['USD', 'EUR', 'GBP', 'JPY']);
    }
  });

  it('refuses a CurrencyIsoCode that is not an active currency; defaults new records to the corporate one', async () => {
    const { conn, sf } = await org(MULTI_CURRENCY_ORG);
    const accountId = sf.store.idOf('Account', 0)!;
    const created = (await conn.sobject('Opportunity').create(
      [
        { AccountId: accountId, Name: 'Yen deal', StageName: 'Prospecting', CloseDate: '2025-06-30', Amount: 1_000_000, CurrencyIsoCode: 'JPY' },
        { AccountId: accountId, Name: 'Real deal', StageName: 'Prospecting', CloseDate: '2025-06-30', Amount: 100, CurrencyIsoCode: 'BRL' },
        { AccountId: accountId, Name: 'Plain deal', StageName: 'Prospecting', CloseDate: '2025-06-30', Amount: 100 },
      ],
      { allOrNone: false },
    )) as unknown as Row[];
    expect(created.map((r) => r.success)).toEqual([true, false, true]);
    expect(created[1]!.errors[0]).toMatchObject({ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['CurrencyIsoCode'] });
    expect(sf.store.get('Opportunity', created[0]!.id)?.CurrencyIsoCode).toBe('JPY');
    expect(sf.store.get('Opportunity', created[2]!.id)?.CurrencyIsoCode).toBe('USD');

    const updated = (await conn.sobject('Account').update([{ Id: accountId, CurrencyIsoCode: 'CHF' }], { allOrNone: false })) as unknown as Row[];
    expect(updated[0]).toMatchObject({ success: false });
    expect(updated[0]!.errors[0].statusCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  });

  it('refuses DatedConversionRate in an org without advanced currency management', async () => {
    const { conn } = await org({ ...MULTI_CURRENCY_ORG, dated: false });
    expect((await all(conn, 'SELECT IsoCode FROM CurrencyType')).length).toBe(4);
    const error = await rejectionOf(conn.query('SELECT Id, IsoCode FROM DatedConversionRate'));
    expect(error.errorCode).toBe('INVALID_TYPE');
    // Without dated rates, amounts use the current rate.
    const opportunities = await all(conn, "SELECT Amount, CurrencyIsoCode, AccountId FROM Opportunity WHERE CurrencyIsoCode = 'EUR'");
    expect(opportunities.length).toBeGreaterThan(0);
    // An admin's rate change has only CurrencyType to edit.
    running!.data.setCurrencyRate('GBP', 0.75);
    expect((await all(conn, "SELECT ConversionRate FROM CurrencyType WHERE IsoCode = 'GBP'"))[0]!.ConversionRate).toBe(0.75);
  });

  it('has none of it in a single-currency org (the default)', async () => {
    const { conn } = await org();
    for (const object of CURRENCY_OBJECTS) {
      expect((await conn.sobject(object).describe()).fields.some((f) => f.name === 'CurrencyIsoCode')).toBe(false);
    }
    expect((await rejectionOf(conn.query('SELECT Id, CurrencyIsoCode FROM Account'))).errorCode).toBe('INVALID_FIELD');
    for (const object of ['CurrencyType', 'DatedConversionRate']) {
      expect((await rejectionOf(conn.query(`SELECT Id FROM ${object}`))).errorCode).toBe('INVALID_TYPE');
    }
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).not.toContain('CurrencyType');
  });
});
