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

/** Records read so far by each object of the backfill (progress of a resumed one). */
export function backfillPulled(state: State, id: number): Map<string, number> {
  const rows = state.db.prepare('SELECT object, pulled FROM backfill_pulled WHERE backfill_id = ?').all(id) as { object: string; pulled: number }[];
  return new Map(rows.map((r) => [r.object, r.pulled]));
}

/**
 * Written after the page is committed, not in its transaction: a kill between the two makes a
 * resumed bar start one page short, which only the bar shows.
 */
export function recordBackfillPulled(state: State, id: number, object: string, pulled: number): void {
  state.db
    .prepare('INSERT INTO backfill_pulled (backfill_id, object, pulled) VALUES (?, ?, ?) ON CONFLICT (backfill_id, object) DO UPDATE SET pulled = excluded.pulled')
    .run(id, object, pulled);
}
