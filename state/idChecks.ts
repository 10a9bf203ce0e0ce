import type { StoredObject } from '../src/model/rows.js';
import type { State } from './openState.js';

/** How an object's ids were last checked against the CRM, and what it found. */
export interface IdCheck {
  connector: string;
  object: StoredObject;
  how: 'full-pull' | 'sweep';
  checkedAt: string;
  /** Live records the state held before the check. */
  live: number;
  /** Of those, the ones the CRM no longer has. */
  missing: number;
  deleted: number;
  /** Missing records not deleted: they were more than the allowed share of the object. */
  held: number;
}

/** When a check may mark records deleted: a share above `maxSharePercent` waits for `confirm`. */
export interface DeleteGuard {
  maxSharePercent: number;
  confirm: boolean;
}

const TABLES: readonly StoredObject[] = ['accounts', 'opportunities', 'tickets', 'owners'];

function table(object: StoredObject): string {
  if (!TABLES.includes(object)) throw new Error(`not a stored object: ${object}`);
  return object;
}

/** A full pull starts from nothing: what an earlier one saw is forgotten. */
export function startFullPull(state: State, connector: string, object: StoredObject): void {
  state.db.transaction(() => {
    state.db.prepare('DELETE FROM pull_seen WHERE connector = ? AND object = ?').run(connector, object);
    const stored = state.db.prepare(`SELECT 1 FROM ${table(object)} WHERE connector = ? AND deleted_at IS NULL LIMIT 1`).get(connector) !== undefined;
    state.db
      .prepare(
        `INSERT INTO full_pulls (connector, object, started_at, tracks_seen) VALUES (?, ?, ?, ?)
         ON CONFLICT (connector, object) DO UPDATE SET started_at = excluded.started_at, tracks_seen = excluded.tracks_seen`,
      )
      .run(connector, object, new Date().toISOString(), stored ? 1 : 0);
  })();
}

/** A pull without a full snapshot to complete (an incremental one, or `--since`) leaves none half-made. */
export function dropFullPull(state: State, connector: string, object: StoredObject): void {
  state.db.transaction(() => {
    state.db.prepare('DELETE FROM pull_seen WHERE connector = ? AND object = ?').run(connector, object);
    state.db.prepare('DELETE FROM full_pulls WHERE connector = ? AND object = ?').run(connector, object);
  })();
}

/** The full pull under way for this object, if one is: `tracksSeen` says whether its pages record their ids. */
export function openFullPull(state: State, connector: string, object: StoredObject): { tracksSeen: boolean } | null {
  const row = state.db.prepare('SELECT tracks_seen FROM full_pulls WHERE connector = ? AND object = ?').get(connector, object) as { tracks_seen: number } | undefined;
  return row ? { tracksSeen: row.tracks_seen === 1 } : null;
}

/** Records ids a full pull saw; called inside the transaction that stores their page. */
export function recordSeen(state: State, connector: string, object: StoredObject, ids: Iterable<string>): void {
  const insert = state.db.prepare('INSERT OR IGNORE INTO pull_seen (connector, object, crm_id) VALUES (?, ?, ?)');
  for (const id of ids) insert.run(connector, object, id);
}

/** The full pull has ended: every stored record it did not see is gone from the CRM. */
export function finishFullPull(state: State, connector: string, object: StoredObject, guard: DeleteGuard): IdCheck {
  return state.db.transaction(() => {
    const tracked = openFullPull(state, connector, object)?.tracksSeen ?? false;
    const missing = !tracked ? [] : (
      state.db
        .prepare(
          `SELECT r.crm_id FROM ${table(object)} r WHERE r.connector = ? AND r.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM pull_seen s WHERE s.connector = r.connector AND s.object = ? AND s.crm_id = r.crm_id)`,
        )
        .raw()
        .all(connector, object) as [string][]
    ).map(([id]) => id);
    const check = settle(state, connector, object, 'full-pull', missing, guard);
    dropFullPull(state, connector, object);
    return check;
  })();
}

/** The ids of an object's live records, as a sweep starts (what it may find gone). */
export function liveIds(state: State, connector: string, object: StoredObject): Set<string> {
  return new Set(state.db.prepare(`SELECT crm_id FROM ${table(object)} WHERE connector = ? AND deleted_at IS NULL`).pluck().all(connector) as string[]);
}

/**
 * An id sweep has read every id the CRM holds (`seen`): a record live in the state when the sweep
 * began (`before`, so one stored meanwhile is never taken for gone) that it did not see is gone.
 */
