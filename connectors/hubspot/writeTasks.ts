import { RetriableApiError, type TaskUpsert, type WriteResult } from '../../src/contracts/connector.js';
import { failureForAll, failuresById, isPerInputRejection, type ItemError } from './batchOutcomes.js';
import { BATCH_LIMIT, type HubSpotContext } from './context.js';
import { readProperties, type HubSpotProperty } from './describeFields.js';
import { HubSpotRequestError } from './errors.js';
import { taskProperties, TASK_TO_COMPANY } from './taskProperties.js';
import { settleAll } from './writeFields.js';

/** The default dedupe property (`tasks.dedupeField` in the default mapping). */
export const DEFAULT_TASK_KEY = 'vitals_key';

/**
 * Creates tasks (associated to their company in the same call) and updates those the engine
 * names by id, 100 a call. HubSpot has no unique properties on tasks, so nothing on its side
 * stops a second copy of a create: a create is sent once (again only after a 429), and one whose
 * answer was lost is reported failed and retriable; the engine reads the company's tasks before
 * it creates that key again.
 */
export async function writeTasks(ctx: HubSpotContext, cache: Map<string, Promise<HubSpotProperty[]>>, tasks: TaskUpsert[], keyName = DEFAULT_TASK_KEY): Promise<WriteResult[]> {
  if (tasks.length === 0) return [];
  const missing = await missingKeyProperty(ctx, cache, keyName);
  if (missing) return tasks.map((t) => ({ ...missing, key: t.dedupeKey }));
  const outcomes = new Map<string, WriteResult>();
  const sends: Promise<void>[] = [];
  const creates = tasks.filter((t) => !t.crmId);
  const updates = tasks.filter((t) => t.crmId);
  for (let i = 0; i < creates.length; i += BATCH_LIMIT) sends.push(createBatch(ctx, keyName, creates.slice(i, i + BATCH_LIMIT)).then((r) => keep(outcomes, r)));
  for (let i = 0; i < updates.length; i += BATCH_LIMIT) sends.push(updateBatch(ctx, keyName, updates.slice(i, i + BATCH_LIMIT)).then((r) => keep(outcomes, r)));
  await settleAll(sends);
  return tasks.map((t) => outcomes.get(t.dedupeKey) ?? noResult(t));
}

async function createBatch(ctx: HubSpotContext, key: string, tasks: TaskUpsert[]): Promise<WriteResult[]> {
  try {
    const inputs = tasks.map((t) => ({ properties: taskProperties(t, key), associations: [{ to: { id: t.accountId }, types: [TASK_TO_COMPANY] }] }));
    const reply = await ctx.call('api', 'batch create tasks', () => ctx.apis.batch.createWithHttpInfo('tasks', { inputs } as never), { creates: true });
    // Results come back in no promised order; each carries the key it was created with.
    const created = new Map(reply.results.map((r) => [r.properties[key] ?? '', String(r.id)]));
    return tasks.map((t): WriteResult => {
      const id = created.get(t.dedupeKey);
      return id ? { ok: true, id, key: t.dedupeKey, created: true } : noResult(t);
    });
  } catch (error) {
    // HubSpot validates a batch create as a whole: a 400 created nothing, so halves are safe to send.
    if (isPerInputRejection(error) && tasks.length > 1) {
      const half = Math.ceil(tasks.length / 2);
      return [...(await createBatch(ctx, key, tasks.slice(0, half))), ...(await createBatch(ctx, key, tasks.slice(half)))];
    }
    return failAll(error, tasks);
  }
}

async function updateBatch(ctx: HubSpotContext, key: string, tasks: TaskUpsert[]): Promise<WriteResult[]> {
  try {
    const inputs = tasks.map((t) => ({ id: t.crmId as string, properties: taskProperties(t, key) }));
    const reply = await ctx.call('api', 'batch update tasks', () => ctx.apis.batch.updateWithHttpInfo('tasks', { inputs }));
    const ok = new Set(reply.results.map((r) => String(r.id)));
    const failed = failuresById((reply as { errors?: ItemError[] }).errors);
    return tasks.map((t): WriteResult => {
      const id = t.crmId as string;
      const failure = failed.get(id);
      if (ok.has(id)) return { ok: true, id, key: t.dedupeKey, created: false };
      return failure ? { ...failure, key: t.dedupeKey } : noResult(t);
    });
  } catch (error) {
    if (isPerInputRejection(error) && tasks.length > 1) {
      const half = Math.ceil(tasks.length / 2);
      return [...(await updateBatch(ctx, key, tasks.slice(0, half))), ...(await updateBatch(ctx, key, tasks.slice(half)))];
    }
    return failAll(error, tasks);
  }
}

/** The dedupe key property must exist on tasks; it need not (and cannot) be unique. */
async function missingKeyProperty(ctx: HubSpotContext, cache: Map<string, Promise<HubSpotProperty[]>>, name: string): Promise<Omit<Extract<WriteResult, { ok: false }>, 'key'> | undefined> {
  if ((await readProperties(ctx, cache, 'tasks')).some((p) => p.name === name)) return undefined;
  return { ok: false, errorCode: 'TASK_KEY_PROPERTY_MISSING', message: `tasks have no ${name} property to hold the dedupe key; run vitals setup-fields`, retriable: false };
}

function failAll(error: unknown, tasks: TaskUpsert[]): WriteResult[] {
  if (!(error instanceof HubSpotRequestError || error instanceof RetriableApiError)) throw error;
  const failure = failureForAll(error);
  return tasks.map((t) => ({ ...failure, key: t.dedupeKey }));
}

function keep(outcomes: Map<string, WriteResult>, results: WriteResult[]): void {
  for (const r of results) outcomes.set(r.key, r);
}

function noResult(task: TaskUpsert): WriteResult {
  return {
    ok: false,
    key: task.dedupeKey,
    errorCode: 'HUBSPOT_NO_RESULT',
    message: 'HubSpot answered without a result or an error for this task; the next run looks for it on the company before creating it again',
    retriable: true,
  };
}
