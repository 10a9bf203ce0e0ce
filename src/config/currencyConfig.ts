import { z } from 'zod';

const isoCode = z.string().regex(/^[A-Z]{3}$/, { error: 'expected a three-letter ISO currency code in capitals, e.g. USD' });

/**
 * The `currency:` section: the money reports and alerts show when connectors keep it in different
 * corporate currencies (a Salesforce org in USD, a HubSpot portal in EUR). Within one org the
 * CRM's own rates convert every record; these rates only join orgs.
 */
export const currencyConfigSchema = z.strictObject({
  /** Currency reports and alerts show money in. @default the connectors' corporate currency, when they share one */
  report: isoCode.optional(),
  /** What one unit of a connector's corporate currency is worth in `report`: `EUR: 1.08` when 1 EUR = 1.08 USD. */
  rates: z.record(isoCode, z.number().positive({ error: 'expected the value of one unit in the report currency, above 0' })).default({}),
});

export type CurrencyConfig = z.output<typeof currencyConfigSchema>;
