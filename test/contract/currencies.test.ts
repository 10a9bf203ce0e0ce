import { generateBook } from '../../emulators/book/generateBook.js';
import { MULTI_CURRENCY_ORG, type OrgCurrencies } from '../../emulators/emulatorKit.js';
import type { Connector, CurrencyFacts, CurrencyRate } from '../../src/contracts/connector.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { orgPerTest, type Org } from './orgHarness.js';

/**
 * `Connector.currencies()` on every registered CRM: null for a single-currency org; for a
 * multi-currency one the corporate currency, one current rate per active currency in units per
 * corporate unit, the fields records keep their code in, and (where the CRM keeps them) dated
 * rates by period. Every call it makes counts in the run's budget.
 */
const AS_OF = '2025-03-01T00:00:00.000Z';
const book = () => generateBook({ accounts: 40, seed: 19, asOf: AS_OF });
/** CRMs that keep rates by period (Salesforce advanced currency management); the others ignore `OrgCurrencies.dated`. */
const KEEPS_DATED_RATES = new Set(['salesforce']);
const WITHOUT_DATED: OrgCurrencies = { ...MULTI_CURRENCY_ORG, dated: false };

interface Read {
  facts: CurrencyFacts | null;
  /** Calls the connector counted in `budget().callsThisRun` for the read. */
  counted: number;
  /** Calls the emulator answered for it. */
  answered: number;
}

/** Opens the connector and logs it in (`check`), so the read's own calls can be told apart; then reads the currencies. */
async function readCurrencies(org: Org, connector: Connector): Promise<Read> {
  await connector.check();
  const counted = connector.budget().callsThisRun;
  const answered = org.emulator.totalCalls();
  expect(connector.currencies).toBeDefined();
  const facts = await connector.currencies!();
  return { facts, counted: connector.budget().callsThisRun - counted, answered: org.emulator.totalCalls() - answered };
}

async function withConnector<T>(org: Org, use: (connector: Connector) => Promise<T>): Promise<T> {
  const connector = await org.open();
  try {
    return await use(connector);
  } finally {
    await connector.close();
  }
}

/** `actual` within a relative 5e-4 of `expected` (HubSpot keeps the inverse rate to 6 decimals). */
function expectRelativelyClose(actual: number, expected: number): void {
  expect(actual / expected).toBeCloseTo(1, 3);
}

/** Each code's periods, in time order. */
function periodsByCode(dated: CurrencyRate[]): Map<string, CurrencyRate[]> {
  const out = new Map<string, CurrencyRate[]>();
  for (const r of dated) out.set(r.code, [...(out.get(r.code) ?? []), r]);
  for (const list of out.values()) list.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
  return out;
}

describe.each(EMULATED_CRMS)('currencies of a %s org', (crm) => {
  const orgs = orgPerTest();

  it('a single-currency org has none: null, its calls counted', async () => {
    const org = await orgs.start(crm, book());
    const read = await withConnector(org, (connector) => readCurrencies(org, connector));
    expect(read.facts).toBeNull();
    expect(read.counted).toBe(read.answered);
    expect(read.counted).toBeGreaterThanOrEqual(1);
    expect(read.counted).toBeLessThanOrEqual(2);
  });

  it('a multi-currency org: the corporate currency, one rate per active currency in units per corporate unit, in two counted calls', async () => {
    const org = await orgs.start(crm, book(), { currencies: MULTI_CURRENCY_ORG });
    const read = await withConnector(org, (connector) => readCurrencies(org, connector));
    const facts = read.facts!;
    expect(facts).not.toBeNull();
    expect(facts.corporate).toBe('USD');
    expect(facts.rates.map((r) => r.code).sort()).toEqual(MULTI_CURRENCY_ORG.currencies.map((c) => c.code).sort());
    expect(facts.rates.find((r) => r.code === 'USD')!.perCorporate).toBe(1);
    for (const c of MULTI_CURRENCY_ORG.currencies) expectRelativelyClose(facts.rates.find((r) => r.code === c.code)!.perCorporate, c.rate);
    // Current rates carry no period.
    for (const r of facts.rates) expect(r.from ?? r.to).toBeUndefined();
    expect(read.counted).toBe(2);
    expect(read.answered).toBe(2);
  });

  it('names, for each object, a field its describeFields lists, holding the codes of the rates', async () => {
    const org = await orgs.start(crm, book(), { currencies: WITHOUT_DATED });
    await withConnector(org, async (connector) => {
      const facts = (await connector.currencies!())!;
      expect(Object.keys(facts.recordFields).length).toBeGreaterThan(0);
      for (const [object, field] of Object.entries(facts.recordFields)) {
        expect((await connector.describeFields(object)).map((f) => f.name)).toContain(field);
      }
      // The opportunities' own field holds their codes, every one of them a currency with a rate.
      const source = org.config.connectors[0]!.mapping.objects.opportunities.source;
      const field = facts.recordFields[source];
      expect(field).toBeDefined();
      const codes = new Set(org.emulator.data.records('opportunities', source, [field!]).map(({ record }) => record.fields[field!]));
      expect(codes.size).toBeGreaterThan(1);
      for (const code of codes) expect(facts.rates.map((r) => r.code)).toContain(code);
    });
  });

  it('dated rates, where the CRM keeps them: per code contiguous periods that never overlap, the latest still in force, read to the last page', async () => {
    // Small pages: the dated rates take several query pages, every one read and counted.
    const org = await orgs.start(crm, book(), { currencies: MULTI_CURRENCY_ORG, smallPages: true });
    const { facts, counted, answered } = await withConnector(org, (connector) => readCurrencies(org, connector));
    expect(counted).toBe(answered);
    const { dated, rates } = facts!;
    if (!KEEPS_DATED_RATES.has(crm)) {
      expect(dated).toEqual([]);
      return;
    }
    const periods = periodsByCode(dated);
    expect([...periods.keys()].sort()).toEqual(rates.map((r) => r.code).sort());
    const today = AS_OF.slice(0, 10);
    for (const [code, list] of periods) {
      expect(list.length).toBeGreaterThan(1);
      list.forEach((p, i) => {
        expect(p.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (i < list.length - 1) {
          // Contiguous and never overlapping: each period ends the day the next one begins.
          expect(p.to).toBe(list[i + 1]!.from);
          expect(p.from! < p.to!).toBe(true);
        } else {
          expect(p).not.toHaveProperty('to');
        }
        expect(p.perCorporate).toBeGreaterThan(0);
      });
      // The period holding today has the current rate.
      const now = list.find((p) => p.from! <= today && (p.to === undefined || today < p.to));
      expect(now).toBeDefined();
      expectRelativelyClose(now!.perCorporate, rates.find((r) => r.code === code)!.perCorporate);
    }
  });

  it('without dated rates (no advanced currency management): dated is empty, the current rates as before', async () => {
    const org = await orgs.start(crm, book(), { currencies: WITHOUT_DATED });
    const read = await withConnector(org, (connector) => readCurrencies(org, connector));
    expect(read.facts).toMatchObject({ corporate: 'USD', dated: [] });
    expect(read.facts!.rates).toHaveLength(MULTI_CURRENCY_ORG.currencies.length);
    expect(read.counted).toBe(2);
    expect(read.counted).toBe(read.answered);
  });
});
