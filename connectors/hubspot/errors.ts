import { FatalError, RetriableApiError, type VitalsError } from '../../src/contracts/connector.js';
import { isTransientNetworkError, parseRetryAfter } from '../shared/retryPolicy.js';

/** HubSpot's error body (`category`, `message`, per-property `errors`), as the SDK hands it over. */
export interface HubSpotErrorBody {
  status?: string;
  message?: string;
  category?: string;
  correlationId?: string;
  policyName?: string;
  errors?: { message?: string; code?: string; context?: Record<string, string[]> }[];
  context?: Record<string, string[]>;
}

/**
 * A HubSpot reply that retrying will not fix (400, 404, 409...). Fatal unless the verb that made
 * the call knows better: a 409 on creating a property means it is already there, a 400 on a batch
 * is narrowed down to the inputs that caused it.
 */
export class HubSpotRequestError extends FatalError {
  constructor(
    readonly status: number,
    readonly body: HubSpotErrorBody,
    label: string,
  ) {
    super(`HUBSPOT_${body.category ?? `HTTP_${status}`}`, `HubSpot ${label} failed (${status}${body.category ? ` ${body.category}` : ''}): ${body.message ?? 'no message'}${correlation(body)}`);
  }
}

/** The daily allowance is gone (a 429 with policy DAILY): nothing to retry until tomorrow. */
export class DailyLimitReached extends Error {}

/** The SDK's `ApiException`: a status code, the parsed body and the reply headers. */
export interface SdkApiException {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

function isSdkApiException(error: unknown): error is SdkApiException & Error {
  return error instanceof Error && typeof (error as Partial<SdkApiException>).code === 'number' && 'body' in error;
}

/** The wait HubSpot asks for after a 429, when it says (it often does not). */
const DEFAULT_WAIT_MS = { secondly: 1_000, windowed: 2_000 } as const;

/**
 * One place that decides what a failed call means for the caller: wait and retry (429 other than
 * daily, 5xx, resets), stop the run (credentials, scopes, unreachable), or a plain HubSpot
 * answer the calling verb may handle.
 */
export function translateError(error: unknown, label: string): VitalsError | DailyLimitReached {
  if (isSdkApiException(error)) {
    const body = asBody(error.body);
    const status = error.code;
    if (status === 429) {
      if (body.policyName === 'DAILY') return new DailyLimitReached(body.message ?? 'daily limit reached');
      const secondly = body.message === 'You have reached your secondly limit.';
      const wait = parseRetryAfter(error.headers?.['retry-after']) ?? (secondly ? DEFAULT_WAIT_MS.secondly : DEFAULT_WAIT_MS.windowed);
      return new RetriableApiError('HUBSPOT_RATE_LIMITED', `HubSpot ${label}: ${body.message ?? 'rate limited'} (${body.policyName ?? 'no policy'})`, wait);
    }
    if (status >= 500) return new RetriableApiError('HUBSPOT_SERVER_ERROR', `HubSpot ${label} failed (${status}): ${body.message ?? 'server error'}${correlation(body)}`);
    if (status === 401) {
      return new FatalError('HUBSPOT_AUTH', `HubSpot refused the access token (401${body.category ? ` ${body.category}` : ''}): check auth.accessToken for this connector`);
    }
    if (status === 403) {
      return new FatalError('HUBSPOT_FORBIDDEN', `HubSpot ${label} is not allowed for this token (403 ${body.category ?? ''}): ${body.message ?? ''} - grant the private app the CRM scopes crm-vitals needs`);
    }
    return new HubSpotRequestError(status, body, label);
  }
  if (isTransientNetworkError(error)) return new RetriableApiError('HUBSPOT_NETWORK', `HubSpot ${label}: ${withoutQueries((error as Error).message)}`, undefined, { cause: error });
  // A body the SDK could not parse, DNS failure, TLS error: nothing a retry will change.
  return new FatalError('HUBSPOT_UNREACHABLE', `HubSpot ${label}: ${withoutQueries((error as Error)?.message ?? String(error))}`, { cause: error });
}

/** A list call's URL carries every requested property; the path is what a reader needs. */
function withoutQueries(message: string): string {
  return message.replace(/(https?:\/\/[^\s?]+)\?\S*/g, '$1');
}

function asBody(body: unknown): HubSpotErrorBody {
  return body && typeof body === 'object' ? (body as HubSpotErrorBody) : { message: typeof body === 'string' ? body : undefined };
}

function correlation(body: HubSpotErrorBody): string {
  return body.correlationId ? ` [correlation ${body.correlationId}]` : '';
}
