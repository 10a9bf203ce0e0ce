import { BATCH_LIMIT, LIST_PAGE } from '../connectors/hubspot/context.js';
import { OWNERS_PAGE } from '../connectors/hubspot/ownersPull.js';
import { COLLECTION_SIZE } from '../connectors/salesforce/collections.js';
import { defaultTuning } from '../connectors/salesforce/pullContext.js';
import type { BenchCrm, CallCounts, RecordCounts } from './emulatorProtocol.js';

/**
 * The fewest calls each CRM's API allows for a job, the yardstick the bench holds crm-vitals to.
 * Pages: Salesforce SOQL returns at most 2,000 records a page (Bulk API 2.0 results pages can be
 * larger, so a Bulk backfill may go below this); HubSpot's list endpoints 100. HubSpot lists
 * active and archived owners apart (500 a page): at least one call each, and at least
 * ceil(owners / 500) together (the split is not counted, so this is a lower bound).
 */
export const API_SHAPE = {
  salesforce: { page: defaultTuning.pageSize, ownersCalls: (owners: number) => Math.ceil(owners / defaultTuning.pageSize), writeBatch: COLLECTION_SIZE, noChange: 4 },
  hubspot: { page: LIST_PAGE, ownersCalls: (owners: number) => Math.max(2, Math.ceil(owners / OWNERS_PAGE)), writeBatch: BATCH_LIMIT, noChange: 6 },
} as const;

/** ceil(records / page size) per object. */
export function minimumPullCalls(crm: BenchCrm, records: RecordCounts): number {
  const shape = API_SHAPE[crm];
  return shape.ownersCalls(records.owners) + [records.accounts, records.opportunities, records.tickets].reduce((n, count) => n + Math.ceil(count / shape.page), 0);
}

/**
 * Knowing that nothing changed: Salesforce, one query per object, users included (deletes come
 * through queryAll in the same query); HubSpot, per object one search and one archived listing
 * (search cannot see deletes), plus both owner listings in full (owners have no modification
 * filter). Left out, as the engine's own choices: Salesforce's /limits read (the budget is known
 * before the first call) and HubSpot's pipeline read (what each deal stage means).
 */
export function minimumNoChangeCalls(crm: BenchCrm, records: RecordCounts): number {
  return crm === 'hubspot' ? API_SHAPE.hubspot.noChange + API_SHAPE.hubspot.ownersCalls(records.owners) : API_SHAPE.salesforce.noChange;
}

export function minimumWriteCalls(crm: BenchCrm, records: number): number {
  return Math.ceil(records / API_SHAPE[crm].writeBatch);
}

/** Calls to endpoints matching a pattern (`METHOD /path/pattern`). */
export function callsMatching(counts: CallCounts, pattern: RegExp): number {
  return Object.entries(counts.byEndpoint).reduce((n, [endpoint, calls]) => (pattern.test(endpoint) ? n + calls : n), 0);
}

/** Endpoints that write: score fields (collections update / batch update), tasks (collections create / batch create), and single-record updates. */
export const WRITE_ENDPOINTS = {
  salesforce: { fields: /^PATCH \/services\/data\/:version\/composite\/sobjects$/, tasks: /^POST \/services\/data\/:version\/composite\/sobjects$/, single: /^(PATCH|POST) \/services\/data\/:version\/sobjects\// },
  hubspot: { fields: /^POST \/crm\/v3\/objects\/:objectType\/batch\/update$/, tasks: /^POST \/crm\/v3\/objects\/:objectType\/batch\/create$/, single: /^(PATCH|POST) \/crm\/v3\/objects\/:objectType(\/:objectId)?$/ },
} as const;

/** Calls that change CRM data, whatever the endpoint. */
export function writeCalls(crm: BenchCrm, counts: CallCounts): number {
  const w = WRITE_ENDPOINTS[crm];
  return callsMatching(counts, w.fields) + callsMatching(counts, w.tasks) + callsMatching(counts, w.single);
}

/** Calls that are not part of the API allowance (Salesforce's OAuth token endpoint). */
export function authCalls(counts: CallCounts): number {
  return callsMatching(counts, /^POST \/services\/oauth2\/token$/);
}
