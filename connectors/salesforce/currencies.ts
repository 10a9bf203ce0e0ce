import { FatalError, type CurrencyFacts, type CurrencyRate } from '../../src/contracts/connector.js';
import { SalesforceRequestRejected } from './errors.js';
import { queryPages } from './queryPages.js';
import type { SalesforceApi } from './salesforceApi.js';

interface CurrencyTypeRow {
  IsoCode: string;
  ConversionRate: number;
  IsCorporate: boolean;
}

interface DatedRateRow {
  IsoCode: string;
  ConversionRate: number;
  StartDate: string;
  NextStartDate: string | null;
}

/**
 * Where records keep their currency code in a multi-currency org: every object with currency
 * fields carries `CurrencyIsoCode` (Field Reference). The standard objects the engine pulls;
 * none of them can be missing from an org that has multiple currencies.
 */
const RECORD_FIELDS: Record<string, string> = { Account: 'CurrencyIsoCode', Opportunity: 'CurrencyIsoCode', Case: 'CurrencyIsoCode' };

/**
 * A NextStartDate at or past this day means "no next period": the field is nillable, and orgs
 * are seen to close the open-ended period with 9999-12-31 instead of null.
 */
const FAR_FUTURE = '9000-01-01';

/**
 * The org's currencies: CurrencyType for the corporate currency and the current rates, then
 * DatedConversionRate (advanced currency management) for the rates by period. Both objects are
 * unknown in an org without the feature (INVALID_TYPE), which is how a single-currency org, and an
 * org without dated rates, are told apart: two calls for a multi-currency org (more only when the
 * dated rates take more than one page), one for a single-currency org. ConversionRate is already
 * units of the currency per corporate unit, the contract's direction.
 */
export async function currencies(api: SalesforceApi): Promise<CurrencyFacts | null> {
  const types = await unlessUnknown(() => allRows<CurrencyTypeRow>(api, 'SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType WHERE IsActive = true'));
  if (types === null) return null;
  const corporate = types.find((t) => t.IsCorporate);
  // The org answered CurrencyType, so it has currencies; one is always corporate.
  if (!corporate) throw new FatalError('SALESFORCE_CURRENCIES', 'CurrencyType lists no active corporate currency');
  const rates: CurrencyRate[] = types.map((t) => ({ code: t.IsoCode, perCorporate: t.IsCorporate ? 1 : Number(t.ConversionRate) }));

  const datedRows = await unlessUnknown(() => allRows<DatedRateRow>(api, 'SELECT IsoCode, ConversionRate, StartDate, NextStartDate FROM DatedConversionRate'));
  const dated = (datedRows ?? [])
    .map((r): CurrencyRate => {
      const to = r.NextStartDate ? r.NextStartDate.slice(0, 10) : undefined;
      return { code: r.IsoCode, perCorporate: Number(r.ConversionRate), from: r.StartDate.slice(0, 10), ...(to && to < FAR_FUTURE ? { to } : {}) };
    })
    // By code, then in time: how a reader looks up the period holding a date.
    .sort((a, b) => a.code.localeCompare(b.code) || (a.from as string).localeCompare(b.from as string));

  return { corporate: corporate.IsoCode, rates, dated, recordFields: { ...RECORD_FIELDS } };
}

/** Every row of a query. */
async function allRows<Row>(api: SalesforceApi, soql: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const records of queryPages<Row>(api, soql)) rows.push(...records);
  return rows;
}

/** Null when the org does not have the object queried (INVALID_TYPE): the feature is off. */
async function unlessUnknown<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof SalesforceRequestRejected && error.code === 'INVALID_TYPE') return null;
    throw error;
  }
}
