import { MULTI_CURRENCY_ORG, type OrgCurrencies } from '../../emulators/emulatorKit.js';
import { openConnector } from '../../src/cli/connectorsFor.js';
import { arrAtRisk, type BookAccount } from '../../src/reporting/bookFigures.js';
import { checkConnector } from '../../src/validate/checkConnector.js';
import { orgMoney } from '../../state/currencies.js';
import { openState, type State } from '../../state/openState.js';
import { passAccounts, passBandTotals, type PassAccount } from '../../state/reportData.js';
import { readScoringInputs } from '../../state/scoringInputs.js';
import { latestPass } from '../../state/snapshots.js';
import { statusReport } from '../../state/statusReport.js';
import { CONNECTOR, startCrm, type CrmUnderTest } from '../support/convergence.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';

/**
 * A multi-currency org (80% of accounts in USD, 12% EUR, 5% GBP, 3% JPY) holding the same book
 * as a single-currency one: once its records' currencies are mapped, every total, rank and
 * churn-model input is the single-currency org's, in its corporate currency. The book's values
 * are corporate money; the emulators store each account's in its own currency.
 */
const ACCOUNTS = 160;
const SEED = 11;
const CURRENT_RATES_ONLY: OrgCurrencies = { ...MULTI_CURRENCY_ORG, dated: false };

interface Scored {
  accounts: Map<string, PassAccount>;
  bandArr: number;
  state: State;
}

function scoredBook(crm: CrmUnderTest): Scored {
  const state = openState(crm.config.statePath);
  const asOf = latestPass(state, CONNECTOR)!.asOf;
  const accounts = new Map(passAccounts(state, CONNECTOR, asOf).map((a) => [a.name!, a]));
  expect(accounts.size).toBeGreaterThan(ACCOUNTS / 2);
  const bandArr = passBandTotals(state, CONNECTOR, asOf).reduce((sum, b) => sum + b.arr, 0);
  return { accounts, bandArr, state };
}

