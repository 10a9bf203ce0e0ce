import { FatalError, type CurrencyFacts, type CurrencyRate } from '../../src/contracts/connector.js';
import { getJson } from './check.js';
import type { HubSpotContext } from './context.js';

/** An exchange rate as the Settings API's Currencies endpoints answer it (the parts we use). */
interface ExchangeRate {
  fromCurrencyCode: string;
  toCurrencyCode: string;
  /** Units of `toCurrencyCode` (the company currency) per one unit of `fromCurrencyCode`, up to 6 decimals. */
  conversionRate: number | string;
  effectiveAt?: string;
}

/**
 * Deals keep their currency in `deal_currency_code`. Companies hold none: their revenue
 * properties are in the company currency.
 */
const RECORD_FIELDS: Record<string, string> = { deals: 'deal_currency_code' };

/**
 * The portal's currencies through the Settings API (Currencies, v3; @hubspot/api-client wraps
 * none of it, so both are raw GETs through the connector's call path, counted and retried like
 * every other call). The current rates first: a portal with none is single-currency, and one
 * call settles it; otherwise the company currency, two calls in all. HubSpot's `conversionRate`
 * runs the other way from the contract's (company units per unit of the other currency), so
 * `perCorporate` is its inverse. HubSpot keeps one rate per currency: no dated rates.
 */
export async function currencies(ctx: HubSpotContext): Promise<CurrencyFacts | null> {
  const current = await getJson<{ results?: ExchangeRate[] }>(ctx, 'currency exchange rates', '/settings/v3/currencies/exchange-rates/current');
  if (!current.results?.length) return null;
  const company = await getJson<{ id?: string }>(ctx, 'company currency', '/settings/v3/currencies/company-currency');
  // `id` is required in the documented answer; guessing a company currency would convert every amount wrongly.
  const corporate = company.id;
  if (!corporate) throw new FatalError('HUBSPOT_CURRENCIES', 'GET /settings/v3/currencies/company-currency answered no currency code (id)');

  // Only pairs into the company currency convert a deal's amount; the newest one per currency wins.
  const latest = new Map<string, ExchangeRate>();
  for (const rate of current.results) {
    if (rate.toCurrencyCode !== corporate || rate.fromCurrencyCode === corporate || !(Number(rate.conversionRate) > 0)) continue;
    const held = latest.get(rate.fromCurrencyCode);
    if (!held || (rate.effectiveAt ?? '') > (held.effectiveAt ?? '')) latest.set(rate.fromCurrencyCode, rate);
  }
  // Rates that all lead elsewhere (the company currency changed since they were set) leave deals nothing to convert with.
  if (latest.size === 0) return null;
  const rates: CurrencyRate[] = [
    { code: corporate, perCorporate: 1 },
    ...[...latest.values()].map((r) => ({ code: r.fromCurrencyCode, perCorporate: 1 / Number(r.conversionRate) })),
  ];
  return { corporate, rates, dated: [], recordFields: { ...RECORD_FIELDS } };
}
