import { RecordProblem, jsonParserError } from './errors.js';
import type { FieldDef, FieldValue } from './schema/fieldDefs.js';

/**
 * Datetimes are stored as canonical UTC ISO strings (`2024-01-31T12:00:00.000Z`): they compare
 * chronologically as text, and rows loaded from the book share the book's strings instead of
 * allocating millions of boxed numbers.
 */
export function isoDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The stored form of an ISO datetime text, reusing the text itself when already canonical. */
export function storedDateTime(text: string): string {
  if (CANONICAL.test(text)) return text;
  const ms = parseDateTime(text) ?? Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`invalid datetime ${text}`);
  return isoDateTime(ms);
}

/** Salesforce writes datetimes with milliseconds and a `+0000` offset (no colon). */
export function formatDateTime(ms: number): string {
  return isoDateTime(ms).replace('Z', '+0000');
}

/** A stored value as the REST API writes it in JSON. */
export function wireValue(field: FieldDef, value: FieldValue | undefined): FieldValue {
  if (value === undefined || value === null) return null;
  if (field.type === 'datetime' && typeof value === 'string') return `${value.slice(0, -1)}+0000`;
  return value;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isValidDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/** Parses the datetime forms the REST API accepts in bodies; undefined when it is not one. */
export function parseDateTime(text: string): number | undefined {
  const m = DATETIME_RE.exec(text);
  if (!m || !isValidDate(m[1] ?? '')) return undefined;
  const [, day, hh = '00', mi = '00', ss = '00', frac = '', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${day}T${hh}:${mi}:${ss}.${frac.padEnd(3, '0').slice(0, 3)}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Jackson's token names, which Salesforce echoes in JSON_PARSER_ERROR messages. */
function jacksonToken(raw: unknown): string {
  if (raw === true) return 'VALUE_TRUE';
  if (raw === false) return 'VALUE_FALSE';
  if (typeof raw === 'number') return Number.isInteger(raw) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  if (Array.isArray(raw)) return 'START_ARRAY';
  if (typeof raw === 'object') return 'START_OBJECT';
  return 'VALUE_STRING';
}

function cannotDeserialize(javaType: string, raw: unknown, where: string): Error {
  const shown = typeof raw === 'object' && raw !== null ? (Array.isArray(raw) ? '[' : '{') : String(raw);
  return jsonParserError(
    `Cannot deserialize instance of ${javaType} from ${jacksonToken(raw)} value ${shown} or request may be missing a required field at ${where}`,
  );
}

/**
 * Turns a JSON body value into the stored representation. Values the API cannot even read fail
 * the whole request (JSON_PARSER_ERROR), exactly as Salesforce's deserializer does before any
 * record is processed; `where` is the `[line:L, column:C]` position for the message.
 */
export function deserializeValue(field: FieldDef, raw: unknown, where: string): FieldValue {
  if (raw === null) return null;
  const scalar = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean';
  switch (field.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
      throw cannotDeserialize('boolean', raw, where);
    }
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const javaType = field.type === 'int' ? 'int' : 'double';
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) throw cannotDeserialize(javaType, raw, where);
      return n;
    }
    case 'date': {
      if (typeof raw === 'string' && isValidDate(raw)) return raw;
      throw cannotDeserialize('date', raw, where);
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : undefined;
      if (ms === undefined) throw cannotDeserialize('datetime', raw, where);
      return isoDateTime(ms);
    }
    default: {
      if (!scalar) throw cannotDeserialize('string', raw, where);
      const text = String(raw);
      // The API stores an empty text value as null.
      return text === '' ? null : text;
    }
  }
}

function roundHalfUp(n: number, scale: number): number {
  const factor = 10 ** scale;
  return (Math.sign(n) * Math.round(Math.abs(n) * factor)) / factor;
}

/** Save-time checks of one value against its field; problems are per-record errors. */
export function checkValue(field: FieldDef, value: FieldValue): FieldValue {
  if (value === null) return null;
  const label = field.label;
  switch (field.type) {
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = value as number;
      const rounded = field.type === 'int' ? n : roundHalfUp(n, field.scale);
      const integerDigits = field.type === 'int' ? field.digits : field.precision - field.scale;
      if (Math.abs(Math.trunc(rounded)) >= 10 ** integerDigits) {
        throw new RecordProblem('NUMBER_OUTSIDE_VALID_RANGE', `${label}: value outside of valid range on numeric field: ${n}`, [field.name]);
      }
      return rounded;
    }
    case 'string':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'url':
    case 'picklist':
    case 'combobox': {
      const text = value as string;
      if (field.length > 0 && text.length > field.length) {
        throw new RecordProblem('STRING_TOO_LONG', `${label}: data value too large: ${text} (max length=${field.length})`, [field.name]);
      }
      if (field.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) {
        throw new RecordProblem('INVALID_EMAIL_ADDRESS', `${label}: invalid email address: ${text}`, [field.name]);
      }
      if (field.type === 'picklist' && field.restrictedPicklist && !field.picklistValues.some((p) => p.value === text)) {
        throw new RecordProblem('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${label}: bad value for restricted picklist field: ${text}`, [field.name]);
      }
      return text;
    }
    default:
      return value;
  }
}
