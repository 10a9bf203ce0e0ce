import { DAY_MS } from '../../src/model/time.js';

/** UTC dates of day offsets from a book's as-of day, and the weekday each falls on. */
export class UsageCalendar {
  private readonly originMs: number;
  private readonly cache = new Map<number, string>();

  constructor(asOf: string) {
    this.originMs = Math.floor(Date.parse(asOf) / DAY_MS) * DAY_MS;
  }

  /** `YYYY-MM-DD` */
  date(day: number): string {
    let date = this.cache.get(day);
    if (date === undefined) {
      date = new Date(this.originMs + day * DAY_MS).toISOString().slice(0, 10);
      this.cache.set(day, date);
    }
    return date;
  }

  /** Milliseconds since the epoch of the day's 00:00 UTC. */
  startMs(day: number): number {
    return this.originMs + day * DAY_MS;
  }

  /** 0 Sunday .. 6 Saturday. */
  weekday(day: number): number {
    return (Math.floor(this.originMs / DAY_MS) + day + 4) % 7;
  }
}
