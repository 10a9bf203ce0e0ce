import { queryPages } from './queryPages.js';
import type { SalesforceApi } from './salesforceApi.js';
import { identifier } from './soql.js';
import type { TaskTarget } from './writeTasks.js';

/**
 * Keys that more than one open task holds: one query of the key of every open task carrying one,
 * 2,000 a page. The engine confirms the keys it names before it removes anything.
 */
export async function sharedTaskKeys(api: SalesforceApi, target: TaskTarget): Promise<string[]> {
  const object = identifier(target.object);
  const keyField = identifier(target.dedupeField);
  const holders = new Map<string, number>();
  for await (const records of queryPages<Record<string, unknown>>(api, `SELECT ${keyField} FROM ${object} WHERE ${keyField} != null AND IsClosed = false`)) {
    for (const record of records) {
      const key = record[keyField];
      if (typeof key === 'string') holders.set(key, (holders.get(key) ?? 0) + 1);
    }
  }
  return [...holders].filter(([, n]) => n > 1).map(([key]) => key);
}
