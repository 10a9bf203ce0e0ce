import { currencyConfigSchema } from '../../src/config/currencyConfig.js';
import { ConfigError } from '../../src/model/errors.js';
import { bookCurrency } from '../../src/reporting/bookCurrency.js';
import { storeOrgCurrencies } from '../../state/currencies.js';
import { openState, type State } from '../../state/openState.js';
import { bundledMapping, engineConfig } from '../support/writebackFixture.js';

/** Two connectors in one report: a Salesforce org in USD, a HubSpot portal in EUR. */
describe('the currency a report adds money in', () => {
  let state: State;
  beforeEach(() => {
    state = openState(':memory:');
  });
  afterEach(() => state.close());

  const config = (currency: unknown = {}) => ({
    ...engineConfig([
      { name: 'acme-sf', mapping: bundledMapping('salesforce') },
      { name: 'acme-hs', mapping: bundledMapping('hubspot') },
    ]),
    currency: currencyConfigSchema.parse(currency),
  });
  const org = (name: string, corporate: string) =>
    storeOrgCurrencies(state, name, { corporate, rates: [{ code: corporate, perCorporate: 1, from: null, to: null }] }, '2026-12-01T00:00:00.000Z');

  it('is the one corporate currency connectors share, or none when no connector said', () => {
    expect(bookCurrency(state, config(), ['acme-sf', 'acme-hs']).code).toBeNull();
    org('acme-sf', 'USD');
    org('acme-hs', 'USD');
    const book = bookCurrency(state, config(), ['acme-sf', 'acme-hs']);
    expect(book.code).toBe('USD');
    expect(book.factor('acme-hs')).toBe(1);
  });

  it('refuses connectors in different currencies, naming both and the key to set', () => {
    org('acme-sf', 'USD');
    org('acme-hs', 'EUR');
    expect(() => bookCurrency(state, config(), ['acme-sf', 'acme-hs'])).toThrow(ConfigError);
    expect(() => bookCurrency(state, config(), ['acme-sf', 'acme-hs'])).toThrow(/acme-sf keeps its money in USD and acme-hs in EUR.*currency: \{ report: USD, rates: \{ EUR:/);
    expect(() => bookCurrency(state, config({ report: 'USD' }), ['acme-sf', 'acme-hs'])).toThrow(/currency\.rates\.EUR.*value of 1 EUR in USD/);
    // One connector alone needs nothing.
    expect(bookCurrency(state, config(), ['acme-hs']).code).toBe('EUR');
  });

  it('joins them at the rate the config gives', () => {
    org('acme-sf', 'USD');
    org('acme-hs', 'EUR');
    const book = bookCurrency(state, config({ report: 'USD', rates: { EUR: 1.08 } }), ['acme-sf', 'acme-hs']);
    expect(book.code).toBe('USD');
    expect(book.factor('acme-sf')).toBe(1);
    expect(book.factor('acme-hs')).toBe(1.08);
  });
});
