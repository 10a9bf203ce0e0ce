import { BudgetReserveReached, RetriableApiError, type Logger } from '../../src/contracts/connector.js';
import type { ApiBudgetTracker } from '../shared/apiBudget.js';
import { withRetry, type RetryOptions } from '../shared/retryPolicy.js';
import type { AccessTokens } from './accessToken.js';
import { DailyLimitReached, translateError } from './errors.js';
import { headerNumber, type CallKind, type HubSpotRateLimiter } from './rateLimiter.js';

/** What an SDK `...WithHttpInfo` method resolves to: the body and the reply headers. */
export interface WithHeaders<T> {
  data: T;
  headers: Record<string, string>;
}

/**
 * Runs one HubSpot call through the budget, the queue and the retry policy; resolves to the body.
 * `creates` marks a call that makes records: it is sent again only after a failure that proves
 * HubSpot did not carry it out (a 429), since nothing on HubSpot's side stops a second copy.
 */
export type ApiCaller = <T>(kind: CallKind, label: string, send: () => Promise<WithHeaders<T>>, options?: { creates?: boolean }) => Promise<T>;

/** Counters a run reports (and tests assert on). */
export interface CallStats {
  /** Attempts sent, retries included. */
  attempts: number;
  /** 429 replies seen. */
  rateLimited: number;
  /** Attempts that failed and were tried again. */
  retried: number;
  /** Attempts per label (`search tickets`, `batch update companies`, ...). */
  byLabel: Record<string, number>;
}

export interface CallerDeps {
  connector: string;
  limiter: HubSpotRateLimiter;
  budget: ApiBudgetTracker;
  log: Logger;
  stats: CallStats;
  retry?: RetryOptions;
  tokens: AccessTokens;
}

/**
 * Every call goes through here, so that each attempt is counted against the daily budget
 * (reserve → clean stop), paced by the per-connector queue, retried by the one retry policy, and
 * its `X-HubSpot-RateLimit-*` headers read: the daily ones feed the budget, the burst ones slow
 * the queue before HubSpot has to say 429.
 */
export function createApiCaller(deps: CallerDeps): ApiCaller {
  const { limiter, budget, log, stats, tokens } = deps;
  return async <T>(kind: CallKind, label: string, send: () => Promise<WithHeaders<T>>, options: { creates?: boolean } = {}): Promise<T> => {
    const attempt = async (refreshed = false): Promise<T> => {
      const token = await tokens.current();
      budget.spend();
      stats.attempts += 1;
      stats.byLabel[label] = (stats.byLabel[label] ?? 0) + 1;
      let reply: WithHeaders<T>;
      try {
        reply = await limiter.schedule(kind, send);
      } catch (error) {
        observe(deps, (error as { headers?: Record<string, string> })?.headers);
        // An OAuth access token expired: send again, once, with a fresh one.
        if (!refreshed && (error as { code?: unknown })?.code === 401 && (await tokens.refreshAfter(token))) return attempt(true);
        const translated = translateError(error, label);
        if (translated instanceof DailyLimitReached) {
          const snapshot = budget.snapshot();
          throw new BudgetReserveReached(deps.connector, snapshot.callsThisRun, 0, snapshot.reserve);
        }
        if (translated instanceof RetriableApiError && translated.code === 'HUBSPOT_RATE_LIMITED') {
          stats.rateLimited += 1;
          // Everyone else in the queue would hit the same wall: hold them too.
          limiter.holdFor(kind, translated.retryAfterMs ?? 1_000);
        }
        throw translated;
      }
      observe(deps, reply.headers);
      return reply.data;
    };
    return withRetry(() => attempt(), {
      ...deps.retry,
      ...(options.creates ? { retryIf: (error: RetriableApiError) => error.code === 'HUBSPOT_RATE_LIMITED' || isRefusedConnection(error) } : {}),
      onRetry: (error, n, delayMs) => {
        stats.retried += 1;
        log.warn('HubSpot call will be retried', { call: label, attempt: n, delayMs, code: error.code, reason: error.message });
      },
    });
  };
}

/** The connection was never made, so the request never reached HubSpot. */
function isRefusedConnection(error: RetriableApiError): boolean {
  return (error.cause as { code?: string } | undefined)?.code === 'ECONNREFUSED';
}

function observe(deps: CallerDeps, headers: Record<string, string> | undefined): void {
  if (!headers) return;
  deps.limiter.observe(headers);
  const daily = headerNumber(headers, 'x-hubspot-ratelimit-daily');
  const dailyRemaining = headerNumber(headers, 'x-hubspot-ratelimit-daily-remaining');
  if (daily !== undefined && dailyRemaining !== undefined) deps.budget.observe(daily, dailyRemaining);
}

export function emptyStats(): CallStats {
  return { attempts: 0, rateLimited: 0, retried: 0, byLabel: {} };
}
