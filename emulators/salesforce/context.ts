import type { FaultSettings } from '../http/faults.js';
import type { EmulatorRequest, EmulatorResponse, Handler } from '../http/router.js';
import type { ModstampClock } from './clock.js';
import type { CursorRegistry } from './cursors.js';
import { SalesforceApiError, resourceNotFound } from './errors.js';
import type { RecordTables } from './recordTables.js';
import type { SchemaCatalog, SObjectSchema } from './schema/catalog.js';
import type { ApiUsage, Sessions } from './sessions.js';

export interface OrgCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  refreshToken: string;
}

/** Everything a route handler may touch; one per emulator instance. */
export interface EmulatorContext {
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  baseUrl(): string;
  catalog: SchemaCatalog;
  tables: RecordTables;
  clock: ModstampClock;
  sessions: Sessions;
  usage: ApiUsage;
  cursors: CursorRegistry;
  faults(): Readonly<FaultSettings>;
  orgId: string;
  /** The user API calls run as (the integration user). */
  apiUserId: string;
  credentials: OrgCredentials;
}

/** One authenticated REST call: the API version from the path and the caller. */
export interface ApiCall {
  version: string;
  userId: string;
}

/** API versions the emulator answers, as a Summer '25 org would. */
export const MIN_VERSION = 31;
export const MAX_VERSION = 64;

export function apiVersion(segment: string | undefined): string {
  const m = /^v(\d{2})\.0$/.exec(segment ?? '');
  const major = Number(m?.[1]);
  if (!m || major < MIN_VERSION || major > MAX_VERSION) throw resourceNotFound();
  return `${major}.0`;
}

/**
 * Wraps a REST handler with what every `/services/data` call goes through on a real org: the
 * session check (401), the daily allowance (403, the refused call not counted), the version
 * check (404), and the API's error body for any SalesforceApiError thrown inside.
 */
export function apiRoute(ctx: EmulatorContext, handler: (req: EmulatorRequest, call: ApiCall) => EmulatorResponse | Promise<EmulatorResponse>): Handler {
  return async (req) => {
    try {
      const session = ctx.sessions.authenticate(req.headers.authorization, ctx.faults().sessionExpiryEvery);
      ctx.usage.charge();
      const version = apiVersion(req.params.version);
      return await handler(req, { version, userId: session.userId });
    } catch (error) {
      if (error instanceof SalesforceApiError) return error.toResponse();
      throw error;
    }
  };
}

/** The sObject a path names; unknown ones are 404 NOT_FOUND, as on the REST API. */
export function sobjectFor(ctx: EmulatorContext, name: string | undefined): SObjectSchema {
  const schema = name ? ctx.catalog.get(name) : undefined;
  if (!schema) throw resourceNotFound();
  return schema;
}

/** A JSON object body, or the API's JSON_PARSER_ERROR. */
export function jsonObjectBody(req: EmulatorRequest): Record<string, unknown> {
  if (req.body === undefined) throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', 'No content to map due to end-of-input at [line:1, column:0]');
  if (typeof req.body === 'string') {
    const where = jsonErrorPosition(req.rawBody);
    throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', `Unexpected character in JSON at ${where}`);
  }
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of the request body from START_ARRAY value [ at [line:1, column:1]`);
  }
  return req.body as Record<string, unknown>;
}

function jsonErrorPosition(raw: string): string {
  try {
    JSON.parse(raw);
    return '[line:1, column:1]';
  } catch (error) {
    const offset = Number(/position (\d+)/.exec(String(error))?.[1] ?? 0);
    return positionOf(raw, offset);
  }
}

function positionOf(raw: string, offset: number): string {
  const before = raw.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `[line:${line}, column:${column}]`;
}

/** Jackson-style position just after a key's value, for JSON_PARSER_ERROR messages. */
export function keyLocator(raw: string): (key: string) => string {
  return (key) => {
    const at = raw.indexOf(`"${key}"`);
    if (at < 0) return '[line:1, column:1]';
    const colon = raw.indexOf(':', at + key.length + 2);
    const valueEnd = /[,}\]]/.exec(raw.slice(colon + 1));
    return positionOf(raw, colon + 1 + (valueEnd?.index ?? 0));
  };
}
