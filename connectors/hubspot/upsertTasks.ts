import { RetriableApiError, type TaskUpsert, type WriteResult } from '../../src/contracts/connector.js';
import { failureForAll, failuresById, type Failure, type ItemError } from './batchOutcomes.js';
import { BATCH_LIMIT, type HubSpotContext } from './context.js';
import { readProperties, type HubSpotProperty } from './describeFields.js';
import { HubSpotRequestError } from './errors.js';
import { taskProperties, TASK_TO_COMPANY } from './taskProperties.js';
import { settleAll } from './writeFields.js';

/** The default dedupe property (`tasks.dedupeField` in the default mapping). */
export const DEFAULT_TASK_KEY = 'vitals_key';

type Found = Map<string, { id: string; status: string | null }>;

/**
 * Creates or updates tasks by dedupe key so that a retry, or a crash between HubSpot's reply
 * and our commit, never makes a second task: the keys are looked up first (batch read by the
 * unique key property), known ones are updated, and only unknown ones are created, associated
 * to their company in the same call. The key property is unique in HubSpot, so even a create
 * that raced another is refused (409) and turned into an update.
 */
export async function upsertTasks(ctx: HubSpotContext, cache: Map<string, Promise<HubSpotProperty[]>>, tasks: TaskUpsert[], keyName = DEFAULT_TASK_KEY): Promise<WriteResult[]> {
  if (tasks.length === 0) return [];
  const key = keyProperty(await readProperties(ctx, cache, 'tasks'), keyName);
  if (typeof key !== 'string') return tasks.map((t) => ({ ...key, key: t.dedupeKey }));
  const results: WriteResult[] = new Array(tasks.length);
  const sends: Promise<void>[] = [];
  for (let i = 0; i < tasks.length; i += BATCH_LIMIT) {
    const chunk = tasks.slice(i, i + BATCH_LIMIT);
    sends.push(upsertBatch(ctx, key, chunk).then((outcomes) => outcomes.forEach((o, j) => (results[i + j] = o))));
  }
  await settleAll(sends);
  return results;
}

async function upsertBatch(ctx: HubSpotContext, key: string, tasks: TaskUpsert[], attempt = 1): Promise<WriteResult[]> {
  try {
    const found = await findByKey(ctx, key, tasks.map((t) => t.dedupeKey));
    const existing = tasks.filter((t) => found.has(t.dedupeKey));
    const fresh = tasks.filter((t) => !found.has(t.dedupeKey));
    const outcomes = new Map<string, WriteResult>();
    if (existing.length > 0) {
      const inputs = existing.map((t) => ({ id: (found.get(t.dedupeKey) as { id: string }).id, properties: taskProperties(t, key, found.get(t.dedupeKey)?.status ?? null) }));
      const reply = await ctx.call('api', 'batch update tasks', () => ctx.apis.batch.updateWithHttpInfo('tasks', { inputs }));
      record(outcomes, existing, reply, (t) => (found.get(t.dedupeKey) as { id: string }).id, false);
    }
    if (fresh.length > 0) {
      const inputs = fresh.map((t) => ({ properties: taskProperties(t, key, null), associations: [{ to: { id: t.accountId }, types: [TASK_TO_COMPANY] }] }));
      const reply = await ctx.call('api', 'batch create tasks', () => ctx.apis.batch.createWithHttpInfo('tasks', { inputs } as never));
      const created: Found = new Map(reply.results.map((r) => [r.properties[key] ?? '', { id: r.id, status: null }]));
      record(outcomes, fresh, reply, (t) => created.get(t.dedupeKey)?.id, true);
    }
    return tasks.map((t) => outcomes.get(t.dedupeKey) ?? noResult(t));
  } catch (error) {
    // A key created since we looked (another run, or our own timed-out create that did land).
    if (error instanceof HubSpotRequestError && error.status === 409 && attempt < 3) return upsertBatch(ctx, key, tasks, attempt + 1);
    if (error instanceof HubSpotRequestError && error.status === 400 && tasks.length > 1 && !isAboutTheWholeBatch(error)) {
      const half = Math.ceil(tasks.length / 2);
      return [...(await upsertBatch(ctx, key, tasks.slice(0, half))), ...(await upsertBatch(ctx, key, tasks.slice(half)))];
    }
    if (!(error instanceof HubSpotRequestError || error instanceof RetriableApiError)) throw error;
    const failure = failureForAll(error);
    return tasks.map((t) => ({ ...failure, key: t.dedupeKey }));
  }
}

/**
 * The tasks holding these keys (at most BATCH_LIMIT), read by the unique key property. Unknown
 * keys come back in a 207 as OBJECT_NOT_FOUND: that is the answer "no such task", not an error.
 */
export async function readTasksByKey(ctx: HubSpotContext, key: string, keys: string[], properties: string[]): Promise<{ id: string; properties: Record<string, string | null> }[]> {
  const reply = await ctx.call('api', 'batch read tasks', () =>
    ctx.apis.batch.readWithHttpInfo('tasks', { inputs: keys.map((id) => ({ id })), idProperty: key, properties: [key, ...properties], propertiesWithHistory: [] }),
  );
  return reply.results;
}

/** HubSpot ids and statuses of the tasks holding these keys. */
async function findByKey(ctx: HubSpotContext, key: string, keys: string[]): Promise<Found> {
  const found = await readTasksByKey(ctx, key, keys, ['hs_task_status']);
  return new Map(found.map((r) => [r.properties[key] ?? '', { id: r.id, status: r.properties.hs_task_status ?? null }]));
}

function record(
  outcomes: Map<string, WriteResult>,
  tasks: TaskUpsert[],
  reply: { results: { id: string }[]; errors?: ItemError[] },
  idOf: (task: TaskUpsert) => string | undefined,
  created: boolean,
): void {
  const ok = new Set(reply.results.map((r) => String(r.id)));
  const failed = failuresById(reply.errors);
  for (const task of tasks) {
    const id = idOf(task);
    const failure = id ? failed.get(id) : undefined;
    if (id && ok.has(id)) outcomes.set(task.dedupeKey, { ok: true, id, key: task.dedupeKey, created });
    else if (failure) outcomes.set(task.dedupeKey, { ...failure, key: task.dedupeKey });
  }
}

function noResult(task: TaskUpsert): WriteResult {
  return { ok: false, key: task.dedupeKey, errorCode: 'HUBSPOT_NO_RESULT', message: 'HubSpot answered without a result or an error for this task; it is looked up by key next time', retriable: true };
}

/** Missing or read-only properties fail every input alike: splitting the batch would not help. */
function isAboutTheWholeBatch(error: HubSpotRequestError): boolean {
  const text = `${error.body.message ?? ''} ${(error.body.errors ?? []).map((e) => e.code ?? '').join(' ')}`;
  return /PROPERTY_DOESNT_EXIST|READ_ONLY_VALUE|non-unique|Duplicate/i.test(text);
}

/** The dedupe key property, if HubSpot has it and holds it unique; otherwise why every task fails. */
export function keyProperty(properties: HubSpotProperty[], name: string): string | Omit<Failure, 'key'> {
  const found = properties.find((p) => p.name === name);
  if (found?.hasUniqueValue) return name;
  const problem = found ? `tasks.${name} does not require unique values, so it cannot keep tasks from duplicating` : `tasks have no ${name} property to hold the dedupe key`;
  return { ok: false, errorCode: 'TASK_KEY_PROPERTY_MISSING', message: `${problem}; run vitals setup-fields`, retriable: false };
}
