import type { State } from './openState.js';

/** The optional canonical fields an object's stored rows were pulled with (`mapped_fields`). */
export function storedMappedFields(state: State, connector: string, object: string): Set<string> {
  return new Set(state.db.prepare('SELECT field FROM mapped_fields WHERE connector = ? AND object = ?').pluck().all(connector, object) as string[]);
}

/** Replaces the object's set of fields pulled with; call in the transaction that resets its cursor. */
export function setStoredMappedFields(state: State, connector: string, object: string, fields: readonly string[]): void {
  state.db.prepare('DELETE FROM mapped_fields WHERE connector = ? AND object = ?').run(connector, object);
  const insert = state.db.prepare('INSERT INTO mapped_fields (connector, object, field) VALUES (?, ?, ?)');
  for (const field of fields) insert.run(connector, object, field);
}
