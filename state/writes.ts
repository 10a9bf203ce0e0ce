import { inRange, type AccountRange } from './accountRanges.js';
import type { State } from './openState.js';
import { recordOwnWrites } from './upsertPage.js';

/**
 * The write ledger: per record and CRM field, the last value crm-vitals wrote and the write in
 * flight or failed. Values are stored as JSON so 42 and "42" stay apart.
 */

export type WriteValue = string | number | null;
export type WriteStatus = 'written' | 'pending' | 'failed' | 'gave_up';

export interface WriteRow {
  crmId: string;
  field: string;
  lastWritten: WriteValue;
  /** The value being (or last failed to be) written. */
  pending: WriteValue;
  status: WriteStatus;
  attempts: number;
}

/** Live accounts with their score fields as the CRM held them at the last sync, and the write ledger. */
export interface WriteState {
  accounts: Map<string, { name: string | null; crmOutputs: Record<string, WriteValue> }>;
  writes: Map<string, WriteRow[]>;
}

/** The whole connector, or the accounts of one range (a write-back plans a range at a time). */
export function readWriteState(state: State, connector: string, range?: AccountRange): WriteState {
  const accounts: WriteState['accounts'] = new Map();
  const ofAccounts = inRange('crm_id', range);
  const accountRows = state.db
    .prepare(`SELECT crm_id, name, crm_outputs FROM accounts WHERE connector = ? AND deleted_at IS NULL${ofAccounts.sql}`)
    .raw()
    .iterate(connector, ...ofAccounts.params) as IterableIterator<[string, string | null, string]>;
  for (const [crmId, name, outputs] of accountRows) accounts.set(crmId, { name, crmOutputs: parseObject(outputs) });

  const writes: WriteState['writes'] = new Map();
  const writeRows = state.db
    .prepare(`SELECT crm_id, field, last_written_value, pending_value, status, attempts FROM writes WHERE connector = ?${ofAccounts.sql}`)
    .raw()
    .iterate(connector, ...ofAccounts.params) as IterableIterator<[string, string, string | null, string | null, WriteStatus, number]>;
  for (const [crmId, field, last, pending, status, attempts] of writeRows) {
    const row: WriteRow = { crmId, field, lastWritten: decode(last), pending: decode(pending), status, attempts };
    const list = writes.get(crmId);
    if (list) list.push(row);
    else writes.set(crmId, [row]);
  }
  return { accounts, writes };
}

export interface PendingWrite {
  crmId: string;
  field: string;
  value: WriteValue;
}

/**
 * Records writes as in flight BEFORE they are sent, counting the attempt: a crash after the CRM
 * call leaves them `pending`, and the next run re-plans against what the CRM then holds. The
 * attempt count is per value: a new value starts again at one.
 */
export function markWritesPending(state: State, connector: string, object: string, writes: readonly PendingWrite[]): void {
  const now = new Date().toISOString();
  const upsert = state.db.prepare(
    `INSERT INTO writes (connector, object, crm_id, field, pending_value, status, attempts, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', 1, ?)
     ON CONFLICT (connector, crm_id, field) DO UPDATE SET
       object = excluded.object,
       attempts = CASE WHEN writes.status != 'written' AND writes.pending_value IS excluded.pending_value THEN writes.attempts + 1 ELSE 1 END,
       pending_value = excluded.pending_value, status = 'pending', updated_at = excluded.updated_at`,
  );
  state.db.transaction(() => {
    for (const w of writes) upsert.run(connector, object, w.crmId, w.field, encode(w.value), now);
  })();
}

export interface WriteOutcome extends PendingWrite {
  ok: boolean;
  errorCode?: string;
  message?: string;
}

/**
 * Stores what the CRM answered, in one transaction: written values become `last_written_value`
 * and the accounts' `crm_outputs` (so the echo of our own write on the next sync is unchanged);
 * rejected ones keep the CRM's error and are retried next run, or given up after `maxAttempts`.
 * Returns the records given up on in this batch.
 */
export function recordWriteResults(
  state: State,
  connector: string,
  outcomes: readonly WriteOutcome[],
  ownWrites: { crmId: string; outputs: Record<string, WriteValue> }[],
  maxAttempts: number,
): { gaveUp: Set<string> } {
  const gaveUp = new Set<string>();
  const now = new Date().toISOString();
  const written = state.db.prepare(
    `UPDATE writes SET last_written_value = ?, last_written_at = ?, pending_value = NULL, status = 'written', attempts = 0,
       error_code = NULL, error_message = NULL, updated_at = ? WHERE connector = ? AND crm_id = ? AND field = ?`,
  );
  const failed = state.db.prepare(
    `UPDATE writes SET status = CASE WHEN attempts >= ? THEN 'gave_up' ELSE 'failed' END, error_code = ?, error_message = ?, updated_at = ?
     WHERE connector = ? AND crm_id = ? AND field = ? RETURNING status`,
  );
  state.db.transaction(() => {
    for (const o of outcomes) {
      if (o.ok) written.run(encode(o.value), now, now, connector, o.crmId, o.field);
      else {
        const row = failed.get(maxAttempts, o.errorCode ?? 'UNKNOWN', o.message ?? null, now, connector, o.crmId, o.field) as { status: string } | undefined;
        if (row?.status === 'gave_up') gaveUp.add(o.crmId);
      }
    }
    recordOwnWrites(state, connector, ownWrites);
  })();
  return { gaveUp };
}

/**
 * Closes ledger entries no longer needed: `landed` ones (a write from a crashed run that the CRM
 * now holds) become the last written value; the others (the value is no longer wanted) are
 * simply cleared, so `status` does not report them for ever.
 */
export function settleWrites(state: State, connector: string, settled: readonly { crmId: string; field: string; landed: boolean }[]): void {
  if (settled.length === 0) return;
  const now = new Date().toISOString();
  const landed = state.db.prepare(
    `UPDATE writes SET last_written_value = pending_value, last_written_at = ?, pending_value = NULL, status = 'written', attempts = 0,
       error_code = NULL, error_message = NULL, updated_at = ? WHERE connector = ? AND crm_id = ? AND field = ?`,
  );
  const cleared = state.db.prepare(
    `UPDATE writes SET pending_value = NULL, status = 'written', attempts = 0, error_code = NULL, error_message = NULL, updated_at = ?
     WHERE connector = ? AND crm_id = ? AND field = ?`,
  );
  state.db.transaction(() => {
    for (const s of settled) {
      if (s.landed) landed.run(now, now, connector, s.crmId, s.field);
      else cleared.run(now, connector, s.crmId, s.field);
    }
  })();
}

function encode(value: WriteValue): string | null {
  return value === null ? null : JSON.stringify(value);
}

function decode(text: string | null): WriteValue {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'number' || typeof value === 'string' ? value : null;
  } catch {
    return text;
  }
}

function parseObject(json: string): Record<string, WriteValue> {
  try {
    const value = JSON.parse(json) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, WriteValue>) : {};
  } catch {
    return {};
  }
}
