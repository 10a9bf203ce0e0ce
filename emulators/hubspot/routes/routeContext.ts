import type { Handler, Router } from '../../http/router.js';
import type { TokenAuthority } from '../auth.js';
import type { CallKind } from '../gate.js';
import type { RateLimiter } from '../rateLimit.js';
import type { HubSpotStore } from '../store.js';

/** What every route module gets: the portal, the gate to wrap handlers with, and the base URL for links. */
export interface RouteContext {
  router: Router;
  store: HubSpotStore;
  auth: TokenAuthority;
  limiter: RateLimiter;
  gate(kind: CallKind, handler: Handler): Handler;
  baseUrl(): string;
  dailyLimit(): number;
  /** Associations one v4 batch-read result holds before it pages (HubSpot does not document the size). */
  associationPageSize: number;
}

/** Registers an authenticated, rate-limited route. */
export function route(ctx: RouteContext, method: string, pattern: string, handler: Handler, kind: CallKind = 'api'): void {
  ctx.router.on(method, pattern, ctx.gate(kind, handler));
}

/** Batch replies carry their own timing; the SDK turns these into Dates. */
export function batchTimes(startedAt: number): { startedAt: string; completedAt: string } {
  return { startedAt: new Date(startedAt).toISOString(), completedAt: new Date().toISOString() };
}
