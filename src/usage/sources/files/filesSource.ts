import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { resolveColumns, configKey, type ResolvedColumns } from '../columnRoles.js';
import { metricNamesSql, missingMetric } from '../dailySql.js';
import { ROWS, ident, literal } from '../sqlText.js';
import { futureDayError, usageDayChunks } from '../usageDayChunks.js';
import { PART_COLUMN, keyPartsSql, latestDaySql, rowsReadSql, summarySql, usageDaysSql } from '../usageSql.js';
import { isWide, type UsageShape } from '../usageShape.js';
import { describeColumns, duckDbThreads, firstRow, openDuckDb, streamUsageDays, type DuckDbSession } from './duckdbSession.js';
import { describeFileType, filesRelation, findFiles, type FileSet } from './fileSet.js';
import type { FilesOptions } from './optionsSchema.js';
import {
  UsageSourceError,
  type UsageDay,
  type UsageDayRange,
  type UsageSource,
  type UsageSourceCheck,
  type UsageSourceContext,
} from '../../../contracts/usageSource.js';

/** What a read needs to know of the files, found anew at each check and read (files come and go). */
interface OpenedFiles {
  set: FileSet;
  columns: ResolvedColumns;
  relation: string;
}

/**
 * Rows one DuckDB query aggregates at most (about 80 MB of DuckDB's memory for either format). A
 * read of more is split into parts of the accounts (by a hash of the key): its rows are written
 * once to a Parquet file in the session's scratch folder with their part, and each part is
 * aggregated from there in turn. Memory then stays the same whatever the data's size, and the
 * source is gone through twice per window whatever its order: counted (key and time columns
 * only), then copied; never once per part.
 */
export const PART_ROWS = { daily: 150_000, events: 150_000 };

