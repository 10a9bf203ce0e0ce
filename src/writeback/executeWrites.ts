import type { Connector, FieldUpdate, WriteResult } from '../contracts/connector.js';
import type { ScoreOutput } from '../mapping/mappingSchema.js';
import type { State } from '../../state/openState.js';
import { markWritesPending, recordWriteResults, type PendingWrite, type WriteOutcome, type WriteValue } from '../../state/writes.js';

export interface WriteExecution {
  calls: number;
  /** Records updated. */
  written: number;
  /** Records the CRM rejected, with its reason; retried next run unless given up. */
  failed: { crmId: string; errorCode: string; message: string; gaveUp: boolean }[];
  /** Records not sent because the run was stopped between batches. */
  notSent: number;
}

/**
 * Sends a write plan in the connector's largest batches. Each batch is marked in flight (with the
 * attempt counted) before the call and settled after it in one transaction with the echo
 * bookkeeping (`recordOwnWrites`), so the next sync sees our values as unchanged. An error that
 * stops the run (budget reserve, credentials) propagates and leaves the batch in flight; the next
 * run re-plans it against what the CRM then holds.
 */
export async function executeWrites(
  state: State,
  connector: Connector,
  updates: readonly FieldUpdate[],
  outputOf: ReadonlyMap<string, ScoreOutput>,
  maxAttempts: number,
  signal?: AbortSignal,
  onBatch?: () => void,
): Promise<WriteExecution> {
  const execution: WriteExecution = { calls: 0, written: 0, failed: [], notSent: 0 };
  const size = connector.batchSize.fields;
  for (let i = 0; i < updates.length; i += size) {
    if (signal?.aborted) {
      execution.notSent = updates.length - i;
      break;
    }
    const batch = updates.slice(i, i + size);
    const pending: PendingWrite[] = batch.flatMap((u) => Object.entries(u.values).map(([field, value]) => ({ crmId: u.id, field, value: value as WriteValue })));
    markWritesPending(state, connector.name, batch[0]?.object ?? '', pending);
    execution.calls += 1;
    const results = await connector.writeFields(batch);
    const byKey = new Map(results.map((r) => [r.key, r]));
    const outcomes: WriteOutcome[] = [];
    const ownWrites: { crmId: string; outputs: Record<string, WriteValue> }[] = [];
    const failedHere: { crmId: string; errorCode: string; message: string }[] = [];
    batch.forEach((update, j) => {
      const result: WriteResult = byKey.get(update.id) ?? results[j] ?? { ok: false, key: update.id, errorCode: 'NO_RESULT', message: 'the connector returned no result for this record', retriable: true };
      const own: Record<string, WriteValue> = {};
      for (const [field, value] of Object.entries(update.values)) {
        outcomes.push(result.ok ? { crmId: update.id, field, value: value as WriteValue, ok: true } : { crmId: update.id, field, value: value as WriteValue, ok: false, errorCode: result.errorCode, message: result.message });
        const output = outputOf.get(field);
        if (output) own[output] = value as WriteValue;
      }
      if (result.ok) {
        execution.written += 1;
        ownWrites.push({ crmId: update.id, outputs: own });
      } else failedHere.push({ crmId: update.id, errorCode: result.errorCode, message: result.message });
    });
    const { gaveUp } = recordWriteResults(state, connector.name, outcomes, ownWrites, maxAttempts);
    execution.failed.push(...failedHere.map((f) => ({ ...f, gaveUp: gaveUp.has(f.crmId) })));
    onBatch?.();
  }
  return execution;
}
