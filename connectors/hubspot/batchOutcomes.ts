import { RetriableApiError, type VitalsError, type WriteResult } from '../../src/contracts/connector.js';
import type { HubSpotProperty } from './describeFields.js';
import { isWritable } from './describeFields.js';
import { HubSpotRequestError } from './errors.js';

export type Failure = Extract<WriteResult, { ok: false }>;

/** One per-input error of a 207 reply (HubSpot's StandardError). */
export interface ItemError {
  category: string;
  message: string;
  context?: Record<string, string[]>;
}

// Per-input categories a later run may well get through; a missing record or a bad value will not.
const RETRIABLE_CATEGORIES = new Set(['INTERNAL_ERROR', 'RATE_LIMITS', 'TIMEOUT', 'LOCKED']);

/**
 * A batch update's 207 names the ids it could not find ("Could not get some COMPANY objects, they
 * may be deleted or not exist"): archived, deleted for good, or never there. Batch update answers
 * "a 207 Multi-Status response when one or more of the batch operations fails" (Developer
 * Changelog, "Simplifying batch update response codes for CRM v3 APIs"), the found ones written.
 */
const GONE_CATEGORY = 'OBJECT_NOT_FOUND';

/**
 * Failures by input id from a 207's `errors` (each names its ids in `context.ids`), for a batch
 * that names existing records by id: an id it cannot find is a record gone from the CRM.
 */
export function failuresById(errors: readonly ItemError[] | undefined): Map<string, Failure> {
  const out = new Map<string, Failure>();
  for (const error of errors ?? []) {
    const gone = error.category === GONE_CATEGORY ? { gone: true } : {};
    const failure: Failure = { ok: false, key: '', errorCode: error.category, message: error.message, retriable: RETRIABLE_CATEGORIES.has(error.category), ...gone };
    for (const id of error.context?.ids ?? []) out.set(String(id), failure);
  }
  return out;
}

/** The same failure for every input of a call that failed as a whole, with HubSpot's own code when it gave one. */
export function failureForAll(error: VitalsError): Omit<Failure, 'key'> {
  const own = error instanceof HubSpotRequestError ? (error.body.errors?.[0]?.code ?? error.body.category) : undefined;
  return { ok: false, errorCode: own ?? error.code, message: error.message, retriable: error instanceof RetriableApiError };
}

/**
 * True when a whole-batch 400 is about values of single inputs (an invalid option or number), so
 * splitting the batch isolates the culprits; not when a property is missing or read-only, which
 * would fail every half the same way.
 */
export function isPerInputRejection(error: unknown): error is HubSpotRequestError {
  if (!(error instanceof HubSpotRequestError) || error.status !== 400) return false;
  const codes = (error.body.errors ?? []).map((e) => e.code ?? '');
  const fromMessage = [...(error.body.message ?? '').matchAll(/"error":"([A-Z_]+)"/g)].map((m) => m[1] ?? '');
  const all = [...codes, ...fromMessage];
  return all.length > 0 && all.every((c) => c.startsWith('INVALID_'));
}

/**
 * Checks values against the live property definitions before sending, so a value HubSpot would
 * refuse fails its own record here instead of a whole batch of 100 there.
 */
export function invalidValue(properties: Map<string, HubSpotProperty>, name: string, value: string | number | boolean | null): Omit<Failure, 'key'> | undefined {
  const fail = (errorCode: string, message: string) => ({ ok: false as const, errorCode, message, retriable: false });
  const property = properties.get(name);
  if (!property) return fail('PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist (run vitals setup-fields)`);
  if (!isWritable(property)) return fail('READ_ONLY_VALUE', `"${name}" is a read-only property`);
  if (value === null || value === '') return undefined;
  const text = String(value);
  switch (property.type) {
    case 'number':
      return Number.isFinite(Number(text)) && text.trim() !== '' ? undefined : fail('INVALID_INTEGER', `${text} is not a valid number for ${name}`);
    case 'bool':
      return text === 'true' || text === 'false' ? undefined : fail('INVALID_BOOLEAN', `${text} is not a valid boolean for ${name}`);
    case 'datetime':
      return Number.isFinite(Date.parse(text)) || /^\d{10,14}$/.test(text) ? undefined : fail('INVALID_DATETIME', `${text} is not a valid datetime for ${name}`);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? undefined : fail('INVALID_DATE', `${text} is not a date (YYYY-MM-DD) for ${name}`);
    case 'enumeration': {
      if (property.externalOptions) return undefined;
      const allowed = property.options.map((o) => o.value);
      const parts = property.fieldType === 'checkbox' ? text.split(';') : [text];
      const bad = parts.find((p) => !allowed.includes(p));
      return bad === undefined ? undefined : fail('INVALID_OPTION', `${bad} is not one of the allowed options of ${name}: [${allowed.join(', ')}]`);
    }
    default:
      return undefined;
  }
}

/** HubSpot takes every property value as a string; an empty string clears the property. */
export function wireValue(value: string | number | boolean | null): string {
  return value === null ? '' : String(value);
}

/**
 * Sends one batch through `send`. A whole-batch rejection of single inputs' values is split in
 * halves until only the culprits fail (HubSpot validates a batch as a whole, so a 400 wrote
 * nothing and the halves are safe to send); a HubSpot answer or retries run out fail the batch's
 * inputs alike; auth, reach and budget errors stop the run.
 */
export async function sendSplitting<I>(inputs: I[], send: (inputs: I[]) => Promise<WriteResult[]>, keyOf: (input: I) => string): Promise<WriteResult[]> {
  try {
    return await send(inputs);
  } catch (error) {
    if (isPerInputRejection(error) && inputs.length > 1) {
      const half = Math.ceil(inputs.length / 2);
      const [left, right] = await Promise.all([sendSplitting(inputs.slice(0, half), send, keyOf), sendSplitting(inputs.slice(half), send, keyOf)]);
      return [...left, ...right];
    }
    if (!(error instanceof HubSpotRequestError || error instanceof RetriableApiError)) throw error;
    const failure = failureForAll(error);
    return inputs.map((input) => ({ ...failure, key: keyOf(input) }));
  }
}
