import type { State } from './openState.js';

/** Where one usage source's reading stands (`usage_reads`); days count UTC days since 1970-01-01. */
export interface UsageReadState {
  source: string;
  setting: string;
  readFrom: number | null;
  readThrough: number | null;
  readAt: string | null;
  rows: number;
  error: string | null;
  failedAt: string | null;
}

/** A day's aggregates for one normalised key, as stored. */
export interface StoredUsageDay {
  key: string;
  /** The key as the source wrote it, for messages. */
  rawKey: string;
  day: number;
  activeUsers: number | null;
  activeUsers30d: number | null;
  events: number | null;
  features30d: number | null;
  seats: number | null;
}

type ReadColumns = [string, string, number | null, number | null, string | null, number, string | null, string | null];
const READ_COLUMNS = 'source, setting, read_from, read_through, read_at, rows, error, failed_at';

function toReadState([source, setting, readFrom, readThrough, readAt, rows, error, failedAt]: ReadColumns): UsageReadState {
  return { source, setting, readFrom, readThrough, readAt, rows, error, failedAt };
}

export function usageReadState(state: State, source: string): UsageReadState | null {
  const row = state.db.prepare(`SELECT ${READ_COLUMNS} FROM usage_reads WHERE source = ?`).raw().get(source) as ReadColumns | undefined;
  return row ? toReadState(row) : null;
}

export function listUsageReads(state: State): UsageReadState[] {
  return (state.db.prepare(`SELECT ${READ_COLUMNS} FROM usage_reads ORDER BY source`).raw().all() as ReadColumns[]).map(toReadState);
}

/**
 * Forgets everything stored from a source (its rows were shaped by another setting: another
 * match field, format or columns) and starts its reading over under `setting`.
 */
export function restartUsageSource(state: State, source: string, setting: string): void {
  state.db.transaction(() => {
    state.db.prepare('DELETE FROM usage_daily WHERE key_id IN (SELECT id FROM usage_keys WHERE source = ?)').run(source);
    state.db.prepare('DELETE FROM usage_links WHERE source = ?').run(source);
    state.db.prepare('DELETE FROM usage_keys WHERE source = ?').run(source);
    state.db
      .prepare(
        `INSERT INTO usage_reads (source, setting) VALUES (?, ?)
         ON CONFLICT (source) DO UPDATE SET setting = excluded.setting, read_from = NULL, read_through = NULL, data_through = NULL, read_at = NULL, rows = 0, error = NULL, failed_at = NULL`,
      )
      .run(source, setting);
  })();
}

/** A read that failed: kept until one succeeds, so `status` says why. Nothing it read was kept. */
export function recordUsageFailure(state: State, source: string, message: string, at: string): void {
  state.db.prepare('UPDATE usage_reads SET error = ?, failed_at = ? WHERE source = ?').run(message, at, source);
}

/** A source's keys and their ids: one read loads them once and hands them to each of its windows. */
export function usageKeyIds(state: State, source: string): Map<string, number> {
  const rows = state.db.prepare('SELECT id, key FROM usage_keys WHERE source = ?').raw().all(source) as [number, string][];
  return new Map(rows.map(([id, key]) => [key, id]));
}

/**
 * One window of days being replaced: opened (the transaction begins), filled chunk by chunk as the
 * source hands them out, then committed with the reading's new position, or rolled back whole.
 * A key's stored days in the window are deleted when its first row arrives, right before its new
 * rows go to the same pages (rows come in key order, so each page is written once: a new day of
 * 100,000 keys touches 100,000 pages, and a delete pass before the inserts wrote them all twice);
 * keys the window no longer has are cleared at commit. A key written in two forms that normalise
 * alike is one account: its counts add up, its distinct counts and seats take the larger.
 */
export class UsageWindow {
  private stored = 0;
  private added = 0;
  private latest: number | null = null;
  private deleted = 0;
  /** Keys whose stored days in the window are gone already: deleted, or new in this window. */
  private readonly cleared = new Set<number>();
  /** The key of the rows arriving now and the days they span, written to `usage_keys` when the key changes. */
  private span: { id: number; raw: string; first: number; last: number } | null = null;
  private readonly deleteKeyDays;
  private readonly insert;
  private readonly merge;
  private readonly newKey;
  private readonly widenSpan;

