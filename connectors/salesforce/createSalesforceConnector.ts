import type { Connector, ConnectorContext } from '../../src/contracts/connector.js';
import { ApiBudgetTracker } from '../shared/apiBudget.js';
import { createRequestQueue } from '../shared/requestQueue.js';
import { check } from './check.js';
import { COLLECTION_SIZE } from './collections.js';
import { currencies } from './currencies.js';
import { deleteTasks } from './deleteTasks.js';
import { Describer, describeFields } from './describe.js';
import { ensureFields } from './ensureFields.js';
import { listIds } from './listIds.js';
import type { SalesforceOptions } from './optionsSchema.js';
import { count, pull } from './pull.js';
import { defaultTuning, type PullContext, type SalesforceTuning } from './pullContext.js';
import { readTasks } from './readTasks.js';
import { recordUrlTemplate } from './recordUrlTemplate.js';
import { SalesforceApi } from './salesforceApi.js';
import { SalesforceSession } from './session.js';
import { sharedTaskKeys } from './sharedTaskKeys.js';
import { writeFields } from './writeFields.js';
import { writeTasks, type TaskTarget } from './writeTasks.js';

/** The default mapping's `tasks:` entry, for contexts that do not name one. */
const DEFAULT_TASKS: TaskTarget = { object: 'Task', dedupeField: 'Vitals_Key__c' };

/**
 * The Salesforce connector for one run: one jsforce session, one request queue and one API budget
 * shared by pulls and writes. Nothing is called until the first verb needs it; then the
 * connector logs in and reads `/limits` once.
 */
export async function createSalesforceConnector(context: ConnectorContext<SalesforceOptions>, tuning: SalesforceTuning = {}): Promise<Connector> {
  const { name, options, logger } = context;
  const budget = new ApiBudgetTracker(name, options.limits.reserveDailyApiPercent);
  const queue = createRequestQueue({ concurrency: options.limits.concurrency });
  const api = new SalesforceApi(name, new SalesforceSession(options, tuning.retry), budget, queue, tuning.retry ?? {}, logger);
  const describer = new Describer(api);
  const pullContext: PullContext = {
    api,
    describer,
    options,
    tuning: {
      // Salesforce honours batch sizes of 200-2000 only.
      pageSize: Math.min(2000, Math.max(200, tuning.pageSize ?? defaultTuning.pageSize)),
      bulkPageSize: tuning.bulkPageSize ?? defaultTuning.bulkPageSize,
      bulkPollMs: tuning.bulkPollMs ?? defaultTuning.bulkPollMs,
      bulkTimeoutMs: tuning.bulkTimeoutMs ?? defaultTuning.bulkTimeoutMs,
    },
    log: logger,
    counts: new Map(),
  };
  const tasks = context.tasks ?? DEFAULT_TASKS;

  return {
    name,
    type: 'salesforce',
    batchSize: { fields: COLLECTION_SIZE, tasks: COLLECTION_SIZE },
    pageSize: pullContext.tuning.pageSize,
    // "The Recycle Bin lets you view and restore recently deleted records for 15 days before they're
    // permanently deleted" (SOAP API Developer Guide, emptyRecycleBin()); queryAll shows them until
    // then. At most: a full bin loses its oldest records after two hours, and an admin may empty it.
    deleteRetentionDays: 15,
    check: () => check(api, options),
    describeFields: (object) => describeFields(describer, object),
    pull: (request) => pull(pullContext, request),
    recordUrlTemplate: (object) => recordUrlTemplate(api, object),
    countRecords: (request) => count(pullContext, request),
    listIds: (request) => listIds(pullContext, request),
    currencies: () => currencies(api),
    writeFields: (updates) => writeFields(api, updates),
    writeTasks: (list) => writeTasks(api, tasks, list),
    readTasks: (refs) => readTasks(api, tasks, refs),
    archiveTasks: (ids) => deleteTasks(api, ids),
    sharedTaskKeys: () => sharedTaskKeys(api, tasks),
    ensureFields: (specs) => ensureFields(describer, specs),
    budget: () => budget.snapshot(),
    close: async () => {
      queue.clear();
      await queue.onIdle();
    },
  };
}
