import type { SfRecord } from './recordTables.js';

/** Stored stamps are canonical ISO strings, so text order is time order. */
const stampOf = (row: SfRecord): string => row.SystemModstamp as string;

function byStampThenId(a: SfRecord, b: SfRecord): number {
  const sa = stampOf(a);
  const sb = stampOf(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return (a.Id as string) < (b.Id as string) ? -1 : 1;
}

/**
 * One object's rows in (SystemModstamp, Id) order: the order incremental syncs ask for on every
 * run. New stamps always exceed old ones, so a write only appends; the row version it replaces
 * stays behind as a stale entry and is skipped (a row object is current while the table still
 * holds it), as do the entries of purged rows. Built on first use, so orgs that never sort on
 * SystemModstamp pay nothing.
 */
export class ModstampOrder {
  private entries: SfRecord[];
  private stale = 0;

  constructor(
    rows: readonly SfRecord[],
    /** The table's current row for an id (undefined once purged). */
    private readonly current: (id18: string) => SfRecord | undefined,
  ) {
    // Row position is Id order, so sorting positions by (stamp, position) is (stamp, Id) order;
    // typed arrays keep this one-off sort of a million rows well under a second.
    const stamps = new Float64Array(rows.length);
    const order = new Uint32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      stamps[i] = Date.parse(stampOf(rows[i] as SfRecord));
      order[i] = i;
    }
    order.sort((a, b) => (stamps[a] as number) - (stamps[b] as number) || a - b);
    this.entries = Array.from(order, (i) => rows[i] as SfRecord);
  }

  private isCurrent(row: SfRecord): boolean {
    return this.current(row.Id as string) === row;
  }

  /** Records a new row version; rows of one transaction share a stamp and go in Id order. */
  add(row: SfRecord, replaced: boolean): void {
    let i = this.entries.length;
    this.entries.push(row);
    while (i > 0 && byStampThenId(this.entries[i - 1] as SfRecord, row) > 0) {
      this.entries[i] = this.entries[i - 1] as SfRecord;
      i--;
    }
    this.entries[i] = row;
    if (replaced) this.forget(1);
  }

  /** Counts entries that no longer name a current row, and drops them once they are most of the index. */
  forget(count: number): void {
    this.stale += count;
    if (this.stale > 1000 && this.stale > this.entries.length / 2) {
      this.entries = this.entries.filter((r) => this.isCurrent(r));
      this.stale = 0;
    }
  }

  /** First entry index whose stamp is above (or at, when inclusive) `stamp`. */
  private lowerBound(stamp: string, inclusive: boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = stampOf(this.entries[mid] as SfRecord);
      if (s < stamp || (!inclusive && s === stamp)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Current rows in order, ascending from a lower stamp bound or descending from the newest,
   * until `accept` has taken `max` rows.
   */
  scan(descending: boolean, from: { stamp: string; inclusive: boolean } | undefined, accept: (row: SfRecord) => boolean, max: number): SfRecord[] {
    const out: SfRecord[] = [];
    if (descending) {
      const stop = from ? this.lowerBound(from.stamp, from.inclusive) : 0;
      for (let i = this.entries.length - 1; i >= stop && out.length < max; i--) {
        const row = this.entries[i] as SfRecord;
        if (this.isCurrent(row) && accept(row)) out.push(row);
      }
      return out;
    }
    for (let i = from ? this.lowerBound(from.stamp, from.inclusive) : 0; i < this.entries.length && out.length < max; i++) {
      const row = this.entries[i] as SfRecord;
      if (this.isCurrent(row) && accept(row)) out.push(row);
    }
    return out;
  }
}
