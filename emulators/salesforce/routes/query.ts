import type { EmulatorRequest, EmulatorResponse, Router } from '../../http/router.js';
import { apiRoute, type ApiCall, type EmulatorContext } from '../context.js';
import { locatorOf, type Cursor } from '../cursors.js';
import { SalesforceApiError } from '../errors.js';
import { runQuery } from '../soql/evaluate.js';
import { prepareQuery } from '../soql/prepare.js';
import { aggregateRecord, projectRecord } from '../soql/project.js';

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

/**
 * `Sforce-Query-Options: batchSize=N` is a hint, clamped to 200..2000 as the API documents; the
 * org may still serve smaller pages (`maxBatch`).
 */
export function batchSizeOf(req: EmulatorRequest, maxBatch = DEFAULT_BATCH): number {
  const header = req.headers['sforce-query-options'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const m = /batchSize\s*=\s*(\d+)/i.exec(text);
  const asked = m ? Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(m[1]))) : DEFAULT_BATCH;
  return Math.min(asked, maxBatch);
}

/**
 * One page of a cursor's snapshot. Rows purged since the query ran are left out (their page comes
 * back short, totalSize unchanged): the snapshot keeps edited rows as they were, but a record
 * emptied from the recycle bin is gone.
 */
function page(ctx: EmulatorContext, cursor: Cursor, offset: number, batch: number, call: ApiCall, resource: string): EmulatorResponse {
  const end = Math.min(cursor.rows.length, offset + batch);
  const records = cursor.rows
    .slice(offset, end)
    .filter((row) => ctx.tables.byStoredId(row.Id as string) !== undefined)
    .map((row) => projectRecord(ctx.tables, cursor.query, row, call.version));
  const done = end >= cursor.rows.length;
  if (done) ctx.cursors.close(cursor.id);
  const body: Record<string, unknown> = { totalSize: cursor.rows.length, done };
  if (!done) body.nextRecordsUrl = `/services/data/v${call.version}/${resource}/${locatorOf(cursor, end)}`;
  body.records = records;
  return { status: 200, body };
}

function runStatement(ctx: EmulatorContext, req: EmulatorRequest, call: ApiCall, resource: 'query' | 'queryAll', maxBatch: number): EmulatorResponse {
  const soql = req.query.get('q') ?? '';
  const query = prepareQuery(ctx.catalog, soql, ctx.clock.now());
  const rows = runQuery(ctx.tables, query, resource === 'queryAll');
  if (query.countOnly) return { status: 200, body: { totalSize: rows.length, done: true, records: [] } };
  if (query.aggregate) return { status: 200, body: { totalSize: 1, done: true, records: [aggregateRecord(ctx.tables, query, rows)] } };
  const batch = batchSizeOf(req, maxBatch);
  if (rows.length <= batch) {
    const records = rows.map((row) => projectRecord(ctx.tables, query, row, call.version));
    return { status: 200, body: { totalSize: rows.length, done: true, records } };
  }
  return page(ctx, ctx.cursors.open(query, rows), 0, batch, call, resource);
}

function nextPage(ctx: EmulatorContext, req: EmulatorRequest, call: ApiCall, resource: 'query' | 'queryAll', maxBatch: number): EmulatorResponse {
  const found = ctx.cursors.resolve(req.params.locator ?? '');
  if (!found) throw new SalesforceApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  return page(ctx, found.cursor, found.offset, batchSizeOf(req, maxBatch), call, resource);
}

export function registerQueryRoutes(router: Router, ctx: EmulatorContext, maxBatch = DEFAULT_BATCH): void {
  router.on('GET', '/services/data/:version/query', apiRoute(ctx, (req, call) => runStatement(ctx, req, call, 'query', maxBatch)));
  router.on('GET', '/services/data/:version/queryAll', apiRoute(ctx, (req, call) => runStatement(ctx, req, call, 'queryAll', maxBatch)));
  // jsforce follows every locator through /query/, even for queryAll, so both paths serve any cursor.
  router.on('GET', '/services/data/:version/query/:locator', apiRoute(ctx, (req, call) => nextPage(ctx, req, call, 'query', maxBatch)));
  router.on('GET', '/services/data/:version/queryAll/:locator', apiRoute(ctx, (req, call) => nextPage(ctx, req, call, 'queryAll', maxBatch)));
}
