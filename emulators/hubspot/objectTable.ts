import type { ObjectTypeInfo } from './objectTypes.js';

/**
 * One CRM record. Only set properties are stored, as strings in HubSpot's canonical form. The
 * id and the stamps live in the table (the id is the type's base plus the record's position,
 * the stamps in typed columns), so a 1.6-million-record portal allocates no boxed numbers per
 * record; calculated properties are derived when read.
 */
export class HsRecord {
  constructor(
    readonly table: ObjectTable,
    /** Position in the table: also the key associations use. */
    readonly seq: number,
    public props: Record<string, string>,
  ) {}

  get idNum(): number {
    return this.table.info.idBase + 1 + this.seq;
  }

  get id(): string {
    return String(this.idNum);
  }

  get createdAt(): number {
    return this.table.createdAt[this.seq] as number;
  }

  set createdAt(ms: number) {
    this.table.createdAt[this.seq] = ms;
  }

  get updatedAt(): number {
    return this.table.updatedAt[this.seq] as number;
  }

  set updatedAt(ms: number) {
    this.table.updatedAt[this.seq] = ms;
  }

  /** Null while the record is live. */
  get archivedAt(): number | null {
    const ms = this.table.archivedAt[this.seq] as number;
    return Number.isNaN(ms) ? null : ms;
  }

  set archivedAt(ms: number | null) {
    this.table.archivedAt[this.seq] = ms ?? Number.NaN;
  }

  get archived(): boolean {
    return !Number.isNaN(this.table.archivedAt[this.seq] as number);
  }
}

/**
 * The records of one object type, in id order. Ids are allocated densely from the type's base and
 * never reused. Archiving is a flag; only a purge (a GDPR delete) removes a record, so until one
 * a record's position is its id minus the base: point lookups are an array index and list paging
 * a slice. After a purge, records past it sit lower and are found by bisection.
 */
export class ObjectTable {
  readonly records: HsRecord[] = [];
  createdAt = new Float64Array(1024);
  updatedAt = new Float64Array(1024);
  archivedAt = new Float64Array(1024).fill(Number.NaN);
  /** Bumped on every write; search result snapshots are keyed on it. */
  version = 0;
  /** Records written recently: seq → wall-clock ms at which search starts to see them. */
  readonly searchPending = new Map<number, number>();
  /** For `hasUniqueValue` properties: property → value → record seq. */
  readonly uniqueIndex = new Map<string, Map<string, number>>();
  /** Sequence numbers handed out so far, purged records' included. */
  private nextSeq = 0;
  private purged = 0;

  constructor(readonly info: ObjectTypeInfo) {}

  /** Appends a record with the next id. */
  append(props: Record<string, string>, createdAt: number, updatedAt: number): HsRecord {
    const seq = this.nextSeq++;
    if (seq === this.createdAt.length) this.grow();
    const record = new HsRecord(this, seq, props);
    this.createdAt[seq] = createdAt;
    this.updatedAt[seq] = updatedAt;
    this.records.push(record);
    this.version++;
    return record;
  }

  /** A record by its id string, archived or not; undefined for malformed, unknown or purged ids. */
  get(id: string): HsRecord | undefined {
    if (!/^\d{1,16}$/.test(id)) return undefined;
    return this.at(Number(id) - this.info.idBase - 1);
  }

  /** The record holding sequence number `seq` (associations' key), unless it was purged. */
  at(seq: number): HsRecord | undefined {
    const direct = this.records[seq];
    if (direct?.seq === seq || this.purged === 0) return direct;
    const i = this.firstFrom(seq);
    return this.records[i]?.seq === seq ? this.records[i] : undefined;
  }

  /** Index of the first record whose id is at least `idNum`. */
  indexFrom(idNum: number): number {
    return this.firstFrom(idNum - this.info.idBase - 1);
  }

  /** Index of the first record whose seq is at least `seq` (positions equal seqs until a purge). */
  private firstFrom(seq: number): number {
    if (this.purged === 0) return Math.min(this.records.length, Math.max(0, seq));
    let lo = 0;
    let hi = Math.min(this.records.length, Math.max(0, seq));
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.records[mid] as HsRecord).seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes a record for good; its id is never given out again. */
  purge(record: HsRecord): void {
    const i = this.firstFrom(record.seq);
    if (this.records[i] !== record) return;
    this.records.splice(i, 1);
    this.searchPending.delete(record.seq);
    this.purged++;
    this.version++;
  }

  /** Marks a record as written now: search will not see it until `lagMs` has passed. */
  markWritten(record: HsRecord, lagMs: number): void {
    this.version++;
    if (lagMs <= 0) return;
    // Delete first so the map stays ordered by visibility time and pruning can stop early.
    this.searchPending.delete(record.seq);
    this.searchPending.set(record.seq, Date.now() + lagMs);
  }

  /** Drops pending entries that search may now see; returns how many are still hidden. */
  prunePending(now: number): number {
    for (const [seq, visibleAt] of this.searchPending) {
      if (visibleAt > now) break;
      this.searchPending.delete(seq);
    }
    return this.searchPending.size;
  }

  /** Sizes the stamp columns for `count` more records at once (bulk loads). */
  reserve(count: number): void {
    const needed = this.nextSeq + count;
    if (needed > this.createdAt.length) this.grow(needed);
  }

  private grow(atLeast = this.createdAt.length * 2): void {
    const size = Math.max(atLeast, this.createdAt.length * 2);
    const grown = (old: Float64Array, fill: number) => {
      const next = new Float64Array(size).fill(fill);
      next.set(old);
      return next;
    };
    this.createdAt = grown(this.createdAt, 0);
    this.updatedAt = grown(this.updatedAt, 0);
    this.archivedAt = grown(this.archivedAt, Number.NaN);
  }
}
