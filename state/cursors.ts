import type { State } from './openState.js';

export interface StoredCursor {
  connector: string;
  object: string;
  cursor: Record<string, unknown>;
  /** Records stored through this cursor since it was created. */
  pulled: number;
  updatedAt: string;
}

export function readCursor(state: State, connector: string, object: string): Record<string, unknown> | null {
  const row = state.db.prepare('SELECT cursor FROM sync_cursors WHERE connector = ? AND object = ?').get(connector, object) as
    | { cursor: string }
    | undefined;
  return row ? (JSON.parse(row.cursor) as Record<string, unknown>) : null;
}

/** When a pull last stored a page of this object (its cursor moved), or null before the first. */
export function cursorUpdatedAt(state: State, connector: string, object: string): string | null {
  const row = state.db.prepare('SELECT updated_at FROM sync_cursors WHERE connector = ? AND object = ?').get(connector, object) as { updated_at: string } | undefined;
  return row?.updated_at ?? null;
}

export function listCursors(state: State): StoredCursor[] {
  const rows = state.db
    .prepare('SELECT connector, object, cursor, pulled, updated_at FROM sync_cursors ORDER BY connector, object')
    .all() as { connector: string; object: string; cursor: string; pulled: number; updated_at: string }[];
  return rows.map((r) => ({ connector: r.connector, object: r.object, cursor: JSON.parse(r.cursor) as Record<string, unknown>, pulled: r.pulled, updatedAt: r.updated_at }));
}

/** Forgets a connector's cursors so the next sync is a full pull (`sync --full`). */
export function resetCursors(state: State, connector: string, objects?: string[]): number {
  if (!objects) return state.db.prepare('DELETE FROM sync_cursors WHERE connector = ?').run(connector).changes;
  const remove = state.db.prepare('DELETE FROM sync_cursors WHERE connector = ? AND object = ?');
  return state.db.transaction(() => objects.reduce((n, object) => n + remove.run(connector, object).changes, 0))();
}
