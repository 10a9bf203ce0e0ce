import type { State } from './openState.js';

export interface Backfill {
  id: number;
  connector: string;
  objects: string[];
  since: string | null;
  startedAt: string;
}

/** The connector's unfinished backfill, if a previous one was stopped or killed. */
export function openBackfill(state: State, connector: string): Backfill | null {
  const row = state.db
    .prepare('SELECT id, connector, objects, since, started_at AS startedAt FROM backfills WHERE connector = ? AND finished_at IS NULL')
    .get(connector) as (Omit<Backfill, 'objects'> & { objects: string }) | undefined;
  return row ? { ...row, objects: JSON.parse(row.objects) as string[] } : null;
}

/** Forgets the objects' cursors and records the backfill, in one transaction. */
export function startBackfill(state: State, connector: string, objects: readonly string[], since: string | null, now = new Date()): Backfill {
  return state.db.transaction(() => {
    const remove = state.db.prepare('DELETE FROM sync_cursors WHERE connector = ? AND object = ?');
    for (const object of objects) remove.run(connector, object);
    const startedAt = now.toISOString();
    const id = Number(
      state.db.prepare('INSERT INTO backfills (connector, objects, since, started_at) VALUES (?, ?, ?, ?)').run(connector, JSON.stringify(objects), since, startedAt).lastInsertRowid,
    );
    return { id, connector, objects: [...objects], since, startedAt };
  })();
}

export function finishBackfill(state: State, id: number, now = new Date()): void {
  state.db.prepare('UPDATE backfills SET finished_at = ? WHERE id = ?').run(now.toISOString(), id);
}

/** Drops an unfinished backfill (`backfill --restart`); the next one forgets the cursors afresh. */
export function abandonBackfill(state: State, connector: string): void {
  state.db.prepare('DELETE FROM backfills WHERE connector = ? AND finished_at IS NULL').run(connector);
}
