import type { WriteResult } from '../../src/contracts/connector.js';
import { RetriableApiError } from '../../src/contracts/connector.js';
import { failedCall, SalesforceRequestRejected, toWriteResult, type CollectionResult } from './errors.js';
import type { SalesforceApi } from './salesforceApi.js';

/** sObject Collections take at most 200 records a call. */
export const COLLECTION_SIZE = 200;

export interface CollectionWrite {
  /** `PATCH` updates records by id; `POST` creates them (and is never sent twice: see below). @default PATCH */
  method?: 'PATCH' | 'POST';
  /** Path below the API root: `/composite/sobjects`. */
  path: string;
  /** One JSON record per input, with `attributes.type`. */
  records: Record<string, unknown>[];
  /** The key each input is reported under (record id, task dedupe key). */
  keys: string[];
}

/**
 * Sends records through sObject Collections, 200 a call (calls run side by side through the
 * request queue), `allOrNone: false` so one bad record fails alone, and answers one result per
 * input in input order. Updates are retried after any transient failure; creates are sent once,
 * since a create retried after its answer was lost would make a second record (the caller looks
 * for the first one before it creates again).
 *
 * A call Salesforce refuses as a whole (a malformed body) fails each of its records with that
 * reason. When calls fail for reasons that concern the run (budget reserve, credentials, an org
 * still unreachable after retries) and nothing in this batch went through, the error is thrown so
 * the run stops; otherwise those records are reported failed, and what was written is not lost.
 */
export async function writeCollection(api: SalesforceApi, write: CollectionWrite): Promise<WriteResult[]> {
  const chunks: { start: number; end: number }[] = [];
  for (let start = 0; start < write.records.length; start += COLLECTION_SIZE) chunks.push({ start, end: Math.min(write.records.length, start + COLLECTION_SIZE) });
  const outcomes = await Promise.all(
    chunks.map(async ({ start, end }) => {
      const keys = write.keys.slice(start, end);
      const method = write.method ?? 'PATCH';
      try {
        const { body } = await api.call<CollectionResult[]>({
          method,
          path: write.path,
          body: { allOrNone: false, records: write.records.slice(start, end) },
          idempotent: method === 'PATCH',
        });
        return { results: keys.map((key, i) => toWriteResult(body[i], key, method === 'PATCH')) };
      } catch (error) {
        if (error instanceof SalesforceRequestRejected) return { results: failedCall(error, keys) };
        // A create is tried once: its transient failure is its records' (looked up next run), not the run's.
        if (method === 'POST' && error instanceof RetriableApiError) return { results: failedCall(error, keys) };
        return { results: failedCall(error as Error, keys), stop: error as Error };
      }
    }),
  );
  const stop = outcomes.find((o) => o.stop)?.stop;
  const anyWritten = outcomes.some((o) => !o.stop && o.results.some((r) => r.ok));
  if (stop && !anyWritten) throw stop;
  return outcomes.flatMap((o) => o.results);
}
