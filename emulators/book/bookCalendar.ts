import { DAY_MS } from '../../src/model/time.js';

/** `YYYY-MM-DDT` */
const DAY_PREFIX_LENGTH = 11;
const TIMESTAMP_LENGTH = 24;
const ZERO = 48;

/**
 * Turns times relative to the book's as-of day into ISO strings. The generator works in plain
 * numbers (days or milliseconds from as-of day 00:00 UTC) and formats them here, millions of
 * times per large book. `Date#toISOString` is twice as slow, and string concatenation leaves
 * rope strings that take half again the memory and are copied again when the emulators
 * serialise them; writing ASCII into a scratch buffer yields one flat string per timestamp.
 */
export class BookCalendar {
  private readonly firstDay: number;
  private readonly dates: string[];
  private readonly years: number[];
  private readonly dayPrefixes: Uint8Array;
  private readonly scratch = Buffer.alloc(TIMESTAMP_LENGTH);

  /** `originMs`: epoch milliseconds of the as-of day at 00:00 UTC, which becomes offset 0. */
  constructor(originMs: number, pastDays: number, futureDays: number) {
    this.firstDay = -pastDays;
    const count = pastDays + futureDays + 1;
    this.dates = new Array<string>(count);
    this.years = new Array<number>(count);
    this.dayPrefixes = new Uint8Array(count * DAY_PREFIX_LENGTH);
    for (let i = 0; i < count; i++) {
      const date = new Date(originMs + (this.firstDay + i) * DAY_MS);
      const iso = date.toISOString().slice(0, DAY_PREFIX_LENGTH);
      this.dates[i] = iso.slice(0, 10);
      this.years[i] = date.getUTCFullYear();
      this.dayPrefixes.set(Buffer.from(iso, 'latin1'), i * DAY_PREFIX_LENGTH);
    }
    this.scratch.write('T00:00:00.000Z', 10, 'latin1');
  }

  /** `YYYY-MM-DD` of a day offset. */
  date(day: number): string {
    return this.at(this.dates, day);
  }

  year(day: number): number {
    return this.at(this.years, day);
  }

  /** `YYYY-MM-DDTHH:MM:SS.mmmZ` of a millisecond offset. */
  timestamp(offsetMs: number): string {
    const ms = Math.floor(offsetMs);
    const day = Math.floor(ms / DAY_MS);
    const slot = day - this.firstDay;
    if (slot < 0 || slot >= this.dates.length) throw new RangeError(`day offset ${day} is outside the book calendar`);
    const out = this.scratch;
    const prefix = this.dayPrefixes;
    const from = slot * DAY_PREFIX_LENGTH;
    for (let k = 0; k < DAY_PREFIX_LENGTH; k++) out[k] = prefix[from + k]!;
    let rest = ms - day * DAY_MS;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    const millis = rest - seconds * 1000;
    out[11] = ZERO + Math.floor(hours / 10);
    out[12] = ZERO + (hours % 10);
    out[14] = ZERO + Math.floor(minutes / 10);
    out[15] = ZERO + (minutes % 10);
    out[17] = ZERO + Math.floor(seconds / 10);
    out[18] = ZERO + (seconds % 10);
    out[20] = ZERO + Math.floor(millis / 100);
    out[21] = ZERO + (Math.floor(millis / 10) % 10);
    out[22] = ZERO + (millis % 10);
    return out.toString('latin1', 0, TIMESTAMP_LENGTH);
  }

  private at<T>(table: T[], day: number): T {
    const value = table[day - this.firstDay];
    if (value === undefined) throw new RangeError(`day offset ${day} is outside the book calendar`);
    return value;
  }
}
