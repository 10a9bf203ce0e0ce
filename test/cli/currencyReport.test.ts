import { appendFileSync } from 'node:fs';
import { MULTI_CURRENCY_ORG, type OrgCurrencies } from '../../emulators/emulatorKit.js';
import { runCliAsync } from '../support/runCli.js';
import { serveBookWithConfig, type ServedBook } from '../support/demoBook.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A HubSpot portal whose company currency is the euro, a tenth of its deals in dollars. */
const EURO_PORTAL: OrgCurrencies = {
  corporate: 'EUR',
  currencies: [
    { code: 'EUR', rate: 1, share: 0.9 },
    { code: 'USD', rate: 1.08, share: 0.1 },
  ],
};

/**
 * The path from a multi-currency org to one report, through the built CLI: `map` finds each
 * record's currency, a run converts at the org's rates, and a report over a Salesforce org in USD
 * and a HubSpot portal in EUR is refused until the config says how to join them.
 */
describe('one report over connectors in different currencies (spawned CLI; run `npm run build` first)', () => {
  let book: ServedBook;
  const cli = (...args: string[]) => runCliAsync(['-c', book.configFile, ...args], { env: book.env });
  const report = async (...args: string[]) => {
    const result = await cli('report', '--html', `${book.dir}/report.html`, '--json', ...args);
    return { status: result.status, stderr: result.stderr, json: result.status === 0 ? (JSON.parse(result.stdout) as Json) : null };
  };

  beforeAll(async () => {
    book = await serveBookWithConfig({ accounts: 60, currenciesOf: { salesforce: MULTI_CURRENCY_ORG, hubspot: EURO_PORTAL } });
  }, 60_000);
  afterAll(async () => book?.close());

  it('maps the record currencies, runs, and refuses to add euros to dollars until the config gives a rate', async () => {
    const mapped = await cli('map');
    expect(mapped.status).toBe(0);
    expect(mapped.stdout).toContain('opportunities.currency');
    expect((await cli('setup-fields')).status).toBe(0);
    expect((await cli('validate')).status).toBe(0);
    expect((await cli('run')).status).toBe(0);

    const refused = await report();
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/acme-sf keeps its money in USD and acme-hs in EUR/);
    expect(refused.stderr).toContain('currency: { report: USD, rates: { EUR:');

    const sf = (await report('--connector', 'acme-sf')).json!;
    const hs = (await report('--connector', 'acme-hs')).json!;
    expect(sf.currency).toBe('USD');
    expect(hs.currency).toBe('EUR');
    // The same book on both sides, each org holding its values in its own corporate currency.
    expect(Math.abs(hs.totals.arr - sf.totals.arr) / sf.totals.arr).toBeLessThan(1e-6);

    appendFileSync(book.configFile, '\ncurrency:\n  report: USD\n  rates: { EUR: 1.08 }\n');
    const joined = (await report()).json!;
    expect(joined.currency).toBe('USD');
    // Each customer once (matched by the mapped website), at its larger ARR: here always HubSpot's, as the same numbers in euros are worth 1.08 times more.
    expect(joined.totals.accounts).toBe(sf.totals.accounts);
    expect(joined.totals.arr).toBeCloseTo(hs.totals.arr * 1.08, 2);
    const text = await cli('report', '--html', `${book.dir}/report.html`);
    expect(text.stdout).toMatch(/ARR \$\d/);
  }, 120_000);
});
