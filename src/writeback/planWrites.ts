import type { FieldUpdate } from '../contracts/connector.js';
import { normaliseOutput } from '../mapping/applyMapping.js';
import type { Mapping, OverwritePolicy, ScoreOutput } from '../mapping/mappingSchema.js';

export type OutputValue = string | number | null;

/** What one account's score fields should hold, from its latest snapshot. */
export interface DesiredOutputs {
  accountId: string;
  outputs: Partial<Record<ScoreOutput, OutputValue>>;
}

/** What we know of one account's score fields: in the CRM now (last sync) and as we last wrote them. */
export interface KnownOutputs {
  crm: Partial<Record<ScoreOutput, OutputValue>>;
  lastWritten: Partial<Record<ScoreOutput, OutputValue>>;
  /** Fields whose write failed too often for this desired value: not sent again until the value changes. */
  gaveUp: Partial<Record<ScoreOutput, OutputValue>>;
}

export interface SkippedField {
  accountId: string;
  output: ScoreOutput;
  field: string;
  reason: 'edited-by-person' | 'not-empty' | 'gave-up';
  crmValue: OutputValue;
  desired: OutputValue;
}

export interface PlannedChange {
  accountId: string;
  output: ScoreOutput;
  field: string;
  from: OutputValue;
  to: OutputValue;
}

export interface WritePlan {
  updates: FieldUpdate[];
  changes: PlannedChange[];
  skipped: SkippedField[];
}

// `scored_at` changes on every run; sending it alone would rewrite an unchanged book each time.
const ACCOMPANYING: readonly ScoreOutput[] = ['scored_at'];

/**
 * Decides which score fields to send. A field is sent only when the desired value differs from
 * what the CRM holds, and its overwrite policy allows it: `always`; `if-empty` (the CRM field is
 * empty); `if-unchanged` (the CRM still holds what we last wrote, i.e. no person edited it).
 */
export function planWrites(mapping: Mapping, desired: DesiredOutputs[], known: (accountId: string) => KnownOutputs): WritePlan {
  const plan: WritePlan = { updates: [], changes: [], skipped: [] };
  const targets = Object.entries(mapping.writeback.fields) as [ScoreOutput, { field: string; policy: OverwritePolicy } | undefined][];
  for (const account of desired) {
    const state = known(account.accountId);
    const changes: PlannedChange[] = [];
    for (const [output, target] of targets) {
      if (!target || !(output in account.outputs)) continue;
      const want = normaliseOutput(output, account.outputs[output] ?? null);
      const have = tolerantNormalise(output, state.crm[output] ?? null);
      if (same(want, have)) continue;
      const skip = (reason: SkippedField['reason']) => plan.skipped.push({ accountId: account.accountId, output, field: target.field, reason, crmValue: have, desired: want });
      if (output in state.gaveUp && same(state.gaveUp[output] ?? null, want)) {
        skip('gave-up');
        continue;
      }
      if (target.policy === 'if-empty' && have !== null) {
        skip('not-empty');
        continue;
      }
      if (target.policy === 'if-unchanged' && have !== null && !same(have, state.lastWritten[output] ?? null)) {
        skip('edited-by-person');
        continue;
      }
      changes.push({ accountId: account.accountId, output, field: target.field, from: have, to: want });
    }
    if (changes.every((c) => ACCOMPANYING.includes(c.output))) continue;
    plan.changes.push(...changes);
    plan.updates.push({ object: mapping.writeback.object, id: account.accountId, values: Object.fromEntries(changes.map((c) => [c.field, c.to])) });
  }
  return plan;
}

/** What the CRM holds may be anything a person typed; unreadable values compare as text. */
function tolerantNormalise(output: ScoreOutput, value: OutputValue): OutputValue {
  try {
    return normaliseOutput(output, value);
  } catch {
    return value === null ? null : String(value);
  }
}

function same(a: OutputValue, b: OutputValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return a === b;
}
