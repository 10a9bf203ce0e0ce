import { makeId } from './ids.js';
import type { SfRecord } from './recordTables.js';
import type { ResolvedQuery } from './soql/resolve.js';

export interface Cursor {
  id: string;
  query: ResolvedQuery;
  /** The ordered result, taken once when the query ran; pages are slices of it. */
  rows: SfRecord[];
  lastUsed: number;
}

/** Salesforce keeps at most 10 open query cursors per user and drops idle ones after 15 minutes. */
const MAX_OPEN = 10;
const IDLE_MS = 15 * 60 * 1000;

/**
 * Query locators (`01g...-2000`): the id of a result snapshot plus the offset of the next page.
 * Opening an 11th cursor releases the oldest, and an idle or released locator answers
 * INVALID_QUERY_LOCATOR, as on a real org.
 */
export class CursorRegistry {
  private readonly cursors = new Map<string, Cursor>();
  private counter = 0;

  open(query: ResolvedQuery, rows: SfRecord[]): Cursor {
    this.sweep();
    while (this.cursors.size >= MAX_OPEN) {
      const oldest = this.cursors.keys().next().value as string;
      this.cursors.delete(oldest);
    }
    this.counter += 1;
    const cursor: Cursor = { id: makeId('01g', this.counter), query, rows, lastUsed: Date.now() };
    this.cursors.set(cursor.id, cursor);
    return cursor;
  }

  /** The cursor and offset a locator names, or undefined when it is unknown, released or expired. */
  resolve(locator: string): { cursor: Cursor; offset: number } | undefined {
    this.sweep();
    const m = /^(01g[A-Za-z0-9]{15})-(\d+)$/.exec(locator);
    if (!m) return undefined;
    const cursor = this.cursors.get(m[1] as string);
    const offset = Number(m[2]);
    if (!cursor || offset > cursor.rows.length) return undefined;
    cursor.lastUsed = Date.now();
    return { cursor, offset };
  }

  close(id: string): void {
    this.cursors.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, cursor] of this.cursors) if (now - cursor.lastUsed > IDLE_MS) this.cursors.delete(id);
  }
}

export function locatorOf(cursor: Cursor, offset: number): string {
  return `${cursor.id}-${offset}`;
}
