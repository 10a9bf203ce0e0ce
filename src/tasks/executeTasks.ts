import type { Connector, TaskUpsert, WriteResult } from '../contracts/connector.js';
import type { State } from '../../state/openState.js';
import { beginTaskSends, dropFailedTasks, recordTaskChecks, recordTaskFindings, recordTaskResults, type TaskSend } from '../../state/taskLedger.js';
import type { TaskWork } from './planTaskWork.js';

export interface TaskOutcome {
  created: number;
  closed: number;
  failed: { key: string; action: TaskSend['action']; errorCode: string; message: string }[];
  calls: number;
  /** Sends not attempted because the run was stopped between batches. */
  notSent: number;
}

/**
 * Executes a task plan in the connector's largest batches. Each batch is recorded as in flight
 * (with its full content) before the call and settled after it: killed anywhere, the next run
 * resends the same keys, and the CRM's upsert by key keeps exactly one task per key.
 */
export async function executeTasks(state: State, connector: Connector, work: TaskWork, signal?: AbortSignal, onBatch?: () => void): Promise<TaskOutcome> {
  recordTaskFindings(state, connector.name, work.findings);
  recordTaskChecks(state, connector.name, work.checks);
  dropFailedTasks(state, connector.name, work.drops);
  const sends: TaskSend[] = [...work.sends, ...work.closes.map((c) => c.send)];
  const outcome: TaskOutcome = { created: 0, closed: 0, failed: [], calls: 0, notSent: 0 };
  for (let i = 0; i < sends.length; i += connector.batchSize.tasks) {
    if (signal?.aborted) {
      outcome.notSent = sends.length - i;
      break;
    }
    const batch = sends.slice(i, i + connector.batchSize.tasks);
    beginTaskSends(state, connector.name, batch);
    outcome.calls += 1;
    const results = await connector.upsertTasks(batch.map(toUpsert));
    const byKey = new Map(results.map((r) => [r.key, r]));
    const recorded = batch.map((send, j) => {
      const result: WriteResult = byKey.get(send.key) ?? results[j] ?? noResult(send.key);
      if (result.ok) {
        if (send.action === 'create') outcome.created += 1;
        else outcome.closed += 1;
        return { key: send.key, action: send.action, ok: true, crmId: result.id };
      }
      outcome.failed.push({ key: send.key, action: send.action, errorCode: result.errorCode, message: result.message });
      return { key: send.key, action: send.action, ok: false, errorCode: result.errorCode, message: result.message };
    });
    recordTaskResults(state, connector.name, recorded);
    onBatch?.();
  }
  return outcome;
}

export function toUpsert(send: TaskSend): TaskUpsert {
  return {
    dedupeKey: send.key,
    accountId: send.accountId,
    ownerId: send.ownerId,
    subject: send.subject,
    body: send.body,
    dueDate: send.dueDate,
    priority: send.priority,
    status: send.action === 'close' ? 'completed' : 'open',
  };
}

function noResult(key: string): WriteResult {
  return { ok: false, key, errorCode: 'NO_RESULT', message: 'the connector returned no result for this task', retriable: true };
}
