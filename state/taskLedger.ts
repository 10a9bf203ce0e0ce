import { inRange, type AccountRange } from './accountRanges.js';
import type { State } from './openState.js';

/**
 * The task ledger: one row per dedupe key, the same key the CRM task carries. A row is written
 * as `pending` before the CRM call and settled after it, so the state knows every key it has
 * tried to create: a run killed in between (or a create whose answer was lost) looks in the CRM
 * for that key before it creates anything again.
 */

export type TaskState = 'pending' | 'open' | 'completed' | 'closed' | 'failed';
export type TaskAction = 'create' | 'close';

export interface LedgerTask {
  key: string;
  rule: string;
  accountId: string;
  episode: number;
  crmId: string | null;
  state: TaskState;
  subject: string;
  body: string;
  dueDate: string;
  priority: 'high' | 'normal' | 'low';
  ownerId: string | null;
  pendingAction: TaskAction | null;
  attempts: number;
  errorCode: string | null;
  error: string | null;
  clearRuns: number;
  checkedAsOf: string | null;
  humanTouched: boolean;
}

/** Per rule and account: the last episode used and when its last CRM task closed (for the cooldown). */
export interface TaskHistory {
  lastEpisode: number;
  lastClosedAt: string | null;
}

export interface TaskLedger {
  /** Rows the engine still acts on: pending, open, failed. */
  active: LedgerTask[];
  /** Keyed `rule \u0000 account`. */
  history: Map<string, TaskHistory>;
}

export const historyKey = (rule: string, accountId: string): string => `${rule}\u0000${accountId}`;

type Row = {
  dedupe_key: string; rule: string; account_id: string; episode: number; crm_id: string | null; state: TaskState; subject: string | null;
  body: string | null; due_date: string | null; priority: LedgerTask['priority'] | null; owner_id: string | null; pending_action: TaskAction | null;
  attempts: number; error_code: string | null; error: string | null; clear_runs: number; checked_as_of: string | null; human_touched: number;
};

/** The ledger of every account, or of one range of them. */
export function readTaskLedger(state: State, connector: string, range?: AccountRange): TaskLedger {
  const of = inRange('account_id', range);
  const rows = state.db
    .prepare(`SELECT * FROM tasks WHERE connector = ? AND state IN ('pending', 'open', 'failed')${of.sql} ORDER BY dedupe_key`)
    .all(connector, ...of.params) as Row[];
  const active = rows.map(
    (r): LedgerTask => ({
      key: r.dedupe_key, rule: r.rule, accountId: r.account_id, episode: r.episode, crmId: r.crm_id, state: r.state, subject: r.subject ?? '',
      body: r.body ?? '', dueDate: r.due_date ?? '', priority: r.priority ?? 'normal', ownerId: r.owner_id, pendingAction: r.pending_action,
      attempts: r.attempts, errorCode: r.error_code, error: r.error, clearRuns: r.clear_runs, checkedAsOf: r.checked_as_of, humanTouched: r.human_touched === 1,
    }),
  );
  const history = new Map<string, TaskHistory>();
  const grouped = state.db
    .prepare(
      // Only tasks that reached the CRM start a cooldown: a create the CRM refused is no reason to wait.
      `SELECT rule, account_id, MAX(episode), MAX(CASE WHEN crm_id IS NOT NULL THEN closed_at END) FROM tasks WHERE connector = ?${of.sql} GROUP BY rule, account_id`,
    )
    .raw()
    .iterate(connector, ...of.params) as IterableIterator<[string, string, number, string | null]>;
  for (const [rule, accountId, lastEpisode, lastClosedAt] of grouped) history.set(historyKey(rule, accountId), { lastEpisode, lastClosedAt });
  return { active, history };
}

/** What is about to be sent for one task. */
export interface TaskSend {
  action: TaskAction;
  key: string;
  /** The CRM task a close updates (a create has none yet). */
  crmId?: string | null;
  rule: string;
  accountId: string;
  episode: number;
  subject: string;
  body: string;
  dueDate: string;
  priority: LedgerTask['priority'];
  ownerId: string | null;
}

/** Records sends as in flight before the CRM call, counting the attempt. */
export function beginTaskSends(state: State, connector: string, sends: readonly TaskSend[]): void {
  const now = new Date().toISOString();
  const create = state.db.prepare(
    `INSERT INTO tasks (connector, dedupe_key, rule, account_id, episode, state, subject, body, due_date, priority, owner_id, pending_action, attempts, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, 'create', 1, ?, ?)
     ON CONFLICT (connector, dedupe_key) DO UPDATE SET
       state = CASE WHEN tasks.state = 'failed' THEN 'pending' ELSE tasks.state END,
       subject = excluded.subject, body = excluded.body, due_date = excluded.due_date, priority = excluded.priority, owner_id = excluded.owner_id,
       pending_action = 'create', attempts = tasks.attempts + 1, updated_at = excluded.updated_at`,
  );
  const close = state.db.prepare(
    `UPDATE tasks SET pending_action = 'close', body = ?, attempts = CASE WHEN pending_action = 'close' OR error_code IS NOT NULL THEN attempts + 1 ELSE 1 END,
       updated_at = ? WHERE connector = ? AND dedupe_key = ?`,
  );
  state.db.transaction(() => {
    for (const s of sends) {
      if (s.action === 'create') create.run(connector, s.key, s.rule, s.accountId, s.episode, s.subject, s.body, s.dueDate, s.priority, s.ownerId, now, now);
      else close.run(s.body, now, connector, s.key);
    }
  })();
}

