import type { FieldUpdate, WriteResult } from '../../src/contracts/connector.js';
import { failuresById, invalidValue, sendSplitting, wireValue, type ItemError } from './batchOutcomes.js';
import { BATCH_LIMIT, type HubSpotContext } from './context.js';
import { readProperties, type HubSpotProperty } from './describeFields.js';

export interface Input {
  id: string;
  properties: Record<string, string>;
}

/**
 * Property updates through batch update, 100 inputs a call, calls in parallel as the queue
 * allows. One result per update, in input order: a 207's per-input errors fail their own
 * record, a whole-batch rejection of values is split until the bad inputs are found, and a call
 * that failed for good fails its inputs with the reason. Nothing is dropped.
 */
export async function writeFields(ctx: HubSpotContext, cache: Map<string, Promise<HubSpotProperty[]>>, updates: FieldUpdate[]): Promise<WriteResult[]> {
  const results: WriteResult[] = new Array(updates.length);
  const sends: Promise<void>[] = [];
  for (const object of new Set(updates.map((u) => u.object))) {
    const properties = new Map((await readProperties(ctx, cache, object)).map((p) => [p.name, p]));
    // One input per record: HubSpot refuses a batch naming an id twice.
    const inputs = new Map<string, { input: Input; indexes: number[] }>();
    updates.forEach((update, index) => {
      if (update.object !== object) return;
      for (const [name, value] of Object.entries(update.values)) {
        const invalid = invalidValue(properties, name, value);
        if (invalid) {
          results[index] = { ...invalid, key: update.id };
          return;
        }
      }
      const entry = inputs.get(update.id) ?? { input: { id: update.id, properties: {} }, indexes: [] };
      for (const [name, value] of Object.entries(update.values)) entry.input.properties[name] = wireValue(value);
      entry.indexes.push(index);
      inputs.set(update.id, entry);
    });
    const entries = [...inputs.values()];
    for (let i = 0; i < entries.length; i += BATCH_LIMIT) {
      const chunk = entries.slice(i, i + BATCH_LIMIT);
      sends.push(
        updateBatch(ctx, object, chunk.map((e) => e.input)).then((outcomes) => {
          chunk.forEach((entry, j) => {
            for (const index of entry.indexes) results[index] = outcomes[j] as WriteResult;
          });
        }),
      );
    }
  }
  await settleAll(sends);
  return results;
}

/**
 * One batch update by record id: one result per input, keyed by its id; a 207's per-input errors
 * fail their own input. Task closes go through here too.
 */
export function updateBatch(ctx: HubSpotContext, object: string, inputs: Input[]): Promise<WriteResult[]> {
  return sendSplitting(
    inputs,
    async (batch) => {
      const reply: { results: { id: string }[]; errors?: ItemError[] } = await ctx.call('api', `batch update ${object}`, () => ctx.apis.batch.updateWithHttpInfo(object, { inputs: batch }));
      const updated = new Set(reply.results.map((r) => String(r.id)));
      const failed = failuresById(reply.errors);
      return batch.map((input): WriteResult => {
        if (updated.has(input.id)) return { ok: true, id: input.id, key: input.id };
        const failure = failed.get(input.id);
        if (failure) return { ...failure, key: input.id };
        return { ok: false, key: input.id, errorCode: 'HUBSPOT_NO_RESULT', message: 'HubSpot answered the batch without a result or an error for this record', retriable: true };
      });
    },
    (input) => input.id,
  );
}

/** Waits for every batch, then throws the first run-stopping error, if any. */
export async function settleAll(sends: Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(sends);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}
