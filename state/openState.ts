import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { FatalError } from '../src/model/errors.js';
import { applyMigrations } from './migrate.js';

/** The state database. Only `state/` touches `db`; the engine calls the typed functions beside it. */
export interface State {
  readonly db: Database.Database;
  readonly path: string;
  close(): void;
}

/**
 * Opens (creating with mode 0600) the SQLite state and brings its schema up to date. WAL lets
 * `vitals status` read while a run writes.
 */
export function openState(path: string): State {
  if (path !== ':memory:' && !existsSync(path)) {
    // Created before SQLite opens it: SQLite would use the umask (usually 0644), and the state
    // holds customer data. SQLite gives its -wal/-shm files the database file's mode.
    closeSync(openSync(path, 'a', 0o600));
  }
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db);
  } catch (error) {
    throw new FatalError('STATE_UNREADABLE', `cannot open state file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return { db, path, close: () => db.close() };
}
