import type { PullOutcome } from '../sync/pullObject.js';

export interface ProgressOptions {
  /** A terminal gets one line redrawn in place; anything else gets plain lines. */
  tty: boolean;
  write: (text: string) => void;
  /** Plain lines at most this often. @default 5000 */
  everyMs?: number;
  now?: () => number;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/** Backfill progress: records, rate and (when the CRM could count) share done and ETA, per object. */
export class BackfillProgress {
  private readonly totals = new Map<string, number | null>();
  private current: { key: string; startedAt: number; lastLine: number; pulled: number; at: number } | null = null;
  private readonly everyMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.everyMs = options.everyMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  expect(connector: string, object: string, total: number | null): void {
    this.totals.set(`${connector} ${object}`, total);
  }

  page(connector: string, outcome: PullOutcome): void {
    const key = `${connector} ${outcome.object}`;
    const now = this.now();
    if (this.current?.key !== key) {
      this.finish();
      this.current = { key, startedAt: now, lastLine: now, pulled: 0, at: now };
    }
    this.current.pulled = outcome.pulled;
    this.current.at = now;
    if (this.options.tty) this.options.write(`\r${this.line()}\u001b[K`);
    else if (now - this.current.lastLine >= this.everyMs) {
      this.current.lastLine = now;
      this.options.write(`${this.line()}\n`);
    }
  }

  /** Ends the current object's line (its final figures). */
  finish(): void {
    if (!this.current) return;
    const line = this.line();
    this.options.write(this.options.tty ? `\r${line}\u001b[K\n` : `${line}\n`);
    this.current = null;
  }

  /** Figures as of the object's last page, so its final line keeps the rate it ran at. */
  private line(): string {
    const c = this.current!;
    const seconds = Math.max(0.001, (c.at - c.startedAt) / 1000);
    const rate = c.pulled / seconds;
    const total = this.totals.get(c.key) ?? null;
    // Changes made during the backfill can take it past the count.
    const target = total === null ? null : Math.max(total, c.pulled);
    if (target === null || target === 0) return `${c.key}  ${n(c.pulled)} records  ${n(rate)}/s`;
    const share = c.pulled / target;
    const eta = rate > 0 ? (target - c.pulled) / rate : Infinity;
    const bar = this.options.tty ? ` [${'#'.repeat(Math.round(share * 20)).padEnd(20, '.')}]` : '';
    return `${c.key}${bar}  ${n(c.pulled)} of ${n(target)} (${Math.floor(share * 100)}%)  ${n(rate)}/s  ETA ${duration(eta)}`;
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
