import type { OrgCurrencies } from '../emulatorKit.js';
import { roundTo } from '../orgCurrencies.js';
import type { HsRecord } from './objectTable.js';
import { LAST_MODIFIED, objectTypeInfo, type ObjectTypeName } from './objectTypes.js';
import type { PipelineCatalog } from './pipelines.js';
import { isoFromMs } from './propertyValues.js';

export type PropertyReader = (record: HsRecord) => string | undefined;

/**
 * How to read one property of one type. Stamps, the record id and pipeline-derived flags
 * (`hs_is_closed`, `hs_is_closed_won`, `hs_deal_stage_probability`) are computed on read, so
 * they can never disagree with the stage a record is in.
 */
export function propertyReader(pipelines: PipelineCatalog, type: ObjectTypeName, name: string, currencies?: OrgCurrencies): PropertyReader {
  if (name === 'hs_object_id') return (r) => r.id;
  if (name === LAST_MODIFIED) return (r) => isoFromMs(r.updatedAt);
  if (name === objectTypeInfo(type).createdProperty) return (r) => isoFromMs(r.createdAt);
  if (type === 'deals') {
    const stageMeta = (r: HsRecord) => {
      const stage = r.props.dealstage;
      return stage === undefined ? undefined : pipelines.stage('deals', r.props.pipeline ?? 'default', stage)?.metadata;
    };
    if (name === 'hs_is_closed') return (r) => stageMeta(r)?.isClosed;
    if (name === 'hs_is_closed_won') {
      return (r) => {
        const meta = stageMeta(r);
        return meta ? String(meta.isClosed === 'true' && Number(meta.probability) === 1) : undefined;
      };
    }
    if (name === 'hs_deal_stage_probability') return (r) => stageMeta(r)?.probability;
    // `amount` in the deal's currency (the company currency when none is set) times that
    // currency's exchange rate to the company currency (exchange-rates' `conversionRate`).
    if (name === 'amount_in_home_currency' && currencies) {
      return (r) => {
        const amount = r.props.amount;
        if (amount === undefined) return undefined;
        const rate = homeConversionRate(currencies, r.props.deal_currency_code ?? currencies.corporate);
        return rate === undefined ? undefined : String(roundTo(Number(amount) * rate, 2));
      };
    }
  }
  if (type === 'tickets' && name === 'hs_is_closed') {
    return (r) => {
      const stage = r.props.hs_pipeline_stage;
      return stage === undefined ? undefined : pipelines.stage('tickets', r.props.hs_pipeline ?? '0', stage)?.metadata.isClosed;
    };
  }
  return (r) => r.props[name];
}

/**
 * Epoch-ms reader for the two stamps, so time filters and sorts on 1.5 million records compare
 * numbers instead of parsing ISO strings.
 */
export function timestampReader(type: ObjectTypeName, name: string): ((record: HsRecord) => number) | undefined {
  if (name === LAST_MODIFIED) return (r) => r.updatedAt;
  if (name === objectTypeInfo(type).createdProperty) return (r) => r.createdAt;
  return undefined;
}

/**
 * HubSpot's `conversionRate` of a currency: "the exchange rate from the additional currency to your
 * company currency" (company units per one unit of it), the inverse of `OrgCurrencies.rate`, at
 * most 6 decimals as the Currencies API keeps it. Undefined for a code the portal does not have.
 */
export function homeConversionRate(currencies: OrgCurrencies, code: string): number | undefined {
  const c = currencies.currencies.find((x) => x.code === code);
  return c === undefined ? undefined : c.code === currencies.corporate ? 1 : roundTo(1 / c.rate, 6);
}
