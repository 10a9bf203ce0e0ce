import type { State } from './openState.js';
import { listCursors } from './cursors.js';
import { recordCounts } from './recordCounts.js';
import { lastPulls } from './runs.js';

/**
 * How far one object's sync has got, in terms the engine owns: the cursor itself belongs to the
 * connector and stays opaque (`status --json` keeps it raw).
 */
export interface SyncPosition {
  connector: string;
  object: string;
  /** Records stored, and stored but deleted in the CRM. */
  live: number;
  deleted: number;
  /** When a pull last stored a page of this object (the cursor moved); null without a cursor. */
  cursorMovedAt: string | null;
  /** Records pulled since the cursor was created: the first sync, or the last `sync --full`. */
  pulledSinceCursor: number | null;
  /** The newest run that pulled this object, and what it read (none recorded before schema v10). */
  lastRun: { runId: number; at: string; pulled: number } | null;
}

/** Every object with stored records or a cursor, per connector. */
export function syncPositions(state: State): SyncPosition[] {
  const positions = new Map<string, SyncPosition>();
  const at = (connector: string, object: string) => {
    const key = `${connector}\0${object}`;
    let position = positions.get(key);
    if (!position) {
      position = { connector, object, live: 0, deleted: 0, cursorMovedAt: null, pulledSinceCursor: null, lastRun: null };
      positions.set(key, position);
    }
    return position;
  };
  for (const r of recordCounts(state).records) Object.assign(at(r.connector, r.object), { live: r.live, deleted: r.deleted });
  for (const c of listCursors(state)) Object.assign(at(c.connector, c.object), { cursorMovedAt: c.updatedAt, pulledSinceCursor: c.pulled });
  for (const { connector, object, ...run } of lastPulls(state)) {
    // An object the run pulled but whose rows and cursor are gone since (a mapping dropped it) is no position.
    const position = positions.get(`${connector}\0${object}`);
    if (position) position.lastRun = run;
  }
  return [...positions.values()].sort((a, b) => a.connector.localeCompare(b.connector) || a.object.localeCompare(b.object));
}
