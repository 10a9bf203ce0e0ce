/**
 * Value coercion from CRM wire formats to canonical values. Salesforce sends typed JSON
 * (numbers, booleans, `2024-01-01T00:00:00.000+0000`); HubSpot sends every property as a string
 * (`"25000.5"`, `"true"`, ISO or epoch-millisecond dates). A value that cannot be read throws a
 * `CoercionError`, which the mapper turns into a quarantine reason.
 */
import { canonicalUtc } from '../model/time.js';

export class CoercionError extends Error {}

const describe = (value: unknown) => (typeof value === 'string' ? `"${value.slice(0, 60)}"` : JSON.stringify(value));

export function toText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new CoercionError(`expected text, got ${describe(value)}`);
}

/** An ISO 4217 code (`EUR`); the CRMs keep it in a picklist of the org's currencies. */
export function toCurrencyCode(value: unknown): string | null {
  const text = toText(value);
  if (text === null) return null;
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new CoercionError(`expected a three-letter currency code, got ${describe(value)}`);
  return code;
}

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n)) throw new CoercionError(`expected a number, got ${describe(value)}`);
  return n;
}

export function toBoolean(value: unknown): boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new CoercionError(`expected true or false, got ${describe(value)}`);
}

const EPOCH_MS = /^\d{10,14}$/;

/** Any CRM datetime to ISO-8601 UTC with milliseconds. */
export function toDateTime(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') {
    const canonical = canonicalUtc(value);
    if (canonical !== null) return canonical;
  }
  let time: number;
  if (typeof value === 'number' || (typeof value === 'string' && EPOCH_MS.test(value))) {
    time = Number(value);
  } else if (typeof value === 'string') {
    // Salesforce writes offsets without a colon (+0000), which Date.parse does not accept everywhere.
    time = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  } else {
    time = Number.NaN;
  }
  if (!Number.isFinite(time)) throw new CoercionError(`expected a date-time, got ${describe(value)}`);
  return new Date(time).toISOString();
}

/** Any CRM date (or datetime, read in UTC) to `YYYY-MM-DD`. */
export function toDate(value: unknown): string | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const dateTime = toDateTime(value);
  return dateTime === null ? null : dateTime.slice(0, 10);
}

/**
 * Any CRM date or datetime to the start of its UTC day, as ISO-8601: for facts some CRMs keep only
 * as a date (Salesforce's `LastActivityDate`), so the same fact reads the same from every CRM.
 */
export function toDayStart(value: unknown): string | null {
  const date = toDate(value);
  return date === null ? null : `${date}T00:00:00.000Z`;
}

/**
 * A numeric CRM value in the canonical unit. 15 significant digits drop the binary noise of the
 * product (0.55 × 100 is 55.00000000000001) and keep everything a double can say.
 */
export function scaled(value: number, factor: number): number {
  return factor === 1 ? value : Number((value * factor).toPrecision(15));
}
