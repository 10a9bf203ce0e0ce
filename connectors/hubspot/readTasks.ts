import { FatalError, type CrmTask } from '../../src/contracts/connector.js';
import { BATCH_LIMIT, type HubSpotContext } from './context.js';
import { readProperties, type HubSpotProperty } from './describeFields.js';
import { DEFAULT_TASK_KEY, keyProperty, readTasksByKey } from './upsertTasks.js';

/** The engine creates tasks NOT_STARTED; IN_PROGRESS, WAITING and DEFERRED are a person's doing. */
const STATUS: Record<string, CrmTask['status']> = { NOT_STARTED: 'open', COMPLETED: 'completed' };

/**
 * The tasks holding these dedupe keys as the portal has them now (batch read by the unique key
 * property, 100 a call), so the task engine can tell whether a person completed, moved on,
 * re-dated, re-assigned or renamed a task before it auto-closes it. Keys with no task (deleted,
 * or never created) are left out, as the contract says.
 */
export async function readTasks(ctx: HubSpotContext, cache: Map<string, Promise<HubSpotProperty[]>>, keys: string[], keyName = DEFAULT_TASK_KEY): Promise<CrmTask[]> {
  if (keys.length === 0) return [];
  const key = keyProperty(await readProperties(ctx, cache, 'tasks'), keyName);
  if (typeof key !== 'string') throw new FatalError(key.errorCode, key.message);
  const tasks: CrmTask[] = [];
  for (let i = 0; i < keys.length; i += BATCH_LIMIT) {
    const found = await readTasksByKey(ctx, key, keys.slice(i, i + BATCH_LIMIT), ['hs_task_status', 'hs_task_subject', 'hs_timestamp', 'hubspot_owner_id']);
    for (const r of found) {
      const p = r.properties;
      tasks.push({
        key: p[key] ?? '',
        id: r.id,
        status: STATUS[p.hs_task_status ?? 'NOT_STARTED'] ?? 'in-progress',
        subject: p.hs_task_subject ?? null,
        dueDate: p.hs_timestamp ? new Date(p.hs_timestamp).toISOString().slice(0, 10) : null,
        ownerId: p.hubspot_owner_id || null,
      });
    }
  }
  return tasks;
}
