import type PQueue from 'p-queue';
import { createRequestQueue } from '../shared/requestQueue.js';

/** HubSpot meters search apart from every other call: 5 a second against 100-190 per 10 seconds. */
export type CallKind = 'api' | 'search';

export interface RateLimits {
  /** Calls started in any rolling 10 seconds (search excluded). */
  requestsPer10s: number;
  /** Search calls started in any rolling second. */
  searchPerSecond: number;
  /** Calls in flight at once. @default 4 */
  concurrency?: number;
}

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;
// HubSpot counts a call when it arrives, we count it when it leaves; a little slack on each
// window keeps network jitter from squeezing one call too many into the server's window.
const WINDOW_SLACK = { api: 250, search: 100 } as const;

/**
 * Paces the calls to one portal: a strict rolling window per kind (so a burst never exceeds the
 * configured limits), plus holds that stop new calls for a while when HubSpot's own
 * `X-HubSpot-RateLimit-Remaining` says the portal's window is nearly spent (other apps share it)
 * or after a 429.
 */
export class HubSpotRateLimiter {
  private readonly queues: Record<CallKind, PQueue>;
  private readonly holds: Record<CallKind, { until: number; timer?: NodeJS.Timeout }> = { api: { until: 0 }, search: { until: 0 } };
  private readonly headroom: number;
  /** Start times of our recent non-search calls, oldest first (the last minute). */
  private readonly started: number[] = [];

  constructor(limits: RateLimits) {
    const concurrency = limits.concurrency ?? 4;
    this.headroom = concurrency;
    this.queues = {
      api: createRequestQueue({ concurrency, intervalCap: limits.requestsPer10s, intervalMs: TEN_SECONDS + WINDOW_SLACK.api }),
      search: createRequestQueue({ concurrency: 1, intervalCap: limits.searchPerSecond, intervalMs: ONE_SECOND + WINDOW_SLACK.search }),
    };
  }

  schedule<T>(kind: CallKind, task: () => Promise<T>): Promise<T> {
    return this.queues[kind].add(() => {
      if (kind === 'api') {
        const now = Date.now();
        while (this.started.length > 0 && (this.started[0] as number) <= now - 6 * TEN_SECONDS) this.started.shift();
        this.started.push(now);
      }
      return task();
    });
  }

  /**
   * Reads the burst-window headers of a reply. When fewer calls remain than we may have in flight,
   * new calls wait until enough slots free up: exactly when our own calls fill the window (each
   * frees its slot `interval` after it started), else as if the other apps' calls were spread evenly.
   */
  observe(headers: Record<string, string> | undefined): void {
    const remaining = headerNumber(headers, 'x-hubspot-ratelimit-remaining');
    const max = headerNumber(headers, 'x-hubspot-ratelimit-max');
    const interval = headerNumber(headers, 'x-hubspot-ratelimit-interval-milliseconds') ?? TEN_SECONDS;
    if (remaining === undefined || max === undefined || max <= 0 || remaining > this.headroom) return;
    const now = Date.now();
    while (this.started.length > 0 && (this.started[0] as number) <= now - interval) this.started.shift();
    const needed = this.headroom - remaining + 1;
    const ours = this.started.length >= max - remaining;
    const frees = ours ? (this.started[needed - 1] ?? now) + interval - now : (interval / max) * needed;
    if (frees > 0) this.holdFor('api', Math.ceil(frees) + WINDOW_SLACK.api);
  }

  /** Starts no new call of this kind for `ms` (calls in flight finish). */
  holdFor(kind: CallKind, ms: number): void {
    const hold = this.holds[kind];
    const until = Date.now() + ms;
    if (until <= hold.until) return;
    hold.until = until;
    clearTimeout(hold.timer);
    const queue = this.queues[kind];
    queue.pause();
    hold.timer = setTimeout(() => {
      hold.timer = undefined;
      queue.start();
    }, ms);
  }

  /** No connector uses the limiter now: stop the hold timers (they would keep the process alive). */
  suspend(): void {
    for (const kind of ['api', 'search'] as const) {
      clearTimeout(this.holds[kind].timer);
      this.holds[kind].timer = undefined;
      this.queues[kind].start();
    }
  }

  /** A connector uses the limiter again: a hold that has not run out yet applies again. */
  resume(): void {
    for (const kind of ['api', 'search'] as const) {
      const left = this.holds[kind].until - Date.now();
      this.holds[kind].until = 0;
      if (left > 0) this.holdFor(kind, left);
    }
  }
}

const shared = new Map<string, { limiter: HubSpotRateLimiter; users: number }>();

/**
 * The limiter for one configured portal, shared by every connector this process opens for it:
 * a run opens one to sync, another to write back, another to sync again, and HubSpot counts them
 * all in the same window, so they must queue together and remember each other's recent calls.
 */
export function acquireRateLimiter(key: string, limits: RateLimits): { limiter: HubSpotRateLimiter; release: () => void } {
  const id = `${key}|${limits.requestsPer10s}|${limits.searchPerSecond}|${limits.concurrency ?? ''}`;
  let entry = shared.get(id);
  if (!entry) {
    entry = { limiter: new HubSpotRateLimiter(limits), users: 0 };
    shared.set(id, entry);
  }
  const current = entry;
  if (current.users++ === 0) current.limiter.resume();
  let released = false;
  return {
    limiter: current.limiter,
    release: () => {
      if (released) return;
      released = true;
      if (--current.users === 0) current.limiter.suspend();
    },
  };
}

export function headerNumber(headers: Record<string, string> | undefined, name: string): number | undefined {
  const raw = headers?.[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}
