import type { Connector, FieldUpdate, WriteResult } from '../contracts/connector.js';
import type { ScoreOutput } from '../mapping/mappingSchema.js';
import type { State } from '../../state/openState.js';
import { markGone } from '../../state/idChecks.js';
import { markWritesPending, recordWriteResults, settleWrites, type PendingWrite, type WriteOutcome, type WriteValue } from '../../state/writes.js';

export interface WriteExecution {
  calls: number;
  /** Records updated. */
  written: number;
  /** Records the CRM rejected, with its reason; retried next run unless given up. */
  failed: { crmId: string; errorCode: string; message: string; gaveUp: boolean }[];
  /** Records not sent because the run was stopped between batches. */
  notSent: number;
  /** Records the CRM no longer has (deleted for good, merged away): marked deleted, never retried. */
  gone: number;
}

/** One range of accounts' share of the plan, as the real run receives it. */
export interface RangeWrites {
  updates: readonly FieldUpdate[];
  /** Ledger entries in flight or failed that the plan makes obsolete. */
  obsolete: readonly { crmId: string; field: string; landed: boolean }[];
}

/**
 * Sends a write plan as it is made, range by range, in the connector's largest batches: updates
 * wait until a batch is full, so the calls are the same as for the whole plan at once. Each batch
 * is marked in flight (with the attempt counted) before the call and settled after it in one
 * transaction with the echo bookkeeping (`recordOwnWrites`), so the next sync sees our values as
 * unchanged. An error that stops the run (budget reserve, credentials) stops the sending, leaves
 * the batch in flight, and is thrown by `finish`; the next run re-plans against what the CRM holds.
 */
export class WriteSender {
  readonly execution: WriteExecution = { calls: 0, written: 0, failed: [], notSent: 0, gone: 0 };
  private waiting: FieldUpdate[] = [];
  private error: unknown = null;

  constructor(
    private readonly state: State,
    private readonly connector: Connector,
    private readonly outputOf: ReadonlyMap<string, ScoreOutput>,
    private readonly maxAttempts: number,
    private readonly signal?: AbortSignal,
    private readonly onBatch?: () => void,
  ) {}

  async send(range: RangeWrites): Promise<void> {
    settleWrites(this.state, this.connector.name, range.obsolete);
    this.waiting.push(...range.updates);
    const size = this.connector.batchSize.fields;
    while (this.waiting.length >= size && this.sending()) await this.sendBatch(this.waiting.splice(0, size));
  }

  /** Sends what is left; throws the error that stopped the sending, if one did. */
  async finish(): Promise<WriteExecution> {
    while (this.waiting.length > 0 && this.sending()) await this.sendBatch(this.waiting.splice(0, this.connector.batchSize.fields));
    this.execution.notSent = this.waiting.length;
    this.waiting = [];
    if (this.error !== null) throw this.error;
    return this.execution;
  }

  private sending(): boolean {
    return this.error === null && !this.signal?.aborted;
  }

  private async sendBatch(batch: FieldUpdate[]): Promise<void> {
    const { state, connector } = this;
    const pending: PendingWrite[] = batch.flatMap((u) => Object.entries(u.values).map(([field, value]) => ({ crmId: u.id, field, value: value as WriteValue })));
    markWritesPending(state, connector.name, batch[0]?.object ?? '', pending);
    this.execution.calls += 1;
    let results: WriteResult[];
    try {
      results = await connector.writeFields(batch);
    } catch (error) {
      this.error = error;
      return;
    }
    const byKey = new Map(results.map((r) => [r.key, r]));
    const outcomes: WriteOutcome[] = [];
    const ownWrites: { crmId: string; outputs: Record<string, WriteValue> }[] = [];
    const failedHere: { crmId: string; errorCode: string; message: string }[] = [];
    const gone: string[] = [];
    batch.forEach((update, j) => {
      const result: WriteResult = byKey.get(update.id) ?? results[j] ?? { ok: false, key: update.id, errorCode: 'NO_RESULT', message: 'the connector returned no result for this record', retriable: true };
      if (!result.ok && result.gone) {
        gone.push(update.id);
        return;
      }
      const own: Record<string, WriteValue> = {};
      for (const [field, value] of Object.entries(update.values)) {
        outcomes.push(result.ok ? { crmId: update.id, field, value: value as WriteValue, ok: true } : { crmId: update.id, field, value: value as WriteValue, ok: false, errorCode: result.errorCode, message: result.message });
        const output = this.outputOf.get(field);
        if (output) own[output] = value as WriteValue;
      }
      if (result.ok) {
        this.execution.written += 1;
        ownWrites.push({ crmId: update.id, outputs: own });
      } else failedHere.push({ crmId: update.id, errorCode: result.errorCode, message: result.message });
    });
    const { gaveUp } = recordWriteResults(state, connector.name, outcomes, ownWrites, this.maxAttempts);
    if (gone.length > 0) {
      // A record that is gone takes no write: its ledger entries close, the account leaves the book.
      settleWrites(state, connector.name, pending.filter((p) => gone.includes(p.crmId)).map((p) => ({ crmId: p.crmId, field: p.field, landed: false })));
      this.execution.gone += markGone(state, connector.name, 'accounts', gone);
    }
    this.execution.failed.push(...failedHere.map((f) => ({ ...f, gaveUp: gaveUp.has(f.crmId) })));
    this.onBatch?.();
  }
}
