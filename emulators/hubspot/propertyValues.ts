import type { PropertyFailure } from './errors.js';
import type { PropertyDefinition } from './propertyDefinitions.js';

/**
 * Parsing and canonical forms of property values. HubSpot stores every value as a string:
 * numbers as written, booleans as `true`/`false`, datetimes as ISO-8601 with milliseconds,
 * dates as `YYYY-MM-DD` (midnight UTC), enumerations as the option value.
 */

const NUMBER = /^-?\d+(\.\d+)?$/;
const EPOCH_MS = /^-?\d{1,15}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isoFromMs(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch milliseconds of a datetime or date value as clients send it (epoch ms or ISO), or NaN. */
export function parseTimestamp(value: string): number {
  if (EPOCH_MS.test(value)) return Number(value);
  if (ISO_DATE.test(value)) return Date.parse(`${value}T00:00:00.000Z`);
  if (ISO_DATETIME.test(value)) return Date.parse(value);
  return Number.NaN;
}

/** Converts a raw JSON value to the string HubSpot would receive; null means "clear". */
export function rawToString(raw: unknown): string | null | undefined {
  if (raw === null) return null;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'boolean') return String(raw);
  return undefined;
}

export type Canonical = { ok: true; value: string } | { ok: false; failure: PropertyFailure };

function fail(def: PropertyDefinition, error: string, message: string, value: string): Canonical {
  return { ok: false, failure: { name: def.name, error, message, value } };
}

/**
 * The canonical stored form of a value for a property, or the failure HubSpot reports. Option
 * membership for enumerations is checked by the caller, which knows external option sources.
 */
export function canonicalValue(def: PropertyDefinition, value: string): Canonical {
  switch (def.type) {
    case 'number': {
      if (!NUMBER.test(value)) return fail(def, 'INVALID_INTEGER', `${value} was not a valid number.`, value);
      return { ok: true, value: String(Number(value)) };
    }
    case 'bool': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return fail(def, 'INVALID_BOOLEAN', `${value} was not a valid boolean.`, value);
      return { ok: true, value: lower };
    }
    case 'datetime': {
      const ms = parseTimestamp(value);
      if (!Number.isFinite(ms)) return fail(def, 'INVALID_DATETIME', `${value} was not a valid datetime; use epoch milliseconds or ISO 8601.`, value);
      return { ok: true, value: isoFromMs(ms) };
    }
    case 'date': {
      const ms = parseTimestamp(value);
      if (!Number.isFinite(ms)) return fail(def, 'INVALID_DATE', `${value} was not a valid date.`, value);
      const d = new Date(ms);
      if (ms % 86_400_000 !== 0) {
        const t = `${d.getUTCHours()}:${d.getUTCMinutes()}:${d.getUTCSeconds()}.${d.getUTCMilliseconds()}`;
        return fail(def, 'INVALID_DATE', `${ms} is at ${t} UTC, not midnight!`, value);
      }
      return { ok: true, value: d.toISOString().slice(0, 10) };
    }
    case 'enumeration':
    case 'string':
      return { ok: true, value };
  }
}

/** Option values of an enumeration value: checkbox properties hold several, `;`-separated. */
export function enumerationParts(def: PropertyDefinition, value: string): string[] {
  return def.fieldType === 'checkbox' ? value.split(';') : [value];
}

export function optionsMessage(value: string, allowed: readonly string[]): string {
  return `${value} was not one of the allowed options: [${allowed.join(', ')}]`;
}