export function finishSweep(state: State, connector: string, object: StoredObject, seen: ReadonlySet<string>, before: ReadonlySet<string>, guard: DeleteGuard): IdCheck {
  return state.db.transaction(() => {
    const stillLive = liveIds(state, connector, object);
    const missing = [...before].filter((id) => !seen.has(id) && stillLive.has(id));
    return settle(state, connector, object, 'sweep', missing, guard);
  })();
}

function settle(state: State, connector: string, object: StoredObject, how: IdCheck['how'], missing: string[], guard: DeleteGuard): IdCheck {
  const live = (state.db.prepare(`SELECT COUNT(*) FROM ${table(object)} WHERE connector = ? AND deleted_at IS NULL`).pluck().get(connector) as number) ?? 0;
  // A deal or ticket of an account already gone went with it (Salesforce deletes them together):
  // expected, whatever its share. The others may have vanished from the integration user's view
  // for other reasons (a sharing rule, a lost permission): a check that would delete more than the
  // allowed share of them deletes none unasked.
  const orphans = new Set(object === 'opportunities' || object === 'tickets' ? withGoneAccount(state, connector, object, missing) : []);
  const others = missing.filter((id) => !orphans.has(id));
  const held = others.length > 0 && others.length > (live * guard.maxSharePercent) / 100 && !guard.confirm;
  const deleted = markGone(state, connector, object, held ? [...orphans] : missing);
  const check: IdCheck = { connector, object, how, checkedAt: new Date().toISOString(), live, missing: missing.length, deleted, held: held ? others.length : 0 };
  state.db
    .prepare(
      `INSERT INTO id_checks (connector, object, checked_at, how, live, missing, deleted, held) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (connector, object) DO UPDATE SET checked_at = excluded.checked_at, how = excluded.how, live = excluded.live,
         missing = excluded.missing, deleted = excluded.deleted, held = excluded.held`,
    )
    .run(connector, object, check.checkedAt, how, live, check.missing, deleted, check.held);
  return check;
}

/** Of these deals or tickets, those whose account is deleted in the state (or was never stored). */
function withGoneAccount(state: State, connector: string, object: 'opportunities' | 'tickets', ids: readonly string[]): string[] {
  const accountOf = state.db.prepare(
    `SELECT 1 FROM ${object} r WHERE r.connector = ? AND r.crm_id = ? AND r.account_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.connector = r.connector AND a.crm_id = r.account_id AND a.deleted_at IS NULL)`,
  );
  return ids.filter((id) => accountOf.get(connector, id) !== undefined);
}

/**
 * Marks records the CRM no longer has as deleted. An account's tasks that are not done are closed
 * here, in the state only: there is no account left in the CRM to write them to.
 */
export function markGone(state: State, connector: string, object: StoredObject, ids: readonly string[]): number {
  const now = new Date().toISOString();
  const mark = state.db.prepare(`UPDATE ${table(object)} SET deleted_at = ?, synced_at = ? WHERE connector = ? AND crm_id = ? AND deleted_at IS NULL`);
  const closeTasks = state.db.prepare(
    `UPDATE tasks SET state = 'closed', closed_at = ?, pending_action = NULL, updated_at = ? WHERE connector = ? AND account_id = ? AND state IN ('pending', 'open', 'failed')`,
  );
  return state.db.transaction(() => {
    let marked = 0;
    for (const id of ids) {
      marked += mark.run(now, now, connector, id).changes;
      if (object === 'accounts') closeTasks.run(now, now, connector, id);
    }
    return marked;
  })();
}

export function lastIdCheck(state: State, connector: string, object: StoredObject): IdCheck | null {
  const row = state.db.prepare('SELECT * FROM id_checks WHERE connector = ? AND object = ?').get(connector, object) as IdCheckRow | undefined;
  return row ? fromRow(row) : null;
}

export function listIdChecks(state: State): IdCheck[] {
  return (state.db.prepare('SELECT * FROM id_checks ORDER BY connector, object').all() as IdCheckRow[]).map(fromRow);
}

interface IdCheckRow {
  connector: string;
  object: StoredObject;
  checked_at: string;
  how: IdCheck['how'];
  live: number;
  missing: number;
  deleted: number;
  held: number;
}

function fromRow(r: IdCheckRow): IdCheck {
  return { connector: r.connector, object: r.object, how: r.how, checkedAt: r.checked_at, live: r.live, missing: r.missing, deleted: r.deleted, held: r.held };
}
