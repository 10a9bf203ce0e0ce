import type { Terminal } from '../log/terminal.js';
import type { PullOutcome } from '../sync/pullObject.js';

export interface ProgressOptions {
  /** The writer log lines share: a terminal gets one line redrawn in place; anything else gets plain lines. */
  terminal: Pick<Terminal, 'isTTY' | 'line' | 'status' | 'keepStatus'>;
  /** Plain lines at most this often. @default 5000 */
  everyMs?: number;
  now?: () => number;
}

/** Below this much wall time a rate is noise (one page in 2 ms reads as 100,000/s): none is shown. */
const RATE_AFTER_MS = 1000;

const n = (value: number) => Math.round(value).toLocaleString('en-US');

interface ObjectProgress {
  key: string;
  /** When this run began on the object: wall time, so waiting for the CRM counts. */
  startedAt: number;
  lastLine: number;
  /** Read by an earlier run of a resumed backfill. */
  already: number;
  /** Read by this run. */
  pulled: number;
  at: number;
}

/** Backfill progress: records, rate and (when the CRM could count) share done and ETA, per object. */
export class BackfillProgress {
  private readonly expected = new Map<string, { total: number | null; already: number }>();
  private current: ObjectProgress | null = null;
  private readonly everyMs: number;
  private readonly now: () => number;
  /** An object's clock starts when the one before it read its last page (or at the start). */
  private lastEnded: number;

  constructor(private readonly options: ProgressOptions) {
    this.everyMs = options.everyMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.lastEnded = this.now();
  }

  expect(connector: string, object: string, total: number | null, already = 0): void {
    this.expected.set(`${connector} ${object}`, { total, already });
  }

  page(connector: string, outcome: PullOutcome): void {
    const key = `${connector} ${outcome.object}`;
    const now = this.now();
    if (this.current?.key !== key) {
      this.finish();
      const already = this.expected.get(key)?.already ?? 0;
      this.current = { key, startedAt: this.lastEnded, lastLine: this.lastEnded, already, pulled: 0, at: now };
    }
    this.current.pulled = outcome.pulled;
    this.current.at = now;
    const { terminal } = this.options;
    if (terminal.isTTY) terminal.status(this.line());
    else if (now - this.current.lastLine >= this.everyMs) {
      this.current.lastLine = now;
      terminal.line(`${this.line()}\n`);
    }
  }

  /** Ends the current object's line (its final figures). */
  finish(): void {
    if (!this.current) return;
    const { terminal } = this.options;
    if (terminal.isTTY) {
      terminal.status(this.line());
      terminal.keepStatus();
    } else terminal.line(`${this.line()}\n`);
    // Its last page, not now: finish() is called when the next object's first page has come.
    this.lastEnded = this.current.at;
    this.current = null;
  }

  /** Figures as of the object's last page, so its final line keeps the rate it ran at. */
  private line(): string {
    const c = this.current!;
    const done = c.already + c.pulled;
    const elapsedMs = c.at - c.startedAt;
    // Only this run's records over this run's time: a resumed backfill did not read the rest now.
    const rate = elapsedMs >= RATE_AFTER_MS ? c.pulled / (elapsedMs / 1000) : null;
    const rateText = rate === null ? '' : `  ${n(rate)}/s`;
    const total = this.expected.get(c.key)?.total ?? null;
    // Changes made during the backfill can take it past the count.
    const target = total === null ? null : Math.max(total, done);
    if (target === null || target === 0) return `${c.key}  ${n(done)} records${rateText}`;
    const share = done / target;
    const bar = this.options.terminal.isTTY ? ` [${'#'.repeat(Math.round(share * 20)).padEnd(20, '.')}]` : '';
    const eta = done >= target ? 0 : rate ? (target - done) / rate : Infinity;
    return `${c.key}${bar}  ${n(done)} of ${n(target)} (${Math.floor(share * 100)}%)${rate === null ? '' : `${rateText}  ETA ${duration(eta)}`}`;
  }
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
