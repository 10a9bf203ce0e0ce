import type { ApiCall, EmulatorContext } from '../context.js';
import { RecordProblem, type RecordError } from '../errors.js';
import { WriteTransaction } from '../recordTables.js';

/** One record of an sObject Collections call. */
export interface CollectionItem {
  /** The record's id when the request names it (updates, deletes): shown on rolled-back results. */
  knownId?: string | undefined;
  /** Upsert results also say whether the record was created. */
  upsert?: boolean;
  run(tx: WriteTransaction): { id: string; created?: boolean };
}

type Outcome = { ok: true; id: string; created?: boolean } | { ok: false; error: RecordError };

const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

/**
 * Runs the records of one call in input order inside one transaction and answers one result per
 * record, in the same order. With allOrNone a single failure rolls everything back: the failing
 * records keep their own error, every other record reports ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
export function runCollection(ctx: EmulatorContext, call: ApiCall, allOrNone: boolean, items: CollectionItem[]): unknown[] {
  const tx = new WriteTransaction(ctx.tables, call.userId);
  const outcomes: Outcome[] = items.map((item) => {
    try {
      return { ok: true, ...item.run(tx) };
    } catch (error) {
      if (error instanceof RecordProblem) return { ok: false, error: error.toRecordError() };
      throw error;
    }
  });
  const failed = outcomes.some((o) => !o.ok);
  if (allOrNone && failed) {
    return outcomes.map((o, i) => {
      if (!o.ok) return { success: false, errors: [o.error] };
      const id = items[i]?.knownId ?? (o.created === false ? o.id : undefined);
      return id === undefined ? { success: false, errors: [ROLLED_BACK] } : { id, success: false, errors: [ROLLED_BACK] };
    });
  }
  tx.commit();
  return outcomes.map((o, i) => {
    if (!o.ok) return { success: false, errors: [o.error] };
    return items[i]?.upsert ? { id: o.id, success: true, errors: [], created: o.created ?? false } : { id: o.id, success: true, errors: [] };
  });
}
