import { randomUUID } from 'node:crypto';
import type { FaultSettings } from '../http/faults.js';
import type { EmulatorRequest, EmulatorResponse, Handler } from '../http/router.js';
import type { TokenAuthority } from './auth.js';
import { HubSpotApiError, rateLimitBody } from './errors.js';
import type { RateLimiter } from './rateLimit.js';

/** `api` calls count against the 10-second window, `search` against the per-second one; `public` skips auth. */
export type CallKind = 'api' | 'search' | 'public';

export interface GateDeps {
  auth: TokenAuthority;
  limiter: RateLimiter;
  faults(): Readonly<FaultSettings>;
  /** The portal's daily allowance unless the `dailyApiLimit` fault overrides it. */
  dailyApiLimit: number;
}

const correlationIds = new WeakMap<EmulatorRequest, string>();

/** One correlation id per request, shared by the body and the `X-HubSpot-Correlation-Id` header. */
export function correlationId(req: EmulatorRequest): string {
  let id = correlationIds.get(req);
  if (!id) {
    id = randomUUID();
    correlationIds.set(req, id);
  }
  return id;
}

export function effectiveDailyLimit(deps: GateDeps): number {
  const fault = deps.faults().dailyApiLimit;
  return Number.isFinite(fault) ? fault : deps.dailyApiLimit;
}

/**
 * Runs a handler the way HubSpot's edge does: bearer check (with token expiry), daily and burst
 * or search limits, then the handler, with thrown `HubSpotApiError`s turned into their bodies
 * and rate-limit headers on every non-search reply.
 */
export function gated(deps: GateDeps, kind: CallKind, handler: Handler): Handler {
  return async (req) => {
    const id = correlationId(req);
    const dailyLimit = effectiveDailyLimit(deps);
    const withLimitHeaders = (res: EmulatorResponse): EmulatorResponse => {
      if (kind === 'api') res.headers = { ...deps.limiter.headers(dailyLimit), ...(res.headers ?? {}) };
      return res;
    };
    if (kind !== 'public') {
      try {
        deps.auth.authenticate(headerValue(req.headers.authorization), deps.faults().sessionExpiryEvery);
      } catch (error) {
        return errorResponse(error, id);
      }
      const admission = deps.limiter.admit(kind, dailyLimit);
      if (!admission.ok) return withLimitHeaders({ status: 429, body: rateLimitBody(id, admission.policyName, admission.message) });
    }
    try {
      return withLimitHeaders(await handler(req));
    } catch (error) {
      return withLimitHeaders(errorResponse(error, id));
    }
  };
}

export function errorResponse(error: unknown, correlation: string): EmulatorResponse {
  if (error instanceof HubSpotApiError) return { status: error.status, body: error.body(correlation) };
  return { status: 500, body: { status: 'error', message: `internal error: ${String(error)}`, correlationId: correlation, category: 'INTERNAL_ERROR' } };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
