import type { TaskUpsert, WriteResult } from '../../src/contracts/connector.js';
import { sendSplitting } from './batchOutcomes.js';
import { BATCH_LIMIT, type HubSpotContext } from './context.js';
import { readProperties, type HubSpotProperty } from './describeFields.js';
import { taskProperties, TASK_TO_COMPANY } from './taskProperties.js';
import { settleAll, updateBatch } from './writeFields.js';

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
  for (let i = 0; i < updates.length; i += BATCH_LIMIT) sends.push(updateTasks(ctx, keyName, updates.slice(i, i + BATCH_LIMIT)).then((r) => keep(outcomes, r)));
  await settleAll(sends);
  return tasks.map((t) => outcomes.get(t.dedupeKey) ?? noResult(t));
}

function createBatch(ctx: HubSpotContext, key: string, tasks: TaskUpsert[]): Promise<WriteResult[]> {
  return sendSplitting(
    tasks,
    async (batch) => {
      const inputs = batch.map((t) => ({ properties: taskProperties(t, key), associations: [{ to: { id: t.accountId }, types: [TASK_TO_COMPANY] }] }));
      const reply = await ctx.call('api', 'batch create tasks', () => ctx.apis.batch.createWithHttpInfo('tasks', { inputs } as never), { creates: true });
      // Results come back in no promised order; each carries the key it was created with.
      const created = new Map(reply.results.map((r) => [r.properties[key] ?? '', String(r.id)]));
      return batch.map((t): WriteResult => {
        const id = created.get(t.dedupeKey);
        return id ? { ok: true, id, key: t.dedupeKey, created: true } : noResult(t);
      });
    },
    (t) => t.dedupeKey,
  );
}

/** Closes go through the score writes' batch update by id; results come back under the task's key. */
async function updateTasks(ctx: HubSpotContext, key: string, tasks: TaskUpsert[]): Promise<WriteResult[]> {
  const outcomes = await updateBatch(ctx, 'tasks', tasks.map((t) => ({ id: t.crmId as string, properties: taskProperties(t, key) })));
  return outcomes.map((o, i) => (o.ok ? { ...o, key: tasks[i]!.dedupeKey, created: false } : { ...o, key: tasks[i]!.dedupeKey }));
}

/** The dedupe key property must exist on tasks; it need not (and cannot) be unique. */
async function missingKeyProperty(ctx: HubSpotContext, cache: Map<string, Promise<HubSpotProperty[]>>, name: string): Promise<Omit<Extract<WriteResult, { ok: false }>, 'key'> | undefined> {
  if ((await readProperties(ctx, cache, 'tasks')).some((p) => p.name === name)) return undefined;
  return { ok: false, errorCode: 'TASK_KEY_PROPERTY_MISSING', message: `tasks have no ${name} property to hold the dedupe key; run vitals setup-fields`, retriable: false };
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
