import type { PulledPage } from '../../src/contracts/connector.js';
import { createJob, deleteJob, newestStamp, usableJob } from './bulkJob.js';
import type { PullContext, PullShape } from './pullContext.js';
import { positionCursor, toCrmRecord, typedCsvRow, type BulkProgress } from './records.js';
import type { Position } from './soql.js';

export interface BulkPullEnd {
  /** Where the pull got to; unchanged when the job could not be used. */
  after: Position | null;
  /** The job failed, timed out or expired: the caller reads through REST from `after`. */
  failed?: boolean;
}

/**
 * A Bulk API 2.0 query job for a large backfill. Results are paged here, through `maxRecords` and
 * the `Sforce-Locator` header, because jsforce 3.10.16 crashes on multi-page results
 * (jsforce#1546) and would hold everything in memory anyway.
 *
 * Bulk 2.0 gives no order (ORDER BY disables its chunking), so the job reads records modified
 * before the newest stamp the org reported, and the cursor says "everything before that instant"
 * only once the last page is stored; pages before that save the job's locator, so a killed
 * backfill resumes inside the job. Whatever changes meanwhile is read incrementally afterwards.
 */
export async function* bulkPull(ctx: PullContext, shape: PullShape, start: Position | null, resume?: BulkProgress): AsyncGenerator<PulledPage, BulkPullEnd> {
  let job: BulkProgress;
  if (resume) {
    if (!(await usableJob(ctx, resume.jobId))) {
      ctx.log.info('the Bulk job of the interrupted backfill is gone; reading through REST', { object: shape.source, job: resume.jobId });
      return { after: start, failed: true };
    }
    job = resume;
  } else {
    const before = await newestStamp(ctx, shape, start);
    // Nothing before the newest instant (an empty object, or one instant only): REST reads it all.
    if (before === undefined || (start !== null && before <= start.modstamp)) return { after: start };
    const jobId = await createJob(ctx, shape, start, before);
    if (!jobId) return { after: start, failed: true };
    job = { jobId, locator: null, before };
  }
  const types = await ctx.describer.types(shape.source);
  const results = (locator: string | null) => {
    const page = ctx.api.call<Record<string, string>[] | string>({
      method: 'GET',
      path: `/jobs/query/${encodeURIComponent(job.jobId)}/results`,
      query: { maxRecords: ctx.tuning.bulkPageSize, ...(locator ? { locator } : {}) },
      csv: true,
    });
    page.catch(() => undefined); // awaited once the page before is stored
    return page;
  };
  let pending = results(job.locator);
  for (;;) {
    const { body, headers } = await pending;
    const locator = headers['sforce-locator'];
    const done = !locator || locator === 'null';
    // One page ahead, fetched while the engine stores this one.
    if (!done) pending = results(locator);
    const page: PulledPage = {
      records: [],
      deletedIds: [],
      cursor: done ? positionCursor({ after: { modstamp: job.before, id: null } }) : positionCursor({ after: start, bulk: { ...job, locator } }),
    };
    for (const row of Array.isArray(body) ? body : []) {
      const record = typedCsvRow(row, types);
      if (record.IsDeleted === true) page.deletedIds.push(record.Id);
      else page.records.push(toCrmRecord(record));
    }
    yield page;
    if (done) break;
  }
  await deleteJob(ctx, job.jobId);
  return { after: { modstamp: job.before, id: null } };
}
