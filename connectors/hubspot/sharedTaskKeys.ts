import { SEARCH_PAGE, type HubSpotContext } from './context.js';
import { DEFAULT_TASK_KEY } from './writeTasks.js';

const OBJECT_ID = 'hs_object_id';

/**
 * Keys that more than one open task holds, from a scan of every open task carrying a key:
 * search, 200 a call, sliced by `hs_object_id > last` so the 10,000-result cap never applies.
 * Search trails writes, so this only names candidates; the engine confirms them through the
 * company's tasks (which do not lag) before it archives anything.
 */
export async function sharedTaskKeys(ctx: HubSpotContext, keyName = DEFAULT_TASK_KEY): Promise<string[]> {
  const holders = new Map<string, number>();
  let after = '0';
  for (;;) {
    const body = {
      filterGroups: [
        {
          filters: [
            { propertyName: keyName, operator: 'HAS_PROPERTY' },
            { propertyName: 'hs_task_status', operator: 'NEQ', value: 'COMPLETED' },
            { propertyName: OBJECT_ID, operator: 'GT', value: after },
          ],
        },
      ],
      sorts: [{ propertyName: OBJECT_ID, direction: 'ASCENDING' }],
      properties: [keyName],
      limit: SEARCH_PAGE,
    };
    const reply = await ctx.call('search', 'search tasks by key', () => ctx.apis.search.doSearchWithHttpInfo('tasks', body as never));
    for (const task of reply.results) {
      const key = task.properties[keyName];
      if (key) holders.set(key, (holders.get(key) ?? 0) + 1);
    }
    const last = reply.results.at(-1);
    if (!last || reply.results.length < SEARCH_PAGE) break;
    after = String(last.id);
  }
  return [...holders].filter(([, n]) => n > 1).map(([key]) => key);
}
