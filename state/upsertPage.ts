import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { recordSeen } from './idChecks.js';
import type { State } from './openState.js';
import type { QuarantinedRecord, RowsByObject, StoredObject } from '../src/model/rows.js';

/** Data columns per table (besides connector, crm_id and the bookkeeping columns). */
const columns: { [O in StoredObject]: (keyof RowsByObject[O] & string)[] } = {
  accounts: ['name', 'owner_id', 'segment', 'arr', 'renewal_date', 'last_activity_at', 'created_at', 'extras', 'crm_outputs', 'currency', 'website', 'external_id', 'seats', 'modified_at'],
  opportunities: ['account_id', 'name', 'type', 'stage', 'probability', 'is_closed', 'is_won', 'amount', 'close_date', 'created_at', 'currency', 'modified_at'],
  tickets: ['account_id', 'subject', 'priority', 'status', 'is_closed', 'is_escalated', 'created_at', 'closed_at', 'csat', 'modified_at'],
  owners: ['name', 'email', 'is_active', 'modified_at'],
};

export interface PageToStore<O extends StoredObject> {
  connector: string;
  object: O;
  rows: RowsByObject[O][];
  deletedIds: string[];
  quarantined: QuarantinedRecord[];
  /** The connector's cursor after this page (JSON-serialisable). */
  cursor: Record<string, unknown>;
  /** The page belongs to a full pull: its ids are recorded as seen, with the page (`idChecks.ts`). */
  fullPull?: boolean;
}

export interface PageOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
}

type Statement = Database.Statement<unknown[]>;
const statements = new WeakMap<State, Map<string, Statement>>();
function prepared(state: State, sql: string): Statement {
  let cache = statements.get(state);
  if (!cache) statements.set(state, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = state.db.prepare<unknown[]>(sql)));
  return statement;
}

/**
 * Stores one pulled page and advances the cursor in ONE transaction: after a crash, either the
 * page and its cursor are both there, or neither is and the next run pulls the page again.
 * A row whose content hash is unchanged is left alone (not even `synced_at` moves).
 */
export function upsertPage<O extends StoredObject>(state: State, page: PageToStore<O>): PageOutcome {
  const cols = columns[page.object] as string[];
  // modified_at is last and left out of the hash: a record whose content is what we already
  // hold (typically our own write-back coming back with a new stamp) is not new work.
  const hashedColumns = cols.length - 1;
  const now = new Date().toISOString();
  const table = page.object;
  const existing = prepared(state, `SELECT content_hash, deleted_at FROM ${table} WHERE connector = ? AND crm_id = ?`);
  // The lookup above says whether the row exists, so a plain insert or update does (an upsert costs more).
  const insert = prepared(
    state,
    `INSERT INTO ${table} (connector, crm_id, ${cols.join(', ')}, content_hash, deleted_at, synced_at)
     VALUES (?, ?, ${cols.map(() => '?').join(', ')}, ?, NULL, ?)`,
  );
  const update = prepared(
    state,
    `UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')}, content_hash = ?, deleted_at = NULL, synced_at = ?
     WHERE connector = ? AND crm_id = ?`,
  );
  const softDelete = prepared(state, `UPDATE ${table} SET deleted_at = ?, synced_at = ? WHERE connector = ? AND crm_id = ? AND deleted_at IS NULL`);
  const anyQuarantined = prepared(state, 'SELECT 1 FROM quarantine WHERE connector = ? AND object = ? LIMIT 1');
  const unquarantine = prepared(state, 'DELETE FROM quarantine WHERE connector = ? AND object = ? AND crm_id = ?');
  const quarantine = prepared(
    state,
    `INSERT INTO quarantine (connector, object, crm_id, reason, record, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connector, object, crm_id) DO UPDATE SET reason = excluded.reason, record = excluded.record, last_seen_at = excluded.last_seen_at`,
  );
  const saveCursor = prepared(
    state,
    `INSERT INTO sync_cursors (connector, object, cursor, pulled, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (connector, object) DO UPDATE SET cursor = excluded.cursor, pulled = pulled + excluded.pulled, updated_at = excluded.updated_at`,
  );

  const outcome: PageOutcome = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, quarantined: page.quarantined.length };
  state.db.transaction(() => {
    // Most pages come from a book with nothing quarantined: no per-row delete to try then.
    const clearQuarantine = anyQuarantined.get(page.connector, table) !== undefined;
    for (const row of page.rows) {
      const values = cols.map((c) => toSqlValue((row as unknown as Record<string, unknown>)[c]));
      const hash = contentHash(values.slice(0, hashedColumns));
      const before = existing.get(page.connector, row.crm_id) as { content_hash: string; deleted_at: string | null } | undefined;
      if (!before) {
        insert.run(page.connector, row.crm_id, ...values, hash, now);
        outcome.inserted += 1;
      } else if (before.content_hash === hash && before.deleted_at === null) {
        outcome.unchanged += 1;
      } else {
        update.run(...values, hash, now, page.connector, row.crm_id);
        outcome.updated += 1;
      }
      if (clearQuarantine) unquarantine.run(page.connector, table, row.crm_id);
    }
    for (const id of page.deletedIds) {
      outcome.deleted += softDelete.run(now, now, page.connector, id).changes;
    }
    for (const bad of page.quarantined) {
      quarantine.run(page.connector, table, bad.crm_id, bad.reason, JSON.stringify(bad.record ?? null), now, now);
    }
    // A record that does not fit the mapping (quarantined) still exists in the CRM.
    if (page.fullPull) recordSeen(state, page.connector, page.object, [...page.rows.map((r) => r.crm_id), ...page.quarantined.map((q) => q.crm_id)]);
    saveCursor.run(page.connector, table, JSON.stringify(page.cursor), page.rows.length, now);
  })();
  return outcome;
}

function toSqlValue(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

function contentHash(values: (string | number | null)[]): string {
  return createHash('sha1').update(JSON.stringify(values)).digest('base64url');
}

/**
 * Records what crm-vitals itself wrote into accounts' score fields, so that when those accounts
 * come back from the next sync (with new modification stamps) their content is unchanged and
 * they are not processed as if a person had edited them. Values must be normalised the way the
 * mapping normalises `crm_outputs`.
 */
export function recordOwnWrites(state: State, connector: string, writes: { crmId: string; outputs: Record<string, string | number | null> }[]): void {
  const cols = columns.accounts as string[];
  const read = prepared(state, `SELECT ${cols.join(', ')} FROM accounts WHERE connector = ? AND crm_id = ?`);
  const update = prepared(state, 'UPDATE accounts SET crm_outputs = ?, content_hash = ? WHERE connector = ? AND crm_id = ?');
  state.db.transaction(() => {
    for (const write of writes) {
      const row = read.get(connector, write.crmId) as Record<string, string | number | null> | undefined;
      if (!row) continue;
      const outputs = JSON.stringify({ ...(JSON.parse(String(row.crm_outputs ?? '{}')) as object), ...write.outputs });
      const values = cols.map((c) => (c === 'crm_outputs' ? outputs : (row[c] ?? null)));
      update.run(outputs, contentHash(values.slice(0, cols.length - 1)), connector, write.crmId);
    }
  })();
}
