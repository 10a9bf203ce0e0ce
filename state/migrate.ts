import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../src/model/packagePaths.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered SQL files in `state/migrations`, e.g. `001_initial.sql`, in version order. */
export function readMigrations(dir = packageFile('state', 'migrations')): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file.slice(4, -4), sql: readFileSync(join(dir, file), 'utf8') }));
}

/**
 * Applies the migrations this database has not seen, each in its own transaction with its
 * version row, so a crash mid-migration leaves the previous version intact. Idempotent.
 * A state written by a newer crm-vitals is refused rather than misread.
 */
export function applyMigrations(db: Database.Database, migrations: Migration[] = readMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
  );
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const ahead = [...applied].filter((version) => version > newest);
  if (ahead.length > 0) {
    throw new Error(`the state has schema version ${Math.max(...ahead)}, newer than this crm-vitals knows (${newest}); upgrade crm-vitals`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
    done.push(migration.version);
  }
  return done;
}

export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}
