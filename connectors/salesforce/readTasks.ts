import type { CrmTask, TaskRef } from '../../src/contracts/connector.js';
import type { SalesforceApi } from './salesforceApi.js';
import { identifier, stringLiteral } from './soql.js';
import type { TaskTarget } from './writeTasks.js';

interface TaskRecord {
  Id: string;
  Status: string | null;
  IsClosed: boolean;
  Subject: string | null;
  ActivityDate: string | null;
  OwnerId: string | null;
  LastModifiedById: string | null;
  CreatedDate: string | null;
  [key: string]: unknown;
}

/** Query URLs past ~16 KB are refused; keys are chunked well below that once encoded. */
const MAX_ENCODED_KEYS = 12_000;

/**
 * Every task holding these dedupe keys as the org has them now (SOQL does not lag behind
 * writes), duplicates included: whether a create whose answer was lost landed, and whether a
 * person completed, moved on or edited a task before it is closed. Read through `queryAll`
 * because Salesforce archives closed tasks after a year and `query` no longer sees them. The key
 * field needs no index or External ID for this: a filter on a text field works on any org.
 */
export async function readTasks(api: SalesforceApi, target: TaskTarget, refs: TaskRef[]): Promise<CrmTask[]> {
  const keys = [...new Set(refs.map((r) => r.key))];
  const object = identifier(target.object);
  const keyField = identifier(target.dedupeField);
  const tasks: CrmTask[] = [];
  for (const chunk of chunksByLength(keys)) {
    const soql =
      `SELECT Id, ${keyField}, Status, IsClosed, Subject, ActivityDate, OwnerId, LastModifiedById, CreatedDate FROM ${object} ` +
      `WHERE IsDeleted = false AND ${keyField} IN (${chunk.map(stringLiteral).join(', ')})`;
    const { body } = await api.call<{ records: TaskRecord[] }>({ method: 'GET', path: '/queryAll', query: { q: soql } });
    const me = api.session.userInfo?.id;
    for (const record of body.records) {
      tasks.push({
        key: String(record[keyField]),
        id: record.Id,
        // The engine creates tasks as Not Started; any other open status is a person's doing.
        status: record.IsClosed ? 'completed' : record.Status === 'Not Started' ? 'open' : 'in-progress',
        subject: record.Subject,
        dueDate: record.ActivityDate,
        ownerId: record.OwnerId,
        createdAt: record.CreatedDate ? new Date(record.CreatedDate).toISOString() : null,
        ...(me && record.LastModifiedById ? { editedByPerson: record.LastModifiedById.slice(0, 15) !== me.slice(0, 15) } : {}),
      });
    }
  }
  return tasks;
}

function chunksByLength(keys: string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const key of keys) {
    const size = encodeURIComponent(stringLiteral(key)).length + 6;
    if (current.length > 0 && length + size > MAX_ENCODED_KEYS) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(key);
    length += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