const topAtRisk = (s: Scored, n: number) =>
  arrAtRisk([...s.accounts.values()].map((a): BookAccount => ({ ...a, connector: CONNECTOR })), n).top.map((a) => a.name);

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe.each(EMULATED_CRMS)('money in one currency on a multi-currency %s org', (crmType) => {
  const started: CrmUnderTest[] = [];
  const states: State[] = [];
  const start = async (...args: Parameters<typeof startCrm>) => {
    const crm = await startCrm(...args);
    started.push(crm);
    return crm;
  };
  const scored = (crm: CrmUnderTest) => {
    const s = scoredBook(crm);
    states.push(s.state);
    return s;
  };
  afterEach(async () => {
    for (const s of states.splice(0)) s.close();
    await Promise.all(started.splice(0).map((c) => c.close()));
  });

  it('totals, ranks, scores and churn-model inputs equal the single-currency org’s', async () => {
    const single = await start(crmType, { accounts: ACCOUNTS, seed: SEED });
    const multi = await start(crmType, { accounts: ACCOUNTS, seed: SEED, currencies: CURRENT_RATES_ONLY });
    expect((await single.run()).ok).toBe(true);
    expect((await multi.run()).ok).toBe(true);
    const one = scored(single);
    const many = scored(multi);

    // The org really keeps foreign money: some accounts or deals hold other currencies.
    const held = many.state.db.prepare("SELECT COUNT(*) FROM opportunities WHERE connector = ? AND currency NOT IN ('USD')").pluck().get(CONNECTOR) as number;
    expect(held).toBeGreaterThan(0);
    expect(orgMoney(many.state, CONNECTOR).corporate).toBe('USD');

    expect(relative(many.bandArr, one.bandArr)).toBeLessThan(1e-6);
    for (const [name, a] of one.accounts) {
      const b = many.accounts.get(name)!;
      if (a.arr === null) expect(b.arr).toBeNull();
      else expect(relative(b.arr!, a.arr)).toBeLessThan(1e-4);
      expect(Math.abs(b.health - a.health)).toBeLessThan(0.05);
      expect(b.band).toBe(a.band);
      expect(Math.abs(b.churnRisk - a.churnRisk)).toBeLessThan(1e-3);
    }
    expect(topAtRisk(many, 15)).toEqual(topAtRisk(one, 15));

    // What the churn model and the measures read: every amount, in USD.
    const amounts = (s: Scored) => new Map(readScoringInputs(s.state, CONNECTOR).flatMap((a) => a.opportunities.map((o) => [`${a.name}|${o.closeMs}|${o.type}|${o.stage}`, o.amount] as const)));
    const oneAmounts = amounts(one);
    for (const [key, amount] of amounts(many)) {
      const expected = oneAmounts.get(key);
      if (expected === undefined || expected === null) continue;
      expect(relative(amount!, expected)).toBeLessThan(1e-4);
    }
  });

  it('without the currency mapped, validate says which field to map; the run would count yen as dollars', async () => {
    const multi = await start(crmType, { accounts: 40, seed: SEED, currencies: MULTI_CURRENCY_ORG, mapCurrency: false });
    const entry = multi.config.connectors[0]!;
    const connector = await openConnector(entry);
    try {
      const check = await checkConnector(connector, entry.mapping, entry.locateMappingEntry);
      expect(check.ok).toBe(false);
      const facts = (await connector.currencies!())!;
      const field = facts.recordFields[entry.mapping.objects.opportunities.source]!;
      expect(check.problems.join('\n')).toContain(`add \`currency: ${field}\` under objects.opportunities.fields`);
      expect(check.problems.join('\n')).toContain('USD or EUR, GBP, JPY');
    } finally {
      await connector.close();
    }
  });

  it('a mapping that starts reading the currency pulls those records again, once', async () => {
    const multi = await start(crmType, { accounts: 40, seed: SEED, currencies: CURRENT_RATES_ONLY, mapCurrency: false });
    expect((await multi.run()).ok).toBe(true);
    const entry = multi.config.connectors[0]!;
    const facts = await (async () => {
      const connector = await openConnector(entry);
      try {
        return (await connector.currencies!())!;
      } finally {
        await connector.close();
      }
    })();
    const withCode = () => {
      const state = openState(multi.config.statePath);
      try {
        return state.db.prepare('SELECT COUNT(*) FROM opportunities WHERE connector = ? AND currency IS NOT NULL').pluck().get(CONNECTOR) as number;
      } finally {
        state.close();
      }
    };
    expect(withCode()).toBe(0);
    (entry.mapping.objects.opportunities.fields as Record<string, string>).currency = facts.recordFields[entry.mapping.objects.opportunities.source]!;
    const pulledDeals = (job: Awaited<ReturnType<CrmUnderTest['run']>>) => job.connectors[0]!.sync!.outcomes.find((o) => o.object === 'opportunities')!.pulled;
    const again = await multi.run();
    expect(again.ok).toBe(true);
    const live = withCode();
    expect(live).toBeGreaterThan(0);
    expect(pulledDeals(again)).toBeGreaterThanOrEqual(live);
    const third = await multi.run();
    expect(third.ok).toBe(true);
    expect(withCode()).toBe(live);
    expect(pulledDeals(third)).toBe(0);
  });

  it('a rate changed in the CRM re-converts on the next run, with no record pulled again', async () => {
    const multi = await start(crmType, { accounts: 60, seed: SEED, currencies: CURRENT_RATES_ONLY });
    expect((await multi.run()).ok).toBe(true);
    const synced = () => {
      const state = openState(multi.config.statePath);
      try {
        return state.db.prepare('SELECT crm_id, synced_at FROM opportunities WHERE connector = ? ORDER BY crm_id').raw().all(CONNECTOR);
      } finally {
        state.close();
      }
    };
    const before = synced();
    multi.emulator.data.setCurrencyRate('EUR', 0.8);
    expect((await multi.run()).ok).toBe(true);
    expect(synced()).toEqual(before);
    const state = openState(multi.config.statePath);
    states.push(state);
    expect(orgMoney(state, CONNECTOR).rates.find((r) => r.code === 'EUR' && r.from === null)?.perCorporate).toBeCloseTo(0.8, 5);
    const euroDeals = state.db.prepare("SELECT amount FROM opportunities WHERE connector = ? AND currency = 'EUR' AND amount > 0 ORDER BY crm_id").pluck().all(CONNECTOR) as number[];
    expect(euroDeals.length).toBeGreaterThan(0);
    const read = readScoringInputs(state, CONNECTOR).flatMap((a) => a.opportunities).map((o) => o.amountAtCurrentRate);
    for (const amount of euroDeals) expect(read.some((r) => r !== null && Math.abs(r - amount / 0.8) < 0.01)).toBe(true);
    expect(statusReport(state).currencies).toEqual([expect.objectContaining({ connector: CONNECTOR, corporate: 'USD', codes: ['EUR', 'GBP', 'JPY', 'USD'], unconverted: [] })]);
  });

  it('with dated rates, a deal converts at the rate in force on its close date', async () => {
    const multi = await start(crmType, { accounts: 60, seed: SEED, currencies: MULTI_CURRENCY_ORG });
    const single = await start(crmType, { accounts: 60, seed: SEED });
    expect((await multi.run()).ok).toBe(true);
    expect((await single.run()).ok).toBe(true);
    const read = (crm: CrmUnderTest) => {
      const state = openState(crm.config.statePath);
      states.push(state);
      return readScoringInputs(state, CONNECTOR);
    };
    const key = (name: string | null, o: { closeMs: number | null; type: string | null; stage: string | null }) => `${name}|${o.closeMs}|${o.type}|${o.stage}`;
    const book = new Map(read(single).flatMap((a) => a.opportunities.map((o) => [key(a.name, o), o.amount] as const)));
    let foreign = 0;
    for (const a of read(multi)) {
      for (const o of a.opportunities) {
        const expected = book.get(key(a.name, o));
        if (expected === undefined || expected === null || o.amount === null) continue;
        // The emulators store a deal at the rate of its close date where the org keeps dated rates.
        expect(relative(o.amount, expected)).toBeLessThan(1e-4);
        if (o.amountAtCurrentRate !== null && relative(o.amountAtCurrentRate, o.amount) > 1e-6) foreign += 1;
      }
    }
    const dated = multi.emulator.label === 'Salesforce';
    // Only an org with dated rates has deals whose current-rate value differs from their close-date value.
    expect(foreign > 0).toBe(dated);
  });
});