/** CSV or Parquet files read by an in-process DuckDB, which aggregates them on all cores. */
export function createFilesSource(options: FilesOptions, context: UsageSourceContext, partRows = PART_ROWS): UsageSource {
  const shape: UsageShape = options;
  let session: DuckDbSession | undefined;
  const fail = (message: string, cause?: unknown) => new UsageSourceError(context.name, message, cause === undefined ? undefined : { cause });

  async function connection(): Promise<DuckDBConnection> {
    session ??= await openDuckDb(duckDbThreads(shape.format));
    return session.db;
  }

  /** The days of `range` from `opened`, one part of the accounts at a time when there are many rows. */
  async function* daysInParts(db: DuckDBConnection, opened: OpenedFiles, range: UsageDayRange): AsyncIterable<UsageDay[]> {
    const [rowsRead] = await firstRow(db, rowsReadSql(shape, opened.relation, opened.columns, range, 'duckdb'));
    const of = Math.ceil(Number(rowsRead) / partRows[shape.format]);
    if (of <= 1) {
      yield* streamUsageDays(db, usageDaysSql(shape, opened.relation, opened.columns, range, 'duckdb'));
      return;
    }
    const staged = join(session!.scratch, 'parts.parquet');
    context.log.debug('usage days read in parts of the accounts', { source: context.name, rows: Number(rowsRead), parts: of });
    try {
      await db.run(`COPY (${keyPartsSql(shape, opened.relation, opened.columns, range, of)}) TO ${literal(staged)} (FORMAT parquet)`);
      for (let part = 0; part < of; part++) {
        const rows = `SELECT * EXCLUDE (${PART_COLUMN}) FROM read_parquet(${literal(staged)}) WHERE ${PART_COLUMN} = ${part}`;
        yield* streamUsageDays(db, usageDaysSql(shape, rows, opened.columns, range, 'duckdb'));
      }
    } finally {
      rmSync(staged, { force: true });
    }
  }

  /** Runs a DuckDB step, turning its errors (unreadable or corrupt file, bad value) into the source's. */
  async function duck<T>(what: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof UsageSourceError) throw error;
      throw fail(`${what}: ${firstLine(error)}`, error);
    }
  }

  async function open(): Promise<OpenedFiles> {
    const db = await connection();
    const set = await duck(`listing ${options.path}`, () => findFiles(db, options, context.baseDir));
    if (typeof set === 'string') throw fail(set);
    const found = await duck(`reading ${set.where}`, () => describeColumns(db, filesRelation(set)));
    const columns = resolveColumns(shape, found, set.where);
    if (typeof columns === 'string') throw fail(columns);
    const textColumns = [columns.account, columns.user, columns.feature, columns.metric].flatMap((c) => (c ? [c.name] : []));
    return { set, columns, relation: filesRelation(set, textColumns) };
  }

  /** A text day or value column whose values do not parse: named with the first such value. */
  async function checkTextValues(db: DuckDBConnection, opened: OpenedFiles): Promise<void> {
    const probes: [Exclude<keyof ResolvedColumns, 'metricColumns'>, string, string][] = [
      ['when', 'TIMESTAMPTZ', 'a date or an ISO-8601 timestamp'],
      ['value', 'DOUBLE', 'a number'],
    ];
    for (const [role, type, wanted] of probes) {
      const column = opened.columns[role];
      if (!column || column.kind !== 'text') continue;
      const c = ident(column.name);
      const [bad] = await duck(`reading ${opened.set.where}`, () =>
        firstRow(db, `SELECT ${c} FROM (${opened.relation}) AS ${ROWS} WHERE ${c} IS NOT NULL AND TRY_CAST(${c} AS ${type}) IS NULL LIMIT 1`),
      );
      if (bad !== undefined && bad !== null) {
        throw fail(`column "${column.name}" (${configKey(shape, role)}) in ${opened.set.where} holds values that are not ${wanted}, e.g. "${String(bad)}"; name another column, or fix the data`);
      }
    }
  }

  return {
    name: context.name,

    async check(): Promise<UsageSourceCheck> {
      const db = await connection();
      const opened = await open();
      await checkTextValues(db, opened);
      if (shape.format === 'daily' && !isWide(shape)) {
        const names = await duck(`reading ${opened.set.where}`, () => db.runAndReadAll(metricNamesSql(opened.relation, opened.columns)));
        const missing = missingMetric(shape, opened.columns, (names.getColumns()[0] ?? []).map(String), opened.set.where);
        if (missing) throw fail(missing);
      }
      const [rows, keyless, firstDay, lastDay] = await duck(`reading ${opened.set.where}`, () => firstRow(db, summarySql(opened.relation, opened.columns, 'duckdb')));
      const span = firstDay ? `, ${String(firstDay)} to ${String(lastDay)}` : ', no rows';
      const left = Number(keyless) > 0 ? `, ${Number(keyless).toLocaleString('en-US')} rows without an account key (left out)` : '';
      return {
        summary: `${describeFileType(opened.set)}, ${Number(rows).toLocaleString('en-US')} rows${span}${left}`,
        firstDay: firstDay === null || firstDay === undefined ? null : String(firstDay),
        lastDay: lastDay === null || lastDay === undefined ? null : String(lastDay),
      };
    },

    async *readDays(range: UsageDayRange): AsyncIterable<UsageDay[]> {
      const db = await connection();
      const opened = await open();
      const where = `reading ${opened.set.where}`;
      const futureError = async () => {
        const [latest] = await duck(where, () => firstRow(db, latestDaySql(opened.relation, opened.columns, 'duckdb')));
        return futureDayError(context.name, shape, opened.columns, opened.set.where, latest === null || latest === undefined ? null : String(latest), range);
      };
      const rows = guarded(where, daysInParts(db, opened, range));
      const started = Date.now();
      let count = 0;
      for await (const chunk of usageDayChunks(rows, range, futureError)) {
        count += chunk.length;
        yield chunk;
      }
      context.log.debug('usage days read', { source: context.name, files: opened.set.files.length, days: count, ms: Date.now() - started });
    },

    async close(): Promise<void> {
      session?.close();
      session = undefined;
    },
  };

  /** The stream's DuckDB errors (a bad value met mid-read) as the source's. */
  async function* guarded(what: string, rows: AsyncIterable<UsageDay[]>): AsyncIterable<UsageDay[]> {
    try {
      yield* rows;
    } catch (error) {
      throw fail(`${what}: ${firstLine(error)}`, error);
    }
  }
}

/** DuckDB's message without the SQL it quotes after it (streamed errors come prefixed with "Error: "). */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^Error: /, '').split('\n')[0]!.trim();
}
