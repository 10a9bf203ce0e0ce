import type { OrgCurrencies } from '../../emulatorKit.js';
import { bool, date, idField, int, num, picklist, systemFields, type FieldDef } from './fieldDefs.js';
import type { ObjectDefinition } from './fieldDefs.js';

/**
 * A multi-currency org's schema additions (Object Reference, CurrencyType and DatedConversionRate;
 * Field Reference: "CurrencyIsoCode | Currency ISO Code | picklist | 3"). A single-currency org has
 * none of them: no CurrencyIsoCode field, and both objects are unknown (INVALID_TYPE).
 */

/**
 * `CurrencyIsoCode` as every object with currency fields carries it in a multi-currency org: a
 * restricted picklist of the active codes, defaulted on create (to the corporate currency: the
 * emulator's integration user keeps the corporate currency as its own).
 */
export function currencyIsoCodeField(org: OrgCurrencies): FieldDef {
  return { ...picklist('CurrencyIsoCode', 'Currency ISO Code', org.currencies.map((c) => c.code), { restricted: true, defaultValue: org.corporate }), length: 3 };
}

const id = (label: string): FieldDef => ({ ...idField(), label });
const readOnly = (f: FieldDef): FieldDef => ({ ...f, createable: false, updateable: false });

/** "Represents the currencies used by an organization for which the multicurrency feature is enabled." Not deletable. */
export function currencyType(org: OrgCurrencies): ObjectDefinition {
  return {
    name: 'CurrencyType',
    label: 'Currency Type',
    labelPlural: 'Currency Types',
    keyPrefix: '02E',
    deletable: false,
    fields: [
      id('Currency Type ID'),
      { ...picklist('IsoCode', 'Currency ISO Code', org.currencies.map((c) => c.code), { required: true, restricted: true, createOnly: true }), length: 40 },
      num('ConversionRate', 'Conversion Rate', 'double', 18, 6, { required: true }),
      int('DecimalPlaces', 'Decimal Places', 9, { required: true }),
      bool('IsActive', 'Active'),
      bool('IsCorporate', 'Corporate Currency'),
      ...systemFields(false),
    ],
  };
}

/**
 * "Represents the dated exchange rates used by an organization for which the multicurrency and the
 * effective dated currency features are enabled." Supported calls: delete, describe, query,
 * retrieve, update (no create); the emulator serves describe, query and update of ConversionRate.
 */
export function datedConversionRate(org: OrgCurrencies): ObjectDefinition {
  return {
    name: 'DatedConversionRate',
    label: 'Dated Conversion Rate',
    labelPlural: 'Dated Conversion Rates',
    keyPrefix: '04w',
    deletable: false,
    fields: [
      id('DatedConversion Rate ID'),
      readOnly({ ...picklist('IsoCode', 'Currency Code', org.currencies.map((c) => c.code), { required: true, restricted: true }), length: 40 }),
      { ...num('ConversionRate', 'Exchange Rate', 'double', 18, 6, { required: true }), createable: false },
      readOnly(date('StartDate', 'Date', { required: true })),
      date('NextStartDate', 'Next Start Date', { readOnly: true }),
      ...systemFields(false),
    ],
  };
}
