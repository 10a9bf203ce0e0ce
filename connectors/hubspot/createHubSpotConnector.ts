import type { Connector, ConnectorContext } from '../../src/contracts/connector.js';
import { ApiBudgetTracker } from '../shared/apiBudget.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { archiveTasks } from './archiveTasks.js';
import { createApiCaller, emptyStats, type CallStats } from './callApi.js';
import { check } from './check.js';
import { countRecords } from './countRecords.js';
import { createHubSpotApis } from './client.js';
import { currencies } from './currencies.js';
import { BATCH_LIMIT, LIST_PAGE, type HubSpotContext } from './context.js';
import { describeFields, type HubSpotProperty } from './describeFields.js';
import { ensureFields } from './ensureFields.js';
import { listIds } from './listIds.js';
import type { HubSpotOptions } from './optionsSchema.js';
import { pull } from './pull.js';
import { readTasks } from './readTasks.js';
import { recordUrlTemplate } from './recordUrlTemplate.js';
import { acquireRateLimiter } from './rateLimiter.js';
import { sharedTaskKeys } from './sharedTaskKeys.js';
import { writeFields } from './writeFields.js';
import { writeTasks } from './writeTasks.js';

/** A HubSpot connector exposes its call counters for `status` summaries and tests. */
export interface HubSpotConnector extends Connector {
  readonly stats: CallStats;
}

/** Knobs the config does not offer; tests shorten the retry waits. */
export interface HubSpotTuning {
  retry?: RetryOptions;
}

/** One connector per configured portal and run: its own SDK client, queue, budget and counters. */
export async function createHubSpotConnector({ name, options, logger, tasks }: ConnectorContext<HubSpotOptions>, tuning: HubSpotTuning = {}): Promise<HubSpotConnector> {
  const { limiter, release } = acquireRateLimiter(`${name}|${options.baseUrl}`, { requestsPer10s: options.limits.requestsPer10s, searchPerSecond: options.limits.searchPerSecond });
  const budget = new ApiBudgetTracker(name, options.limits.reserveDailyApiPercent);
  const stats = emptyStats();
  const apis = createHubSpotApis(options, tuning.retry);
  const ctx: HubSpotContext = {
    name,
    options,
    apis,
    call: createApiCaller({ connector: name, limiter, budget, log: logger, stats, retry: tuning.retry, tokens: apis.tokens }),
    budget,
    stats,
    log: logger,
  };
  const properties = new Map<string, Promise<HubSpotProperty[]>>();
  return {
    name,
    type: 'hubspot',
    batchSize: { fields: BATCH_LIMIT, tasks: BATCH_LIMIT },
    pageSize: LIST_PAGE,
    // "Deleted companies can be restored within 90 days of deletion" (API reference, "Archive a
    // company"; the same for contacts): archived records list with `archived=true` until then.
    deleteRetentionDays: 90,
    stats,
    check: () => check(ctx),
    describeFields: (object) => describeFields(ctx, properties, object),
    pull: (request) => pull(ctx, request),
    recordUrlTemplate: (object) => recordUrlTemplate(ctx, object),
    countRecords: (request) => countRecords(ctx, request),
    listIds: (request) => listIds(ctx, request),
    currencies: () => currencies(ctx),
    writeFields: (updates) => writeFields(ctx, properties, updates),
    writeTasks: (batch) => writeTasks(ctx, properties, batch, tasks?.dedupeField),
    readTasks: (refs) => readTasks(ctx, refs, tasks?.dedupeField),
    archiveTasks: (ids) => archiveTasks(ctx, ids),
    sharedTaskKeys: () => sharedTaskKeys(ctx, tasks?.dedupeField),
    ensureFields: (fields) => ensureFields(ctx, properties, fields),
    budget: () => budget.snapshot(),
    close: async () => release(),
  };
}
