/**
 * The source of `hs_lastmodifieddate` stamps. It never runs backwards, and tests can pin it so
 * that thousands of writes share one millisecond, which is what breaks naive search-cap
 * workarounds on the real API.
 */
export class ModificationClock {
  private pinnedAt: number | null = null;
  private last: number;

  constructor(notBefore = 0) {
    this.last = notBefore;
  }

  now(): number {
    if (this.pinnedAt !== null) return this.pinnedAt;
    const t = Math.max(Date.now(), this.last);
    this.last = t;
    return t;
  }

  /** Every write until `unpin()` gets exactly this stamp. */
  pin(at: Date | string | number): void {
    const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at;
    if (!Number.isFinite(ms)) throw new Error(`cannot pin the clock to ${String(at)}`);
    this.pinnedAt = ms;
  }

  unpin(): void {
    if (this.pinnedAt !== null) this.last = Math.max(this.last, this.pinnedAt);
    this.pinnedAt = null;
  }

  isPinned(): boolean {
    return this.pinnedAt !== null;
  }
}
