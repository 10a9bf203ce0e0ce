import type { Book } from '../book/bookTypes.js';
import type { OrgCurrencies, OrgSchemaName } from '../emulatorKit.js';
import { checkCurrencies } from '../orgCurrencies.js';
import { EmulatorServer, type RequestObserver } from '../http/emulatorServer.js';
import type { FaultSettings } from '../http/faults.js';
import { Router, type EmulatorResponse } from '../http/router.js';
import { TokenAuthority } from './auth.js';
import { correlationId, effectiveDailyLimit, gated, type GateDeps } from './gate.js';
import { RateLimiter } from './rateLimit.js';
import { registerAccountRoutes } from './routes/account.js';
import { registerAssociationV3Routes } from './routes/associationsV3.js';
import { registerAssociationV4Routes } from './routes/associationsV4.js';
import { registerBatchRoutes } from './routes/batch.js';
import { registerCurrencyRoutes } from './routes/currencies.js';
import { registerObjectRoutes } from './routes/objects.js';
import { registerOwnerRoutes } from './routes/owners.js';
import { registerPipelineRoutes } from './routes/pipelines.js';
import { registerPropertyRoutes } from './routes/properties.js';
import type { RouteContext } from './routes/routeContext.js';
import { registerSearchRoutes } from './routes/search.js';
import { seedFromBook } from './seedFromBook.js';
import type { HubSpotStore } from './store.js';

export interface HubSpotEmulatorOptions {
  /** The customer book the portal starts with. */
  book: Book;
  /**
   * The portal's customer-success customisations (portalVariants.ts): `standard`, the properties
   * the default mappings expect; `renamed`, the same data under other names and options;
   * `sparse`, none of them. @default 'standard'
   */
  schema?: OrgSchemaName;
  /** Bearer token clients must send. @default a generated `pat-na1-...` token */
  accessToken?: string;
  /** Calls allowed in any rolling 10 seconds (search excluded). @default 100 */
  requestsPer10s?: number;
  /**
   * The burst window, reported in `X-HubSpot-RateLimit-Interval-Milliseconds`; `requestsPer10s`
   * calls are allowed per window. Tests shorten it to have a 429 storm pass in seconds. @default 10000
   */
  rateLimitWindowMs?: number;
  /** Search calls allowed per second. @default 5 */
  searchPerSecond?: number;
  /** Calls allowed per day; the `dailyApiLimit` fault overrides it. @default 500000 */
  dailyApiLimit?: number;
  /** Writes stay invisible to search for this long, as on the real, eventually consistent index. @default 0 */
  searchIndexLagMs?: number;
  /**
   * `policyName` of the 10-second 429. The SDK (with retries on) sleeps 10 s per retry for
   * TEN_SECONDLY_ROLLING; tests pick another name to get a plain 429 instead.
   * @default 'TEN_SECONDLY_ROLLING'
   */
  rateLimitPolicyName?: string;
  /**
   * Associations one result of a v4 batch read holds before it carries `paging.next.after`.
   * HubSpot does not document the size; tests lower it to exercise per-input paging. @default 500
   */
  associationPageSize?: number;
  /** @default 0 (any free port) */
  port?: number;
  /** @default 4_000_042 */
  portalId?: number;
  /**
   * A multicurrency portal: `deal_currency_code` and `amount_in_home_currency` on deals, the
   * portal's exchange rates in the Currencies API. `dated` is ignored. @default a USD-only portal
   */
  currencies?: OrgCurrencies;
}

export interface HubSpotEmulator {
  /** `http://127.0.0.1:PORT`: the SDK's `basePath` (no trailing slash). */
  url: string;
  /** The currently valid token (it changes after an OAuth refresh). */
  readonly accessToken: string;
  portalId: number;
  /** OAuth app credentials for `POST /oauth/v1/token` (grant_type=refresh_token) after a token expiry. */
  oauth: { clientId: string; clientSecret: string; refreshToken: string };
  /** Every access token the portal has accepted or issued (tests check none leaks into logs or the state). */
  issuedTokens(): string[];
  /** The current access token expires now; only an OAuth app (refresh token) can go on. */
  expireSessions(): void;
  setFaults(faults: Partial<FaultSettings>, seed?: number): void;
  callCounts(): Record<string, number>;
  totalCalls(): number;
  resetCallCounts(): void;
  /** Other apps on the portal use up the current burst window: calls get 429 until it rolls on. */
  exhaustBurstWindow(): void;
  /** Calls counted against the daily allowance today, and the allowance. */
  apiUsage(): { used: number; max: number };
  /** Answers by status (`"200"`, `"503"`...), plus `reset` and `lost` for injected connection faults. */
  outcomeCounts(): Record<string, number>;
  /** Watches each request as it arrives (undefined stops watching). */
  onRequest(observer: RequestObserver | undefined): void;
  /** The portal's data: read, insert, update and archive records as a person would; pin the clock. */
  store: HubSpotStore;
  close(): Promise<void>;
}

