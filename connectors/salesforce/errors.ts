import { BudgetReserveReached, FatalError, RetriableApiError, VitalsError, type WriteResult } from '../../src/contracts/connector.js';
import { isTransientNetworkError, parseRetryAfter } from '../shared/retryPolicy.js';

/** What one HTTP exchange ended with, as far as it got. */
export interface Exchange {
  method: string;
  /** Path below the API root, for messages (no query string: it may hold SOQL with customer data). */
  path: string;
  status?: number;
  headers?: Record<string, string>;
}

/** Salesforce refused the request itself (4xx): bad SOQL, an unknown field, a malformed body. */
export class SalesforceRequestRejected extends FatalError {
  constructor(
    code: string,
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Statuses worth another attempt: Salesforce's edge (420), rate limiting (429) and server trouble. */
const RETRIABLE_STATUS = new Set([420, 429, 500, 502, 503, 504]);

/**
 * Turns a jsforce or transport failure into what the engine should do about it. Only the
 * retry policy decides whether a `RetriableApiError` is actually retried (a plain create is not).
 */
export function classifyError(error: unknown, exchange: Exchange, connector: string, budget: { used: number; reserve: number }): Error {
  if (error instanceof VitalsError) return error;
  const e = error as { errorCode?: string; name?: string; message?: string; code?: string };
  const code = e.errorCode ?? (e.name && e.name !== 'Error' && e.name !== 'FetchError' ? e.name : undefined) ?? 'ERROR';
  const where = `${exchange.method} ${exchange.path}`;
  const message = `${where}: ${code === 'ERROR' ? '' : `${code}: `}${e.message ?? String(error)}`;
  if (/Unable to refresh session/.test(e.message ?? '')) {
    return new FatalError('SALESFORCE_SESSION', `${where}: the session expired and re-authenticating failed: ${e.message}`, { cause: error });
  }
  if (exchange.status === undefined) {
    if (isTransientNetworkError(error)) return new RetriableApiError('NETWORK', message, undefined, { cause: error });
    return new FatalError('SALESFORCE_UNREACHABLE', message, { cause: error });
  }
  const status = exchange.status;
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    // The org's rolling 24-hour allowance is spent (by us or other integrations): stop, resume later.
    return new BudgetReserveReached(connector, budget.used, 0, budget.reserve);
  }
  if (RETRIABLE_STATUS.has(status)) {
    return new RetriableApiError(`HTTP_${status}`, message, parseRetryAfter(exchange.headers?.['retry-after']), { cause: error });
  }
  if (status === 401) {
    return new FatalError('SALESFORCE_SESSION', `${where}: the session is not valid even after re-authenticating (${e.message ?? code})`, { cause: error });
  }
  return new SalesforceRequestRejected(code === 'ERROR' ? `HTTP_${status}` : code, message, status, { cause: error });
}

/** One element of an sObject Collections response. Per-record errors say `statusCode`, not `errorCode`. */
export interface CollectionResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[];
}

/** Per-record failures a later attempt may get past (a lock held by another transaction). */
const RETRIABLE_RECORD_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'ALL_OR_NONE_OPERATION_ROLLED_BACK', 'SERVER_UNAVAILABLE']);

/**
 * Per-record answers when the record a write names by id is not in the org: `ENTITY_IS_DELETED`
 * while it sits in the recycle bin (kept 15 days), `INVALID_CROSS_REFERENCE_KEY` ("invalid cross
 * reference id") once it is purged, or for an id the org never held. Both also answer a lookup
 * field pointing at such a record; then they name that field, and the record written is not gone.
 */
const GONE_RECORD_CODES = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY']);

/**
 * One per-record result of sObject Collections. `byId`: the call named an existing record by id
 * (update, delete), so a record that is not there is gone for good, not a bad request.
 */
export function toWriteResult(result: CollectionResult | undefined, key: string, byId = false): WriteResult {
  if (result?.success && result.id) return { ok: true, id: result.id, key, ...(result.created === undefined ? {} : { created: result.created }) };
  const first = result?.errors?.[0];
  const errorCode = first?.statusCode ?? first?.errorCode ?? 'NO_RESULT';
  const fields = first?.fields?.length ? ` (fields: ${first.fields.join(', ')})` : '';
  const message = first?.message ? `${first.message}${fields}` : 'Salesforce returned no result for this record';
  const gone = byId && GONE_RECORD_CODES.has(errorCode) && (first?.fields ?? []).every((f) => f === 'Id');
  return { ok: false, key, errorCode, message, retriable: RETRIABLE_RECORD_CODES.has(errorCode), ...(gone ? { gone: true } : {}) };
}

/** A whole call that failed, as the same failure for each of its records. */
export function failedCall(error: Error, keys: string[]): WriteResult[] {
  const errorCode = error instanceof VitalsError ? error.code : 'ERROR';
  const retriable = error instanceof RetriableApiError || error instanceof BudgetReserveReached;
  return keys.map((key) => ({ ok: false, key, errorCode, message: error.message, retriable }));
}