export interface TaskResult {
  key: string;
  action: TaskAction;
  ok: boolean;
  crmId?: string;
  errorCode?: string;
  message?: string;
}

/** Stores the CRM's answers for one batch in one transaction. */
export function recordTaskResults(state: State, connector: string, results: readonly TaskResult[]): void {
  const now = new Date().toISOString();
  const created = state.db.prepare(
    `UPDATE tasks SET state = 'open', crm_id = ?, pending_action = NULL, attempts = 0, error = NULL, error_code = NULL, clear_runs = 0, updated_at = ?
     WHERE connector = ? AND dedupe_key = ?`,
  );
  const closed = state.db.prepare(
    `UPDATE tasks SET state = 'closed', closed_at = ?, pending_action = NULL, attempts = 0, error = NULL, error_code = NULL, updated_at = ?
     WHERE connector = ? AND dedupe_key = ?`,
  );
  const failed = state.db.prepare(
    `UPDATE tasks SET state = CASE WHEN ? = 'create' THEN 'failed' ELSE state END, pending_action = NULL, error_code = ?, error = ?, updated_at = ?
     WHERE connector = ? AND dedupe_key = ?`,
  );
  state.db.transaction(() => {
    for (const r of results) {
      if (r.ok && r.action === 'create') created.run(r.crmId ?? null, now, connector, r.key);
      else if (r.ok) closed.run(now, now, connector, r.key);
      else failed.run(r.action, r.errorCode ?? 'UNKNOWN', r.message ?? null, now, connector, r.key);
    }
  })();
}

/** What a scoring pass said about open tasks' close conditions. */
export function recordTaskChecks(state: State, connector: string, checks: readonly { key: string; clearRuns: number; checkedAsOf: string }[]): void {
  const update = state.db.prepare('UPDATE tasks SET clear_runs = ?, checked_as_of = ? WHERE connector = ? AND dedupe_key = ?');
  state.db.transaction(() => {
    for (const c of checks) update.run(c.clearRuns, c.checkedAsOf, connector, c.key);
  })();
}

/**
 * What reading the CRM told us about tasks: `completed` (a person completed or deleted it: the
 * cooldown starts now), `touched` (a person works on it: never auto-closed or changed again).
 */
export function recordTaskFindings(state: State, connector: string, findings: readonly { key: string; finding: 'completed' | 'touched'; crmId?: string }[]): void {
  const now = new Date().toISOString();
  const completed = state.db.prepare(
    "UPDATE tasks SET state = 'completed', closed_at = ?, crm_id = COALESCE(?, crm_id), pending_action = NULL, updated_at = ? WHERE connector = ? AND dedupe_key = ?",
  );
  const touched = state.db.prepare('UPDATE tasks SET human_touched = 1, crm_id = COALESCE(?, crm_id), updated_at = ? WHERE connector = ? AND dedupe_key = ?');
  state.db.transaction(() => {
    for (const f of findings) {
      if (f.finding === 'completed') completed.run(now, f.crmId ?? null, now, connector, f.key);
      else touched.run(f.crmId ?? null, now, connector, f.key);
    }
  })();
}

/** Creates the CRM refused, whose condition has cleared: nothing to retry, nothing in the CRM. */
export function dropFailedTasks(state: State, connector: string, keys: readonly string[]): void {
  const now = new Date().toISOString();
  const drop = state.db.prepare("UPDATE tasks SET state = 'closed', closed_at = ?, updated_at = ? WHERE connector = ? AND dedupe_key = ? AND state = 'failed'");
  state.db.transaction(() => {
    for (const key of keys) drop.run(now, now, connector, key);
  })();
}

/** Creates that had landed although their answer was lost: found in the CRM by key. */
export function recordLandedTasks(state: State, connector: string, landed: readonly { key: string; crmId: string }[]): void {
  recordTaskResults(state, connector, landed.map((l) => ({ key: l.key, action: 'create' as const, ok: true, crmId: l.crmId })));
}

/** Two or more CRM tasks holding one key: the oldest stays, these are removed. */
export interface TaskDuplicate {
  key: string;
  keptCrmId: string;
  crmId: string;
}

