import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ColumnKind, FoundColumn } from '../columnRoles.js';
import { USAGE_DAY_COLUMNS } from '../usageSql.js';
import type { UsageDay } from '../../../contracts/usageSource.js';

export interface DuckDbSession {
  db: DuckDBConnection;
  close(): void;
}

/**
 * An in-memory DuckDB on all cores. It spills to the system temp folder (not `.tmp` in the
 * working directory) when an aggregation outgrows its memory limit, so reading a year of events
 * takes the same memory as a day; and it runs in UTC so a timestamptz gives its UTC day.
 */
export async function openDuckDb(): Promise<DuckDbSession> {
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: join(tmpdir(), `crm-vitals-duckdb-${process.pid}`), memory_limit: '1GB' });
  const db = await instance.connect();
  await db.run("SET TimeZone = 'UTC'");
  return {
    db,
    close() {
      db.closeSync();
      instance.closeSync();
    },
  };
}

/** The columns of a relation, typed as reading usage cares. */
export async function describeColumns(db: DuckDBConnection, relation: string): Promise<FoundColumn[]> {
  const described = await db.runAndReadAll(`DESCRIBE ${relation}`);
  return described.getRowObjectsJS().map((row) => {
    const type = String(row.column_type);
    return { name: String(row.column_name), type, kind: kindOf(type) };
  });
}

function kindOf(type: string): ColumnKind {
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP WITH TIME ZONE')) return 'timestamptz';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type === 'VARCHAR') return 'text';
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|DECIMAL.*)$/.test(type)) return 'number';
  return 'other';
}

/**
 * The rows of a days query, a DuckDB vector chunk (2,048 rows) at a time, read column by column:
 * the query casts every value to text or a 32-bit number, which come out as JS strings and numbers.
 */
export async function* streamUsageDays(db: DuckDBConnection, sql: string): AsyncIterable<UsageDay[]> {
  const result = await db.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    const columns = USAGE_DAY_COLUMNS.map((_, i) => chunk.getColumnValues(i));
    type Numbers = (number | null)[];
    const [keys, days, activeUsers, activeUsers30d, events, features30d, seats] = columns as [string[], string[], Numbers, Numbers, Numbers, Numbers, Numbers];
    const rows: UsageDay[] = new Array(chunk.rowCount);
    for (let i = 0; i < chunk.rowCount; i++) {
      rows[i] = {
        key: keys[i]!,
        day: days[i]!,
        activeUsers: activeUsers[i] ?? null,
        activeUsers30d: activeUsers30d[i] ?? null,
        events: events[i] ?? null,
        features30d: features30d[i] ?? null,
        seats: seats[i] ?? null,
      };
    }
    yield rows;
  }
}

/** The first value of a one-row query. */
export async function firstRow(db: DuckDBConnection, sql: string): Promise<DuckDBValue[]> {
  const read = await db.runAndReadAll(sql);
  return read.getRows()[0] ?? [];
}
