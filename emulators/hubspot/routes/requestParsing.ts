import type { EmulatorRequest } from '../../http/router.js';
import { HubSpotApiError, MESSAGES, validationError } from '../errors.js';
import { resolveObjectType, type ObjectTypeInfo } from '../objectTypes.js';

/** The path's object type, or HubSpot's answer for a type it cannot infer. */
export function objectTypeParam(req: EmulatorRequest, key = 'objectType'): ObjectTypeInfo {
  const ref = req.params[key] ?? '';
  const info = resolveObjectType(ref);
  if (!info) throw validationError(`Unable to infer object type from: ${ref}`);
  return info;
}

/** The JSON request body as an object; HubSpot rejects anything else with a 400. */
export function jsonObjectBody(req: EmulatorRequest): Record<string, unknown> {
  const body = req.body;
  if (body === undefined) throw validationError('Invalid input JSON: the request body is empty');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError(`Invalid input JSON on line 1, column 1: Cannot construct instance from ${JSON.stringify(String(req.rawBody).slice(0, 40))}`);
  }
  return body as Record<string, unknown>;
}

/** A batch body's `inputs`, capped at `max` with HubSpot's 400 when exceeded. */
export function batchInputs(body: Record<string, unknown>, max = 100): Record<string, unknown>[] {
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: inputs is required and must be an array');
  if (inputs.length > max) throw validationError(MESSAGES.batchTooLarge(inputs.length, max), { context: { inputs: [String(inputs.length)] } });
  return inputs.map((input: unknown) => (input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {}));
}

/** An id from a batch input: HubSpot accepts strings and numbers. */
export function inputId(input: Record<string, unknown>): string {
  const id = input.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}

/** `limit` query parameter: default when absent, 400 when not a positive integer, capped at `max`. */
export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw validationError(`limit must be a positive integer, got ${raw}`);
  return Math.min(n, max);
}

export function booleanParam(query: URLSearchParams, name: string): boolean {
  return (query.get(name) ?? '').toLowerCase() === 'true';
}

/** Opaque list cursors: base64 of the next id, like the real `after` values. */
export function encodeCursor(idNum: number): string {
  return Buffer.from(String(idNum)).toString('base64url');
}

export function decodeCursor(after: string): number {
  const decoded = Buffer.from(after, 'base64url').toString('utf8');
  if (!/^\d{1,16}$/.test(decoded)) throw new HubSpotApiError(400, 'VALIDATION_ERROR', `Invalid after: ${after}`);
  return Number(decoded);
}
