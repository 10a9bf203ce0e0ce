import type pg from 'pg';
import { configKey, resolveColumns, type ResolvedColumns } from '../columnRoles.js';
import { metricNamesSql, missingMetric } from '../dailySql.js';
import { ROWS, ident } from '../sqlText.js';
import { futureDayError, usageDayChunks } from '../usageDayChunks.js';
import { latestDaySql, summarySql, usageDaysSql } from '../usageSql.js';
import { isWide, type UsageShape } from '../usageShape.js';
import type { PostgresOptions } from './optionsSchema.js';
import { connectionProblem, conversionOf, queryProblem, queryStart, serverAddress } from './postgresErrors.js';
import { connectPostgres, cursorUsageDays, describeQuery } from './postgresSession.js';
import {
  UsageSourceError,
  registerSecret,
  type UsageDay,
  type UsageDayRange,
  type UsageSource,
  type UsageSourceCheck,
  type UsageSourceContext,
} from '../../../contracts/usageSource.js';

/** A PostgreSQL query's rows, aggregated by the server; only daily aggregates travel, through a cursor. */
export function createPostgresSource(options: PostgresOptions, context: UsageSourceContext): UsageSource {
  const shape: UsageShape = options;
  const address = serverAddress(options.url);
  const password = new URL(options.url).password;
  if (password) {
    registerSecret(password);
    registerSecret(decodeURIComponent(password));
  }
  const where = queryStart(options.query);
  const fail = (message: string, cause: unknown) => new UsageSourceError(context.name, message, { cause });
  let client: pg.Client | undefined;

  async function connection(): Promise<pg.Client> {
    if (client) return client;
    try {
      client = await connectPostgres(options.url, options.statementTimeoutSeconds);
    } catch (error) {
      throw fail(connectionProblem(error, address), error);
    }
    return client;
  }

  /** A query error as the source's: a conversion error names the column it is about. */
  function queryFailure(error: unknown, columns?: ResolvedColumns): UsageSourceError {
    if (error instanceof UsageSourceError) return error;
    const about = conversionOf(error);
    const column = about === 'day' ? columns?.when : about === 'value' ? columns?.value : undefined;
    if (column && columns) {
      const key = configKey(shape, about === 'day' ? 'when' : 'value');
      const wanted = about === 'day' ? 'a date or an ISO-8601 timestamp' : 'a number';
      return fail(`column "${column.name}" (${key}) in ${where} holds values that are not ${wanted}: ${(error as Error).message}; name another column, or fix the data`, error);
    }
    return fail(queryProblem(error, options.query), error);
  }

  async function open(db: pg.Client): Promise<ResolvedColumns> {
    const found = await describeQuery(db, options.query).catch((error: unknown) => {
      throw queryFailure(error);
    });
    const columns = resolveColumns(shape, found, where);
    if (typeof columns === 'string') throw fail(columns, undefined);
    return columns;
  }

  return {
    name: context.name,

    async check(): Promise<UsageSourceCheck> {
      const db = await connection();
      const columns = await open(db);
      try {
        if (shape.format === 'daily' && !isWide(shape)) {
          const names = await db.query<{ metric: string }>(metricNamesSql(options.query, columns));
          const missing = missingMetric(shape, columns, names.rows.map((r) => r.metric), where);
          if (missing) throw fail(missing, undefined);
        }
        if (columns.value?.kind === 'text') {
          await db.query(`SELECT count(CAST(${ident(columns.value.name)} AS DOUBLE PRECISION)) FROM (${options.query}) AS ${ROWS}`);
        }
        const { rows } = await db.query<{ row_count: number; keyless: number; first_day: string | null; last_day: string | null }>(summarySql(options.query, columns, 'postgres'));
        const { row_count, keyless, first_day, last_day } = rows[0]!;
        const span = first_day ? `, ${first_day} to ${last_day}` : ', no rows';
        const left = keyless > 0 ? `, ${keyless.toLocaleString('en-US')} rows without an account key (left out)` : '';
        return {
          summary: `PostgreSQL ${address.host}:${address.port}/${address.database}, ${row_count.toLocaleString('en-US')} rows${span}${left}`,
          firstDay: first_day,
          lastDay: last_day,
        };
      } catch (error) {
        throw queryFailure(error, columns);
      }
    },

    async *readDays(range: UsageDayRange): AsyncIterable<UsageDay[]> {
      const db = await connection();
      const columns = await open(db);
      const futureError = async () => {
        const latest = await db.query<{ last_day: string | null }>(latestDaySql(options.query, columns, 'postgres')).catch((error: unknown) => {
          throw queryFailure(error, columns);
        });
        return futureDayError(context.name, shape, columns, where, latest.rows[0]?.last_day ?? null, range);
      };
      const started = Date.now();
      let count = 0;
      try {
        for await (const chunk of usageDayChunks(cursorUsageDays(db, usageDaysSql(shape, options.query, columns, range, 'postgres')), range, futureError)) {
          count += chunk.length;
          yield chunk;
        }
      } catch (error) {
        throw queryFailure(error, columns);
      }
      context.log.debug('usage days read', { source: context.name, days: count, ms: Date.now() - started });
    },

    async close(): Promise<void> {
      const open = client;
      client = undefined;
      await open?.end();
    },
  };
}