/** Whether any task the engine created is open in the CRM (nothing to scan for duplicates otherwise). */
export function hasOpenTasks(state: State, connector: string): boolean {
  return state.db.prepare("SELECT 1 FROM tasks WHERE connector = ? AND state = 'open' LIMIT 1").get(connector) !== undefined;
}

/** The ledger's keys among these, with their accounts; keys the ledger does not hold are not ours to tidy. */
export function ledgerRefs(state: State, connector: string, keys: readonly string[]): { key: string; accountId: string }[] {
  const find = state.db.prepare('SELECT dedupe_key AS key, account_id AS accountId FROM tasks WHERE connector = ? AND dedupe_key = ?');
  return keys.flatMap((key) => (find.get(connector, key) as { key: string; accountId: string } | undefined) ?? []);
}

/** Records duplicates as found (before archiving), keeping the first finding's date. */
export function recordTaskDuplicates(state: State, connector: string, duplicates: readonly TaskDuplicate[]): void {
  const now = new Date().toISOString();
  const insert = state.db.prepare(
    `INSERT INTO task_duplicates (connector, crm_id, dedupe_key, kept_crm_id, found_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (connector, crm_id) DO UPDATE SET kept_crm_id = excluded.kept_crm_id, archived_at = NULL`,
  );
  const stand = standingTask(state, connector, now);
  state.db.transaction(() => {
    for (const d of duplicates) {
      insert.run(connector, d.crmId, d.key, d.keptCrmId, now);
      stand(d.key, d.keptCrmId);
    }
  })();
}

/** What archiving the duplicates answered: removed, or the CRM's error (tried again when next found). */
export function recordDuplicatesArchived(state: State, connector: string, results: readonly { crmId: string; ok: boolean; error?: string }[]): void {
  const now = new Date().toISOString();
  const update = state.db.prepare('UPDATE task_duplicates SET archived_at = ?, error = ? WHERE connector = ? AND crm_id = ?');
  state.db.transaction(() => {
    for (const r of results) update.run(r.ok ? now : null, r.ok ? null : (r.error ?? 'not archived'), connector, r.crmId);
  })();
}

/** Duplicates recorded but not archived yet: a run stopped in between, or the CRM refused. */
export function unarchivedDuplicates(state: State, connector: string): TaskDuplicate[] {
  return state.db
    .prepare('SELECT dedupe_key AS key, kept_crm_id AS keptCrmId, crm_id AS crmId FROM task_duplicates WHERE connector = ? AND archived_at IS NULL ORDER BY crm_id')
    .all(connector) as TaskDuplicate[];
}

/**
 * Recorded duplicates that no longer are (a person removed one of the two): nothing left to
 * archive, and the ledger points at the task that now stands for the key.
 */
export function settleDuplicates(state: State, connector: string, settled: readonly { crmId: string; key: string; standing: string | null }[]): void {
  const now = new Date().toISOString();
  const settle = state.db.prepare("UPDATE task_duplicates SET archived_at = ?, error = 'no longer a duplicate' WHERE connector = ? AND crm_id = ? AND archived_at IS NULL");
  const stand = standingTask(state, connector, now);
  state.db.transaction(() => {
    for (const s of settled) {
      settle.run(now, connector, s.crmId);
      if (s.standing) stand(s.key, s.standing);
    }
  })();
}

/** Points a key's ledger row at the CRM task that stands for it, when it pointed elsewhere. */
function standingTask(state: State, connector: string, now: string): (key: string, crmId: string) => void {
  const update = state.db.prepare('UPDATE tasks SET crm_id = ?, updated_at = ? WHERE connector = ? AND dedupe_key = ? AND crm_id IS NOT ?');
  return (key, crmId) => void update.run(crmId, now, connector, key, crmId);
}

/** Duplicate CRM tasks for `vitals status`, most recent first. */
export function taskDuplicates(state: State, limit = 20): { connector: string; key: string; crmId: string; keptCrmId: string; foundAt: string; archivedAt: string | null; error: string | null }[] {
  return state.db
    .prepare(
      `SELECT connector, dedupe_key AS key, crm_id AS crmId, kept_crm_id AS keptCrmId, found_at AS foundAt, archived_at AS archivedAt, error
       FROM task_duplicates ORDER BY found_at DESC, connector, crm_id LIMIT ?`,
    )
    .all(limit) as ReturnType<typeof taskDuplicates>;
}

/** Task failures for `vitals status`: creates and closes the CRM refused, with attempts. */
export function failedTasks(state: State, limit = 20): { connector: string; key: string; attempts: number; errorCode: string | null; error: string | null }[] {
  return state.db
    .prepare(
      `SELECT connector, dedupe_key AS key, attempts, error_code AS errorCode, error FROM tasks
       WHERE error_code IS NOT NULL AND state IN ('failed', 'open', 'pending') ORDER BY updated_at DESC LIMIT ?`,
    )
    .all(limit) as { connector: string; key: string; attempts: number; errorCode: string | null; error: string | null }[];
}
