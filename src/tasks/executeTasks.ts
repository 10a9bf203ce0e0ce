import type { Connector, TaskUpsert, WriteResult } from '../contracts/connector.js';
import type { State } from '../../state/openState.js';
import {
  beginTaskSends,
  dropFailedTasks,
  recordDuplicatesArchived,
  recordLandedTasks,
  recordTaskChecks,
  recordTaskDuplicates,
  recordTaskFindings,
  recordTaskResults,
  settleDuplicates,
  type TaskSend,
} from '../../state/taskLedger.js';
import type { TaskWork } from './planTaskWork.js';

export interface TaskOutcome {
  created: number;
  closed: number;
  /** Younger CRM tasks that held a key an older one holds, archived this run. */
  duplicatesArchived: number;
  failed: { key: string; action: TaskSend['action']; errorCode: string; message: string }[];
  calls: number;
  /** Sends not attempted because the run was stopped between batches. */
  notSent: number;
}

/**
 * Executes a task plan in the connector's largest batches. Each batch is recorded as in flight
 * (with its full content) before the call and settled after it: killed anywhere, the next run
 * knows which keys it tried, and looks each one up in the CRM before creating it again, so a key
 * gets exactly one task although the CRM enforces nothing.
 */
export async function executeTasks(state: State, connector: Connector, work: TaskWork, signal?: AbortSignal, onBatch?: () => void): Promise<TaskOutcome> {
  recordTaskFindings(state, connector.name, work.findings);
  recordTaskChecks(state, connector.name, work.checks);
  dropFailedTasks(state, connector.name, work.drops);
  recordLandedTasks(state, connector.name, work.landed);
  settleDuplicates(state, connector.name, work.settled);
  const outcome: TaskOutcome = { created: work.landed.length, closed: 0, duplicatesArchived: 0, failed: [], calls: 0, notSent: 0 };
  await archiveDuplicates(state, connector, work, outcome);
  const sends: TaskSend[] = [...work.sends, ...work.closes.map((c) => c.send)];
  for (let i = 0; i < sends.length; i += connector.batchSize.tasks) {
    if (signal?.aborted) {
      outcome.notSent = sends.length - i;
      break;
    }
    const batch = sends.slice(i, i + connector.batchSize.tasks);
    beginTaskSends(state, connector.name, batch);
    outcome.calls += 1;
    const results = await connector.writeTasks(batch.map(toUpsert));
    const byKey = new Map(results.map((r) => [r.key, r]));
    const recorded = batch.map((send, j) => {
      const result: WriteResult = byKey.get(send.key) ?? results[j] ?? noResult(send.key);
      if (result.ok) {
        if (send.action === 'create') outcome.created += 1;
        else outcome.closed += 1;
        return { key: send.key, action: send.action, ok: true, crmId: result.id };
      }
      // A task someone deleted for good has nothing left to close: closed, not retried run after run.
      if (result.gone && send.action === 'close') {
        outcome.closed += 1;
        return { key: send.key, action: send.action, ok: true };
      }
      outcome.failed.push({ key: send.key, action: send.action, errorCode: result.errorCode, message: result.message });
      return { key: send.key, action: send.action, ok: false, errorCode: result.errorCode, message: result.message };
    });
    recordTaskResults(state, connector.name, recorded);
    onBatch?.();
  }
  return outcome;
}

/** Recorded before the call, so a run killed while archiving finds and archives them again. */
async function archiveDuplicates(state: State, connector: Connector, work: TaskWork, outcome: TaskOutcome): Promise<void> {
  if (work.duplicates.length === 0) return;
  recordTaskDuplicates(state, connector.name, work.duplicates);
  if (!connector.archiveTasks) return;
  for (let i = 0; i < work.duplicates.length; i += connector.batchSize.tasks) {
    const ids = work.duplicates.slice(i, i + connector.batchSize.tasks).map((d) => d.crmId);
    outcome.calls += 1;
    const results = await connector.archiveTasks(ids);
    const byId = new Map(results.map((r) => [r.key, r]));
    recordDuplicatesArchived(
      state,
      connector.name,
      ids.map((crmId) => {
        const result = byId.get(crmId);
        if (result?.ok) outcome.duplicatesArchived += 1;
        return result?.ok ? { crmId, ok: true } : { crmId, ok: false, error: result && !result.ok ? `${result.errorCode}: ${result.message}` : 'no answer' };
      }),
    );
  }
}

export function toUpsert(send: TaskSend): TaskUpsert {
  return {
    dedupeKey: send.key,
    // Only a close updates a task; a create never carries an id, whatever the ledger holds.
    ...(send.action === 'close' && send.crmId ? { crmId: send.crmId } : {}),
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
