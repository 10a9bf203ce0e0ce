/** A rolling window: at most `max` events in any `windowMs` span. */
export class RollingWindow {
  private readonly stamps: number[] = [];
  private head = 0;

  constructor(
    readonly windowMs: number,
    public max: number,
  ) {}

  /** Counts an event unless the window is full; false means "limit reached". */
  tryTake(now: number): boolean {
    this.expire(now);
    if (this.stamps.length - this.head >= this.max) return false;
    this.stamps.push(now);
    return true;
  }

  /** Takes every slot left in the window (other apps' calls): the window is full until they roll out. */
  fill(now: number): void {
    this.expire(now);
    while (this.stamps.length - this.head < this.max) this.stamps.push(now);
  }

  used(now: number): number {
    this.expire(now);
    return this.stamps.length - this.head;
  }

  private expire(now: number): void {
    while (this.head < this.stamps.length && (this.stamps[this.head] as number) <= now - this.windowMs) this.head++;
    // Compact now and then so the array does not grow for the life of the emulator.
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps.splice(0, this.head);
      this.head = 0;
    }
  }
}

export interface RateLimitSettings {
  requestsPer10s: number;
  /** Length of the burst window; HubSpot's is ten seconds. @default 10000 */
  windowMs?: number;
  searchPerSecond: number;
  dailyApiLimit: number;
  /** `policyName` of the 10-second 429; the SDK sleeps 10 s per retry only for TEN_SECONDLY_ROLLING. */
  policyName: string;
}

export type Admission = { ok: true } | { ok: false; policyName: string; message: string };

/**
 * HubSpot's per-app limits: a rolling 10-second burst window for ordinary calls, a separate
 * per-second window for search, and a daily allowance shared by both that resets at midnight
 * (UTC here; HubSpot uses the portal's time zone).
 */
export class RateLimiter {
  private readonly burst: RollingWindow;
  private readonly search: RollingWindow;
  private dailyUsed = 0;
  private day = utcDay(Date.now());

  constructor(private readonly settings: RateLimitSettings) {
    this.burst = new RollingWindow(settings.windowMs ?? 10_000, settings.requestsPer10s);
    this.search = new RollingWindow(1_000, settings.searchPerSecond);
  }

  admit(kind: 'api' | 'search', dailyLimit: number, now = Date.now()): Admission {
    this.rollDay(now);
    if (this.dailyUsed >= dailyLimit) return { ok: false, policyName: 'DAILY', message: 'You have reached your daily limit.' };
    if (kind === 'search') {
      if (!this.search.tryTake(now)) return { ok: false, policyName: 'SECONDLY', message: 'You have reached your secondly limit.' };
    } else if (!this.burst.tryTake(now)) {
      return { ok: false, policyName: this.settings.policyName, message: `You have reached your ${this.settings.policyName.toLowerCase()} limit.` };
    }
    this.dailyUsed++;
    return { ok: true };
  }

  /** Other apps on the portal use up the burst window now (their calls do not count against our daily allowance). */
  exhaustBurst(now = Date.now()): void {
    this.burst.fill(now);
  }

  /** The `X-HubSpot-RateLimit-*` headers as of now. */
  headers(dailyLimit: number, now = Date.now()): Record<string, string> {
    this.rollDay(now);
    const daily = Number.isFinite(dailyLimit) ? dailyLimit : this.settings.dailyApiLimit;
    return {
      'X-HubSpot-RateLimit-Daily': String(daily),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, daily - this.dailyUsed)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.burst.windowMs),
      'X-HubSpot-RateLimit-Max': String(this.burst.max),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.burst.max - this.burst.used(now))),
    };
  }

  dailyCallsUsed(): number {
    this.rollDay(Date.now());
    return this.dailyUsed;
  }

  private rollDay(now: number): void {
    const day = utcDay(now);
    if (day !== this.day) {
      this.day = day;
      this.dailyUsed = 0;
    }
  }
}

function utcDay(ms: number): number {
  return Math.floor(ms / 86_400_000);
}
