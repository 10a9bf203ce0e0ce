import { HubSpotApiError, validationError } from '../errors.js';
import { homeConversionRate } from '../propertyReaders.js';
import { decodeCursor, encodeCursor, limitParam } from './requestParsing.js';
import { route, type RouteContext } from './routeContext.js';

/**
 * The read side of the Settings API's Currencies (https://developers.hubspot.com/docs/api-reference/settings-multicurrency-v3/guide):
 * the company currency ("make a GET request to /settings/v3/currencies/company-currency") and the
 * exchange rates ("To view all of your account's current currencies and exchange rates, make a GET
 * request to /settings/v3/currencies/exchange-rates/current"; "including historical currencies, make
 * a GET request to /settings/v3/currencies/exchange-rates … using the limit, after,
 * fromCurrencyCode and toCurrencyCode query parameters"). A rate's `conversionRate` is "the
 * exchange rate from the additional currency to your company currency": company units per one
 * unit of `fromCurrencyCode`; `toCurrencyCode` is the company currency. A single-currency portal
 * answers USD and no exchange rates. The portal keeps one rate per additional currency (no history):
 * an admin's change (`CrmData.setCurrencyRate`) replaces it in place and moves its `updatedAt`.
 */
export function registerCurrencyRoutes(ctx: RouteContext, asOf: number): void {
  const { store } = ctx;
  const currencies = store.currencies;
  const company = currencies?.corporate ?? 'USD';
  const setUp = new Date(asOf - 400 * 86_400_000).toISOString();
  // Built on each request, not at registration: an admin may change a rate (store.setExchangeRate)
  // while the portal runs. Ids stay by position in the portal's currency list.
  const currentRates = () =>
    (currencies?.currencies ?? [])
      .filter((c) => c.code !== company)
      .map((c, i) => {
        const changed = store.exchangeRateUpdatedAt(c.code);
        return {
          conversionRate: homeConversionRate(currencies!, c.code) as number,
          createdAt: setUp,
          effectiveAt: setUp,
          fromCurrencyCode: c.code,
          id: String(9_100_001 + i),
          toCurrencyCode: company,
          updatedAt: changed === undefined ? setUp : new Date(changed).toISOString(),
          visibleInUI: true,
        };
      });

  route(ctx, 'GET', '/settings/v3/currencies/company-currency', () => ({
    // Response as documented for "Get the company currency": `id` "The currency code for the company currency", `createdAt`.
    status: 200,
    body: { createdAt: setUp, id: company },
  }));

  route(ctx, 'GET', '/settings/v3/currencies/exchange-rates/current', () => ({ status: 200, body: { results: currentRates() } }));

  route(ctx, 'GET', '/settings/v3/currencies/exchange-rates', (req) => {
    const limit = limitParam(req.query, 100, 100);
    const from = req.query.get('fromCurrencyCode');
    const to = req.query.get('toCurrencyCode');
    const matching = currentRates().filter((r) => (!from || r.fromCurrencyCode === from) && (!to || r.toCurrencyCode === to));
    const after = req.query.get('after');
    const start = after ? decodeCursor(after) : 0;
    const page = matching.slice(start, start + limit);
    const body: Record<string, unknown> = { results: page };
    if (start + page.length < matching.length) {
      const cursor = encodeCursor(start + page.length);
      body.paging = { next: { after: cursor, link: `${ctx.baseUrl()}/settings/v3/currencies/exchange-rates?after=${cursor}` } };
    }
    return { status: 200, body };
  });

  route(ctx, 'GET', '/settings/v3/currencies/exchange-rates/:exchangeRateId', (req) => {
    const id = req.params.exchangeRateId ?? '';
    if (!/^\d+$/.test(id)) throw validationError(`Invalid exchange rate id: ${id}`);
    const rate = currentRates().find((r) => r.id === id);
    if (!rate) throw new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `Exchange rate ${id} not found`, { context: { id: [id] } });
    return { status: 200, body: rate };
  });
}