  constructor(
    private readonly state: State,
    private readonly source: string,
    private readonly fromDay: number,
    private readonly toDay: number,
    /**
     * Every key of the source and its id (`usageKeyIds`), shared by the windows of one read; keys
     * new in this window are added as they come, so a window that rolls back leaves ids in it that
     * no longer exist: the read that owns the map stops there.
     */
    private readonly ids: Map<string, number>,
  ) {
    const db = state.db;
    db.exec('BEGIN IMMEDIATE');
    this.deleteKeyDays = db.prepare('DELETE FROM usage_daily WHERE key_id = ? AND day BETWEEN ? AND ?');
    this.newKey = db.prepare('INSERT INTO usage_keys (source, key, raw_key, first_day, last_day) VALUES (?, ?, ?, ?, ?)');
    this.widenSpan = db.prepare('UPDATE usage_keys SET raw_key = ?, first_day = min(first_day, ?), last_day = max(last_day, ?) WHERE id = ?');
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO usage_daily (key_id, day, active_users, active_users_30d, events, features_30d, seats) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // Rare (a key in two forms): tried only when the plain insert found the day taken.
    this.merge = db.prepare(
      `UPDATE usage_daily SET
         active_users = max(coalesce(active_users, @activeUsers), coalesce(@activeUsers, active_users)),
         active_users_30d = max(coalesce(active_users_30d, @activeUsers30d), coalesce(@activeUsers30d, active_users_30d)),
         events = CASE WHEN events IS NULL THEN @events WHEN @events IS NULL THEN events ELSE events + @events END,
         features_30d = max(coalesce(features_30d, @features30d), coalesce(@features30d, features_30d)),
         seats = max(coalesce(seats, @seats), coalesce(@seats, seats))
       WHERE key_id = @keyId AND day = @day`,
    );
  }

  /**
   * One day of one key. Rows are best handed out in key order (each key's days together): a key's
   * span is then written once, and only its id is kept. The row is not kept, so a caller may reuse it.
   */
  add(r: StoredUsageDay): void {
    let keyId: number;
    if (this.span !== null && this.span.raw === r.rawKey) keyId = this.span.id;
    else {
      const known = this.ids.get(r.key);
      if (known === undefined) {
        keyId = Number(this.newKey.run(this.source, r.key, r.rawKey, r.day, r.day).lastInsertRowid);
        this.ids.set(r.key, keyId);
        this.cleared.add(keyId);
      } else {
        keyId = known;
        if (!this.cleared.has(keyId)) {
          this.deleted += this.deleteKeyDays.run(keyId, this.fromDay, this.toDay).changes;
          this.cleared.add(keyId);
        }
      }
      this.writeSpan();
      this.span = { id: keyId, raw: r.rawKey, first: r.day, last: r.day };
    }
    if (this.insert.run(keyId, r.day, r.activeUsers, r.activeUsers30d, r.events, r.features30d, r.seats).changes === 1) this.added += 1;
    else this.merge.run({ keyId, day: r.day, activeUsers: r.activeUsers, activeUsers30d: r.activeUsers30d, events: r.events, features30d: r.features30d, seats: r.seats });
    const span = this.span!;
    if (r.day < span.first) span.first = r.day;
    if (r.day > span.last) span.last = r.day;
    if (this.latest === null || r.day > this.latest) this.latest = r.day;
    this.stored += 1;
  }

  private writeSpan(): void {
    const s = this.span;
    if (s !== null) this.widenSpan.run(s.raw, s.first, s.last, s.id);
    this.span = null;
  }

  /** Rows handed to `add` so far. */
  get rows(): number {
    return this.stored;
  }

  commit(readAt: string): void {
    const db = this.state.db;
    this.writeSpan();
    // Keys that had days in the window and sent none this time (their spans bound their rows).
    const spanning = db.prepare('SELECT id FROM usage_keys WHERE source = ? AND first_day <= ? AND last_day >= ?').pluck().all(this.source, this.toDay, this.fromDay) as number[];
    for (const id of spanning) {
      if (!this.cleared.has(id)) this.deleted += this.deleteKeyDays.run(id, this.fromDay, this.toDay).changes;
    }
    db.prepare(
      `UPDATE usage_reads SET read_from = min(coalesce(read_from, @from), @from), read_through = @to, read_at = @readAt,
         data_through = max(coalesce(data_through, @latest), coalesce(@latest, data_through)),
         rows = rows + @added, error = NULL, failed_at = NULL WHERE source = @source`,
    ).run({ from: this.fromDay, to: this.toDay, readAt, source: this.source, added: this.added - this.deleted, latest: this.latest });
    db.exec('COMMIT');
  }

  rollback(): void {
    if (this.state.db.inTransaction) this.state.db.exec('ROLLBACK');
  }
}
