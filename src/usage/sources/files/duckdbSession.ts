import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ColumnKind, FoundColumn } from '../columnRoles.js';
import { USAGE_DAY_COLUMNS } from '../usageSql.js';
import type { UsageDay } from '../../../contracts/usageSource.js';

export interface DuckDbSession {
  db: DuckDBConnection;
  /** A folder of the session's own, removed with it: DuckDB spills there, and a read stages its parts there. */
  scratch: string;
  close(): void;
}

const MEMORY_LIMIT = '256MB';

/**
 * DuckDB's threads, by which side of a read is slower. Daily rows: Node, which turns each row into
 * values and stores it, so DuckDB gets all cores but one (on 2 cores, one thread: a year of
 * 100,000 accounts read in 196 s and 294 MB at peak, against 159 s and 348 MB on two). Events:
 * DuckDB, which does nearly all the work, so it gets every core (one thread took 368 s, not 213).
 */
export function duckDbThreads(shape: 'daily' | 'events'): number {
  const cores = availableParallelism();
  return shape === 'events' ? cores : Math.max(1, cores - 1);
}

/**
 * An in-memory DuckDB, in UTC so a timestamptz gives its UTC day. A read splits its queries so
 * each fits in far less than the memory limit; past it, DuckDB spills to the session's scratch
 * folder in the system temp folder (not `.tmp` in the working directory) rather than grow.
 */
export async function openDuckDb(threads: number): Promise<DuckDbSession> {
  const scratch = mkdtempSync(join(tmpdir(), 'crm-vitals-duckdb-'));
  let instance: DuckDBInstance | undefined;
  let db: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(':memory:', { temp_directory: join(scratch, 'spill'), memory_limit: MEMORY_LIMIT, threads: String(threads) });
    db = await instance.connect();
    await db.run("SET TimeZone = 'UTC'");
    // No query relies on the order rows were read in (those whose order matters sort); keeping
    // it would hold back whole row groups (staging a window's rows took half as much memory again).
    await db.run('SET preserve_insertion_order = false');
  } catch (error) {
    instance?.closeSync();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  return {
    db,
    scratch,
    close() {
      db.closeSync();
      instance!.closeSync();
      rmSync(scratch, { recursive: true, force: true });
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
 * The rows of a days query, a DuckDB vector chunk (2,048 rows) at a time, read value by value from
 * its vectors (no per-column arrays): the query casts keys to text, days to days since 1970 (turned
 * into their text once each) and metrics to numbers. A read of millions of rows then makes one
 * string and one object per row, and nothing that outlives its chunk.
 */
export async function* streamUsageDays(db: DuckDBConnection, sql: string): AsyncIterable<UsageDay[]> {
  const result = await db.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    const [keys, days, activeUsers, activeUsers30d, events, features30d, seats] = USAGE_DAY_COLUMNS.map((_, i) => chunk.getColumnVector(i));
    const rows: UsageDay[] = new Array(chunk.rowCount);
    for (let i = 0; i < chunk.rowCount; i++) {
      rows[i] = {
        key: keys!.getItem(i) as string,
        day: dayText(days!.getItem(i) as number),
        activeUsers: activeUsers!.getItem(i) as number | null,
        activeUsers30d: activeUsers30d!.getItem(i) as number | null,
        events: events!.getItem(i) as number | null,
        features30d: features30d!.getItem(i) as number | null,
        seats: seats!.getItem(i) as number | null,
      };
    }
    yield rows;
  }
}

const dayTexts = new Map<number, string>();

/** `YYYY-MM-DD` of a day since 1970, made once per day a read meets. */
function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    if (dayTexts.size > 100_000) dayTexts.clear();
    dayTexts.set(day, (text = new Date(day * 86_400_000).toISOString().slice(0, 10)));
  }
  return text;
}

/** The first value of a one-row query. */
export async function firstRow(db: DuckDBConnection, sql: string): Promise<DuckDBValue[]> {
  const read = await db.runAndReadAll(sql);
  return read.getRows()[0] ?? [];
}
