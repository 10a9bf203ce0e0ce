import type { TaskUpsert, WriteResult } from '../../src/contracts/connector.js';
import { writeCollection } from './collections.js';
import type { SalesforceApi } from './salesforceApi.js';
import { identifier } from './soql.js';

/** Where tasks go: the mapping's `tasks:` entry. */
export interface TaskTarget {
  object: string;
  /** Text field holding the engine's dedupe key (External ID and Unique where the org has them: an extra guard, not relied on). */
  dedupeField: string;
}

const PRIORITY = { high: 'High', normal: 'Normal', low: 'Low' } as const;
const STATUS = { open: 'Not Started', completed: 'Completed' } as const;

/**
 * CSM tasks as `Task` records on the account: created through `POST /composite/sobjects` (sent
 * once; a lost answer is reported retriable and the engine queries the key before creating it
 * again) and closed through `PATCH /composite/sobjects` by id. An upsert on the key field would
 * need it to be an External ID, which an org's plain text `Vitals_Key__c` is not.
 */
export async function writeTasks(api: SalesforceApi, target: TaskTarget, tasks: TaskUpsert[]): Promise<WriteResult[]> {
  const object = identifier(target.object);
  const keyField = identifier(target.dedupeField);
  const record = (t: TaskUpsert) => ({
    attributes: { type: object },
    ...(t.crmId ? { id: t.crmId } : { WhatId: t.accountId }),
    [keyField]: t.dedupeKey,
    // Without an owner Salesforce assigns the integration user, which nobody watches; the
    // engine falls back to a configured owner before it gets here.
    ...(t.ownerId ? { OwnerId: t.ownerId } : {}),
    // Subject is a 255-character field; a longer one would fail the whole task.
    Subject: t.subject.slice(0, 255),
    Description: t.body,
    ActivityDate: t.dueDate,
    Priority: PRIORITY[t.priority],
    Status: STATUS[t.status],
  });
  const creates = tasks.flatMap((t, i) => (t.crmId ? [] : [i]));
  const updates = tasks.flatMap((t, i) => (t.crmId ? [i] : []));
  const send = (at: number[], method: 'POST' | 'PATCH') =>
    at.length ? writeCollection(api, { method, path: '/composite/sobjects', records: at.map((i) => record(tasks[i]!)), keys: at.map((i) => tasks[i]!.dedupeKey) }) : [];
  const [created, updated] = await Promise.all([send(creates, 'POST'), send(updates, 'PATCH')]);
  // Collections answer in input order: each result goes back to its task's position.
  const results: WriteResult[] = new Array(tasks.length);
  creates.forEach((at, j) => (results[at] = created[j] as WriteResult));
  updates.forEach((at, j) => (results[at] = updated[j] as WriteResult));
  return results;
}
