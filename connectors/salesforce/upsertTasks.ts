import type { TaskUpsert, WriteResult } from '../../src/contracts/connector.js';
import { writeCollection } from './collections.js';
import type { SalesforceApi } from './salesforceApi.js';
import { identifier } from './soql.js';

/** Where tasks go: the mapping's `tasks:` entry. */
export interface TaskTarget {
  object: string;
  /** Text field, External ID + Unique, holding the engine's dedupe key. */
  dedupeField: string;
}

const PRIORITY = { high: 'High', normal: 'Normal', low: 'Low' } as const;
const STATUS = { open: 'Not Started', completed: 'Completed' } as const;

/**
 * CSM tasks as `Task` records on the account, upserted on the dedupe-key field through
 * `PATCH /composite/sobjects/Task/<field>`: a retried or repeated call updates the task the first
 * one created instead of adding a duplicate, even when the first answer never arrived.
 */
export function upsertTasks(api: SalesforceApi, target: TaskTarget, tasks: TaskUpsert[]): Promise<WriteResult[]> {
  const object = identifier(target.object);
  const keyField = identifier(target.dedupeField);
  return writeCollection(api, {
    path: `/composite/sobjects/${object}/${keyField}`,
    records: tasks.map((t) => ({
      attributes: { type: object },
      [keyField]: t.dedupeKey,
      WhatId: t.accountId,
      // Without an owner Salesforce assigns the integration user, which nobody watches; the
      // engine falls back to a configured owner before it gets here.
      ...(t.ownerId ? { OwnerId: t.ownerId } : {}),
      // Subject is a 255-character field; a longer one would fail the whole task.
      Subject: t.subject.slice(0, 255),
      Description: t.body,
      ActivityDate: t.dueDate,
      Priority: PRIORITY[t.priority],
      Status: STATUS[t.status],
    })),
    keys: tasks.map((t) => t.dedupeKey),
  });
}
