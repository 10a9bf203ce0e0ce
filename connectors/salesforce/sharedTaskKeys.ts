import type { SalesforceApi } from './salesforceApi.js';
import { identifier } from './soql.js';
import type { TaskTarget } from './writeTasks.js';

interface KeyPage {
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

/**
 * Keys that more than one open task holds: one query of the key of every open task carrying one,
 * 2,000 a page. The engine confirms the keys it names before it removes anything.
 */
export async function sharedTaskKeys(api: SalesforceApi, target: TaskTarget): Promise<string[]> {
  const object = identifier(target.object);
  const keyField = identifier(target.dedupeField);
  const holders = new Map<string, number>();
  let page = (await api.call<KeyPage>({ method: 'GET', path: '/query', query: { q: `SELECT ${keyField} FROM ${object} WHERE ${keyField} != null AND IsClosed = false` } })).body;
  for (;;) {
    for (const record of page.records) {
      const key = record[keyField];
      if (typeof key === 'string') holders.set(key, (holders.get(key) ?? 0) + 1);
    }
    if (page.done || !page.nextRecordsUrl) break;
    page = (await api.call<KeyPage>({ method: 'GET', path: page.nextRecordsUrl.replace(/^\/services\/data\/v\d+\.\d+/, '') })).body;
  }
  return [...holders].filter(([, n]) => n > 1).map(([key]) => key);
}
