import type { CrmTask, TaskRef } from '../../src/contracts/connector.js';
import { readLinks } from './associations.js';
import { BATCH_LIMIT, type HubSpotContext } from './context.js';
import { DEFAULT_TASK_KEY } from './writeTasks.js';

/** The engine creates tasks NOT_STARTED; IN_PROGRESS, WAITING and DEFERRED are a person's doing. */
const STATUS: Record<string, CrmTask['status']> = { NOT_STARTED: 'open', COMPLETED: 'completed' };

const TASK_PROPERTIES = ['hs_task_status', 'hs_task_subject', 'hs_timestamp', 'hubspot_owner_id', 'hs_createdate'];

/**
 * Every task holding one of these keys, read through the tasks associated with each key's
 * company: search trails writes by seconds to minutes, associations and batch reads do not, so a
 * task created a moment ago (its answer lost) is found. Duplicates of a key all come back. A task
 * whose company association a person removed is not found here.
 */
export async function readTasks(ctx: HubSpotContext, refs: TaskRef[], keyName = DEFAULT_TASK_KEY): Promise<CrmTask[]> {
  if (refs.length === 0) return [];
  const wanted = new Set(refs.map((r) => r.key));
  const companies = [...new Set(refs.map((r) => r.accountId))];
  const links = await readLinks(ctx, 'companies', companies, ['tasks']);
  const taskIds = [...new Set([...links.values()].flatMap((l) => l.tasks ?? []))];
  const tasks: CrmTask[] = [];
  for (let i = 0; i < taskIds.length; i += BATCH_LIMIT) {
    const ids = taskIds.slice(i, i + BATCH_LIMIT);
    const reply = await ctx.call('api', 'batch read tasks', () =>
      ctx.apis.batch.readWithHttpInfo('tasks', { inputs: ids.map((id) => ({ id })), properties: [keyName, ...TASK_PROPERTIES], propertiesWithHistory: [] }),
    );
    // A task archived since the association was read comes back as a 207 error: it is gone.
    for (const r of reply.results) {
      const p = r.properties;
      const key = p[keyName];
      if (!key || !wanted.has(key)) continue;
      tasks.push({
        key,
        id: String(r.id),
        status: STATUS[p.hs_task_status ?? 'NOT_STARTED'] ?? 'in-progress',
        subject: p.hs_task_subject ?? null,
        dueDate: p.hs_timestamp ? new Date(p.hs_timestamp).toISOString().slice(0, 10) : null,
        ownerId: p.hubspot_owner_id || null,
        createdAt: createdAt(r.createdAt, p.hs_createdate),
      });
    }
  }
  return tasks;
}

function createdAt(field: unknown, property: string | null | undefined): string | null {
  const value = field instanceof Date ? field.toISOString() : typeof field === 'string' ? field : property;
  return value ? new Date(value).toISOString() : null;
}