const DEFAULT_PORTAL_ID = 4_000_042;

/** Starts a HubSpot CRM v3/v4 emulator on 127.0.0.1 that @hubspot/api-client talks to unchanged. */
export async function startHubSpotEmulator(options: HubSpotEmulatorOptions): Promise<HubSpotEmulator> {
  const portalId = options.portalId ?? DEFAULT_PORTAL_ID;
  if (options.currencies) checkCurrencies(options.currencies);
  const store = seedFromBook(options.book, {
    portalId,
    searchIndexLagMs: options.searchIndexLagMs ?? 0,
    schema: options.schema ?? 'standard',
    ...(options.currencies ? { currencies: options.currencies } : {}),
  });
  const auth = new TokenAuthority(options.accessToken);
  const dailyApiLimit = options.dailyApiLimit ?? 500_000;
  const limiter = new RateLimiter({
    requestsPer10s: options.requestsPer10s ?? 100,
    windowMs: options.rateLimitWindowMs,
    searchPerSecond: options.searchPerSecond ?? 5,
    dailyApiLimit,
    policyName: options.rateLimitPolicyName ?? 'TEN_SECONDLY_ROLLING',
  });
  const router = new Router();
  let url = '';
  const server = new EmulatorServer({
    router,
    contentType: 'application/json;charset=utf-8',
    notFound: (req) => ({
      status: 404,
      body: { status: 'error', message: `No route for ${req.method} ${req.path}`, correlationId: correlationId(req), category: 'OBJECT_NOT_FOUND' },
    }),
    serverError: () => ({ status: 503, body: { status: 'error', message: 'Service Unavailable', category: 'INTERNAL_ERROR' } }),
    decorate: (req, res) => decorate(res, correlationId(req)),
  });
  const deps: GateDeps = { auth, limiter, faults: () => server.getFaults(), dailyApiLimit };
  const ctx: RouteContext = {
    router,
    store,
    auth,
    limiter,
    gate: (kind, handler) => gated(deps, kind, handler),
    baseUrl: () => url,
    dailyLimit: () => effectiveDailyLimit(deps),
    associationPageSize: options.associationPageSize ?? 500,
  };
  // Order matters only where patterns overlap: property groups before `:propertyName`.
  registerSearchRoutes(ctx);
  registerBatchRoutes(ctx);
  registerAssociationV3Routes(ctx);
  registerObjectRoutes(ctx);
  registerAssociationV4Routes(ctx);
  registerPropertyRoutes(ctx);
  registerPipelineRoutes(ctx);
  registerOwnerRoutes(ctx);
  registerAccountRoutes(ctx);
  registerCurrencyRoutes(ctx, Date.parse(options.book.asOf));
  url = await server.listen(options.port ?? 0);

  return {
    url,
    get accessToken() {
      return auth.accessToken;
    },
    portalId,
    oauth: { clientId: auth.clientId, clientSecret: auth.clientSecret, refreshToken: auth.refreshToken },
    issuedTokens: () => auth.issuedTokens(),
    expireSessions: () => auth.expire(),
    setFaults: (faults, seed) => server.setFaults(faults, seed),
    callCounts: () => server.callCounts(),
    totalCalls: () => server.totalCalls(),
    resetCallCounts: () => server.resetCallCounts(),
    onRequest: (observer) => server.onRequest(observer),
    outcomeCounts: () => server.outcomeCounts(),
    exhaustBurstWindow: () => limiter.exhaustBurst(),
    apiUsage: () => ({ used: limiter.dailyCallsUsed(), max: effectiveDailyLimit(deps) }),
    store,
    close: () => server.close(),
  };
}

/**
 * Every reply carries a correlation id (matching the body's when it has one) and, because the
 * SDK cannot parse an error without it, a JSON content type even when the body is empty.
 */
function decorate(res: EmulatorResponse, fallbackId: string): void {
  const body = res.body as { correlationId?: unknown } | undefined;
  if (body && typeof body === 'object' && body.correlationId === undefined && res.status >= 400) body.correlationId = fallbackId;
  const id = body && typeof body === 'object' && typeof body.correlationId === 'string' ? body.correlationId : fallbackId;
  res.headers = { ...(res.headers ?? {}), 'X-HubSpot-Correlation-Id': id, 'Content-Type': 'application/json;charset=utf-8' };
}
