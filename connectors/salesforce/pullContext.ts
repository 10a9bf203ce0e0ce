import type { Logger } from '../../src/contracts/connector.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import type { Describer } from './describe.js';
import type { SalesforceOptions } from './optionsSchema.js';
import type { SalesforceApi } from './salesforceApi.js';

/** Knobs that are not config (tests and benchmarks turn them to see several pages of a small org). */
export interface SalesforceTuning {
  /** Records per REST query page; Salesforce accepts 200-2000 and may return fewer. @default 2000 */
  pageSize?: number;
  /**
   * Records per Bulk API 2.0 results page (each page is one committed batch). Larger pages save
   * calls but every page is held in memory while it is stored: 10,000 took a backfill's peak RSS
   * to 300 MB, 5,000 keeps it near 260 MB for a fifth of the REST calls. @default 5000
   */
  bulkPageSize?: number;
  /** First wait between Bulk job status checks, in ms; grows to 10 s. @default 1000 */
  bulkPollMs?: number;
  /** How long a Bulk job may run before the pull reads through REST instead, in ms. @default 1800000 */
  bulkTimeoutMs?: number;
  /** Overrides of the shared retry policy (tests shorten the waits). */
  retry?: RetryOptions;
}

export const defaultTuning = { pageSize: 2000, bulkPageSize: 5_000, bulkPollMs: 1000, bulkTimeoutMs: 30 * 60_000 } as const;

/** What the pull verbs share. */
export interface PullContext {
  api: SalesforceApi;
  describer: Describer;
  options: SalesforceOptions;
  tuning: Required<Omit<SalesforceTuning, 'retry'>>;
  log: Logger;
  signal?: AbortSignal;
  /** Full-pull counts already asked for (see `count` in pull.ts). */
  counts: Map<string, Promise<number>>;
}

/** The shape of one object's pull. */
export interface PullShape {
  source: string;
  fields: string[];
  /** Read deletes through `queryAll` (objects with a recycle bin). */
  withDeleted: boolean;
  modifiedSince?: string;
}
