import type { SnapshotRecord, StoredMeasure } from '../../state/snapshots.js';
import type { AccountScore, BookScore } from './scoreBook.js';

/** Stored in place of the note of a measure that is not due yet. */
export const NOT_DUE = 'not-due';

/** An account's score as the state stores it, rounded to what anyone will read. */
export function snapshotRecordOf(score: AccountScore, riskSource: BookScore['risk']['source']): SnapshotRecord {
  const measures: Record<string, StoredMeasure> = {};
  score.measures.forEach((m, i) => {
    const omega = score.omega[i]!;
    measures[m.key] = {
      s: m.score === null ? null : round(m.score, 1),
      v: m.value === null ? null : Number(m.value.toPrecision(4)),
      w: round(omega, 4),
      p: m.score === null ? 0 : round(omega * (100 - m.score), 1),
      ...(m.notDue ? { n: NOT_DUE } : m.note ? { n: m.note } : {}),
    };
  });
  const driver = (d: { key: string; label: string; points: number }) => ({ key: d.key, label: d.label, points: round(d.points, 1) });
  return {
    accountId: score.accountId,
    health: score.health,
    band: score.band,
    churnRisk: round(score.churnRisk, 4),
    riskSource,
    coverage: round(score.coverage, 3),
    measures,
    drivers: {
      level: score.drivers.level.map(driver),
      change: score.drivers.change.map(driver),
      risk: score.riskDrivers.map((c) => ({ factor: c.factor, points: round(c.points, 1) })),
    },
    driversText: score.drivers.text,
    trend: score.trend.label,
    trendChange: score.trend.change === null ? null : round(score.trend.change, 1),
    trendSlope: score.trend.slopePerWeek === null ? null : round(score.trend.slopePerWeek, 2),
    flags: score.flags.map((f) => ({ code: f.code, label: f.label })),
    carry: score.carry,
  };
}

/** The numbers `vitals score` prints and keeps with the pass. */
export type BookSummary = ReturnType<BookTally['summary']>;

/** Counts a pass's scores as they stream past, for its summary. */
export class BookTally {
  private readonly bands = { red: 0, yellow: 0, green: 0 };
  private n = 0;
  private risk = 0;
  private coverage = 0;
  private low = 0;
  private flagged = 0;

  add(a: AccountScore): void {
    this.n += 1;
    this.bands[a.band] += 1;
    this.risk += a.churnRisk;
    this.coverage += a.coverage;
    if (a.lowCoverage) this.low += 1;
    if (a.flags.length > 0) this.flagged += 1;
  }

  summary(book: Pick<BookScore, 'churned' | 'unscorable' | 'risk'>) {
    const n = this.n;
    return {
      accounts: n,
      bands: { ...this.bands },
      meanChurnRisk: n ? round(this.risk / n, 4) : 0,
      meanCoverage: n ? round(this.coverage / n, 3) : 0,
      lowCoverage: this.low,
      redFlagged: this.flagged,
      churned: book.churned,
      unscorable: book.unscorable,
      risk: book.risk,
    };
  }
}

/**
 * "1,690 customers scored; 310 churned accounts are not scored (...)": said wherever the count of
 * scored accounts is shown, since it is less than the accounts the CRM holds.
 */
export function scoredText(s: Pick<BookSummary, 'accounts' | 'churned'>): string {
  const n = (k: number) => k.toLocaleString('en-US');
  const scored = `${n(s.accounts)} ${s.accounts === 1 ? 'customer' : 'customers'} scored`;
  if (!s.churned) return scored;
  const churned = s.churned === 1 ? '1 churned account is' : `${n(s.churned)} churned accounts are`;
  return `${scored}; ${churned} not scored (last renewal lost, nothing won since)`;
}

export function bookSummary(book: BookScore): BookSummary {
  const tally = new BookTally();
  for (const a of book.accounts) tally.add(a);
  return tally.summary(book);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
