import type { EmulatorRequest, Router } from '../../http/router.js';
import { apiRoute, jsonObjectBody, type ApiCall, type EmulatorContext } from '../context.js';
import { resourceNotFound, SalesforceApiError } from '../errors.js';
import { formatDateTime } from '../fieldValues.js';
import { makeId } from '../ids.js';
import type { SfRecord } from '../recordTables.js';
import { runQuery } from '../soql/evaluate.js';
import { prepareQuery } from '../soql/prepare.js';
import { csvColumns, csvValues } from '../soql/project.js';
import type { ResolvedQuery } from '../soql/resolve.js';

const DELIMITERS: Record<string, string> = { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' };

interface QueryJob {
  info: Record<string, unknown>;
  query: ResolvedQuery;
  rows: SfRecord[] | undefined;
  delimiter: string;
  lineEnding: string;
}

export interface Bulk2Options {
  /**
   * Records per results page when the client sends no `maxRecords`. Large by default because
   * jsforce 3.10.16 crashes on multi-page results (jsforce/jsforce#1546); set it low to prove an
   * engine pages results itself.
   */
  defaultPageSize: number;
}

function invalidJob(message: string): SalesforceApiError {
  return new SalesforceApiError(400, 'INVALIDJOB', message);
}

function csvCell(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Bulk locators are opaque to clients; Salesforce's are base64 text of the next offset. */
const encodeLocator = (offset: number): string => Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');
function decodeLocator(locator: string): number {
  const offset = Number(Buffer.from(locator, 'base64').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw new SalesforceApiError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator}`);
  return offset;
}

export function registerBulk2Routes(router: Router, ctx: EmulatorContext, options: Bulk2Options): { jobsCreated: () => number } {
  const jobs = new Map<string, QueryJob>();
  let created = 0;
  const base = '/services/data/:version/jobs/query';

  const jobFor = (req: EmulatorRequest): QueryJob => {
    const job = jobs.get(req.params.id ?? '');
    if (!job) throw resourceNotFound();
    return job;
  };

  router.on('POST', base, apiRoute(ctx, (req, call: ApiCall) => {
    const body = jsonObjectBody(req);
    const operation = body.operation;
    if (operation !== 'query' && operation !== 'queryAll') throw invalidJob(`Invalid operation: ${String(operation)}`);
    const delimiterName = typeof body.columnDelimiter === 'string' ? body.columnDelimiter : 'COMMA';
    const lineEnding = typeof body.lineEnding === 'string' ? body.lineEnding : 'LF';
    const delimiter = DELIMITERS[delimiterName];
    if (!delimiter) throw invalidJob(`Invalid column delimiter: ${delimiterName}`);
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF') throw invalidJob(`Invalid line ending: ${lineEnding}`);
    const query = prepareQuery(ctx.catalog, String(body.query ?? ''), ctx.clock.now());
    if (query.countOnly || query.aggregate) throw invalidJob('Aggregate functions are not supported by Bulk API 2.0 queries');
    if (query.offset !== undefined) throw invalidJob('OFFSET is not supported by Bulk API 2.0 queries');
    created += 1;
    const id = makeId('750', created);
    const now = formatDateTime(Date.now());
    const info: Record<string, unknown> = {
      id, operation, object: query.schema.name, createdById: call.userId, createdDate: now, systemModstamp: now,
      state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: Number(call.version),
      lineEnding, columnDelimiter: delimiterName,
    };
    const job: QueryJob = { info, query, rows: undefined, delimiter, lineEnding: lineEnding === 'CRLF' ? '\r\n' : '\n' };
    jobs.set(id, job);
    // Salesforce runs the query asynchronously; the first status check usually finds it done.
    setImmediate(() => {
      if (job.info.state !== 'UploadComplete') return;
      job.rows = runQuery(ctx.tables, query, operation === 'queryAll');
      Object.assign(job.info, { state: 'JobComplete', numberRecordsProcessed: job.rows.length, systemModstamp: formatDateTime(Date.now()) });
    });
    return { status: 200, body: info };
  }));

  router.on('GET', base, apiRoute(ctx, () => ({
    status: 200,
    body: { done: true, records: [...jobs.values()].map((j) => ({ ...j.info, jobType: 'V2Query' })), nextRecordsUrl: null },
  })));

  router.on('GET', `${base}/:id`, apiRoute(ctx, (req) => {
    const job = jobFor(req);
    return {
      status: 200,
      body: { numberRecordsProcessed: 0, retries: 0, totalProcessingTime: 0, jobType: 'V2Query', isPkChunkingSupported: true, ...job.info },
    };
  }));

  router.on('PATCH', `${base}/:id`, apiRoute(ctx, (req) => {
    const job = jobFor(req);
    if (jsonObjectBody(req).state !== 'Aborted') throw invalidJob('Only the Aborted state can be set on a query job');
    if (job.info.state === 'JobComplete') throw invalidJob('Job is already complete');
    job.info.state = 'Aborted';
    return { status: 200, body: job.info };
  }));

  router.on('DELETE', `${base}/:id`, apiRoute(ctx, (req) => {
    jobFor(req);
    jobs.delete(req.params.id ?? '');
    return { status: 204 };
  }));

  router.on('GET', `${base}/:id/results`, apiRoute(ctx, (req, call) => {
    const job = jobFor(req);
    if (job.info.state !== 'JobComplete' || !job.rows) {
      const status = String(job.info.state).replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
      throw new SalesforceApiError(
        412,
        'JOB_NOT_COMPLETE',
        `can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: ${status}`,
      );
    }
    if (Number(call.version) !== job.info.apiVersion) {
      // The docs give the status (409) but not the code; the code here is the emulator's.
      throw new SalesforceApiError(409, 'API_VERSION_MISMATCH', `Get the results with the API version that created the job (${String(job.info.apiVersion)})`);
    }
    const locator = req.query.get('locator');
    const offset = locator ? decodeLocator(locator) : 0;
    const maxParam = req.query.get('maxRecords');
    const max = maxParam === null ? options.defaultPageSize : Number(maxParam);
    if (!Number.isInteger(max) || max <= 0) throw new SalesforceApiError(400, 'INVALIDPARAMETER', `Invalid maxRecords: ${maxParam ?? ''}`);
    const end = Math.min(job.rows.length, offset + max);
    const columns = csvColumns(job.query);
    const values = csvValues(ctx.tables, job.query);
    const lines = [columns.map(csvCell).join(job.delimiter)];
    for (let i = offset; i < end; i++) {
      const row = job.rows[i] as SfRecord;
      lines.push(values.map((v) => csvCell(v(row))).join(job.delimiter));
    }
    return {
      status: 200,
      body: lines.join(job.lineEnding) + job.lineEnding,
      headers: {
        'Content-Type': 'text/csv',
        'Sforce-NumberOfRecords': String(end - offset),
        // jsforce loops until it sees the literal string "null".
        'Sforce-Locator': end < job.rows.length ? encodeLocator(end) : 'null',
      },
    };
  }));

  return { jobsCreated: () => created };
}
