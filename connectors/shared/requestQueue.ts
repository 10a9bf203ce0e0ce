import PQueue from 'p-queue';

export interface RequestQueueOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** At most `intervalCap` requests start in any rolling `intervalMs` window (HubSpot's 10-second limit is rolling too). */
  intervalCap?: number;
  intervalMs?: number;
}

/**
 * A bounded request queue per connector, so a burst of pages or batches never exceeds the CRM's
 * concurrency or rate limits in the first place; 429s then become rare, not routine.
 */
export function createRequestQueue(options: RequestQueueOptions): PQueue {
  return new PQueue({
    concurrency: options.concurrency,
    ...(options.intervalCap && options.intervalMs ? { intervalCap: options.intervalCap, interval: options.intervalMs, strict: true } : {}),
  });
}
