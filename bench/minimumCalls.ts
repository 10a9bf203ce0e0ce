import type { BenchApiShape, BenchEndpoints, CallCounts, RecordCounts } from './emulatorProtocol.js';

/**
 * The fewest calls a CRM's API allows for a job, the yardstick the bench holds crm-vitals to, from
 * the API shape its emulator kit documents (`ApiShape`: page sizes, batch size, the owner listing
 * and the calls that learn nothing changed), carried here as plain data for the book's owners.
 */

/** ceil(records / page size) per object, plus the owner listing. */
export function minimumPullCalls(shape: BenchApiShape, records: RecordCounts): number {
  return shape.ownersCalls + [records.accounts, records.opportunities, records.tickets].reduce((n, count) => n + Math.ceil(count / shape.page), 0);
}

/**
 * Knowing that nothing changed, as the kit counts it. Left out, as the engine's own choices:
 * Salesforce's /limits read (the budget is known before the first call) and HubSpot's pipeline
 * read (what each deal stage means).
 */
export function minimumNoChangeCalls(shape: BenchApiShape): number {
  return shape.noChangeCalls;
}

export function minimumWriteCalls(shape: BenchApiShape, records: number): number {
  return Math.ceil(records / shape.writeBatch);
}

/** Calls to endpoints matching a pattern (`METHOD /path/pattern`). */
export function callsMatching(counts: CallCounts, pattern: RegExp | string): number {
  const re = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
  return Object.entries(counts.byEndpoint).reduce((n, [endpoint, calls]) => (re.test(endpoint) ? n + calls : n), 0);
}

/** Calls that change CRM data, whatever the endpoint: score fields, tasks, and single-record writes. */
export function writeCalls(endpoints: BenchEndpoints, counts: CallCounts): number {
  return callsMatching(counts, endpoints.fieldWrites) + callsMatching(counts, endpoints.taskCreates) + callsMatching(counts, endpoints.singleWrites);
}

/** Calls that are not part of the API allowance (log-in calls, such as Salesforce's OAuth token endpoint). */
export function authCalls(endpoints: BenchEndpoints, counts: CallCounts): number {
  return endpoints.login ? callsMatching(counts, endpoints.login) : 0;
}
