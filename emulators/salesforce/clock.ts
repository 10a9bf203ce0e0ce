/**
 * The org's clock. `SystemModstamp` must strictly increase from one write to the next or an
 * incremental sync on `SystemModstamp > cursor` can skip records, so `stamp()` never repeats a
 * value even when the wall clock stalls, steps back, or a test has pinned it.
 */
export class ModstampClock {
  private pinned: number | undefined;
  private last: number;

  /** @param floor no stamp is issued at or before this instant (epoch ms), e.g. the book's newest change */
  constructor(floor = 0) {
    this.last = floor;
  }

  /** The current instant (epoch ms): the pinned time when pinned, else the wall clock. */
  now(): number {
    return this.pinned ?? Date.now();
  }

  /** A new modification stamp, strictly after every stamp issued before. */
  stamp(): number {
    const next = Math.max(this.now(), this.last + 1);
    this.last = next;
    return next;
  }

  /** Never issue a stamp at or before `ms` (e.g. once data with later stamps has been loaded). */
  raiseFloor(ms: number): void {
    this.last = Math.max(this.last, ms);
  }

  /** The most recent stamp issued (or the floor). */
  lastStamp(): number {
    return this.last;
  }

  /** Freeze `now()` at an instant (ISO string or epoch ms); stamps still increase by 1 ms per write. */
  pin(at: string | number): void {
    this.pinned = typeof at === 'number' ? at : Date.parse(at);
    if (Number.isNaN(this.pinned)) throw new Error(`cannot pin the clock to ${String(at)}`);
  }

  /** Move a pinned clock forward (or, unpinned, pin it at now + ms). */
  advance(ms: number): void {
    this.pinned = this.now() + ms;
  }

  unpin(): void {
    this.pinned = undefined;
  }
}
