import { RetriableApiError } from '../../src/contracts/connector.js';
import { SalesforceRequestRejected } from './errors.js';
import type { PullContext, PullShape } from './pullContext.js';
import { isoInstant } from './records.js';
import { newestStampSoql, pullSoql, type Position } from './soql.js';

interface JobInfo {
  id: string;
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  errorMessage?: string;
}

const MAX_POLL_MS = 10_000;

/** The newest SystemModstamp after `start`, from the org's clock rather than ours. */
export async function newestStamp(ctx: PullContext, shape: PullShape, start: Position | null): Promise<string | undefined> {
  const { body } = await ctx.api.call<{ records: { SystemModstamp: string }[] }>({
    method: 'GET',
    path: shape.withDeleted ? '/queryAll' : '/query',
    query: { q: newestStampSoql({ source: shape.source, after: start, modifiedSince: shape.modifiedSince }) },
  });
  const stamp = body.records[0]?.SystemModstamp;
  return stamp ? isoInstant(stamp) : undefined;
}

/** Creates the query job and waits for it; undefined when Bulk cannot serve it (the caller uses REST). */
export async function createJob(ctx: PullContext, shape: PullShape, start: Position | null, before: string): Promise<string | undefined> {
  let job: JobInfo;
  try {
    const { body } = await ctx.api.call<JobInfo>({
      method: 'POST',
      path: '/jobs/query',
      body: {
        operation: shape.withDeleted ? 'queryAll' : 'query',
        query: pullSoql({ ...shape, after: start, before, ordered: false }),
        contentType: 'CSV',
        columnDelimiter: 'COMMA',
        lineEnding: 'LF',
      },
    });
    job = body;
  } catch (error) {
    // Not retried: a second POST would start a second job against the org's daily job allowance.
    if (!(error instanceof SalesforceRequestRejected || error instanceof RetriableApiError)) throw error;
    ctx.log.warn('Bulk API 2.0 did not take the query job; reading through REST', { object: shape.source, error: error.message });
    return undefined;
  }
  ctx.log.info('Bulk API 2.0 query job started', { object: shape.source, job: job.id });
  return (await waitForJob(ctx, job.id, shape.source)) ? job.id : undefined;
}

async function waitForJob(ctx: PullContext, jobId: string, object: string): Promise<boolean> {
  const deadline = Date.now() + ctx.tuning.bulkTimeoutMs;
  let delay = ctx.tuning.bulkPollMs;
  for (;;) {
    await sleep(delay, ctx.signal);
    const { body } = await ctx.api.call<JobInfo>({ method: 'GET', path: `/jobs/query/${encodeURIComponent(jobId)}` });
    if (body.state === 'JobComplete') return true;
    if (body.state === 'Failed' || body.state === 'Aborted') {
      ctx.log.warn('Bulk API 2.0 query job did not complete; reading through REST', { object, job: jobId, state: body.state, error: body.errorMessage });
      return false;
    }
    if (ctx.signal?.aborted || Date.now() + delay > deadline) {
      ctx.log.warn('Bulk API 2.0 query job is taking too long; aborting it and reading through REST', { object, job: jobId });
      await bestEffort(ctx, () => ctx.api.call({ method: 'PATCH', path: `/jobs/query/${encodeURIComponent(jobId)}`, body: { state: 'Aborted' }, idempotent: true }));
      return false;
    }
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.5));
  }
}

/** Whether an interrupted backfill's job can still serve its results (they expire; admins delete jobs). */
export async function usableJob(ctx: PullContext, jobId: string): Promise<boolean> {
  try {
    const { body } = await ctx.api.call<JobInfo>({ method: 'GET', path: `/jobs/query/${encodeURIComponent(jobId)}` });
    return body.state === 'JobComplete';
  } catch (error) {
    if (error instanceof SalesforceRequestRejected) return false;
    throw error;
  }
}

/** Results are kept for days and count against the org's Bulk storage; free them once read. */
export async function deleteJob(ctx: PullContext, jobId: string): Promise<void> {
  await bestEffort(ctx, () => ctx.api.call({ method: 'DELETE', path: `/jobs/query/${encodeURIComponent(jobId)}`, idempotent: true }));
}

async function bestEffort(ctx: PullContext, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    ctx.log.debug('Bulk job housekeeping failed', { error: (error as Error).message });
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
