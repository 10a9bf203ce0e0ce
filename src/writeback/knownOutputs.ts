import { normaliseOutput } from '../mapping/applyMapping.js';
import type { Mapping, ScoreOutput } from '../mapping/mappingSchema.js';
import type { WriteRow, WriteState } from '../../state/writes.js';
import type { KnownOutputs, OutputValue, WritePlan } from './planWrites.js';

/**
 * What planWrites needs per account, from the state: the CRM's copy of each score field (last
 * sync) and the write ledger. A write left in flight by a crashed run whose value the CRM now
 * holds counts as ours, so `if-unchanged` does not mistake it for a person's edit.
 */
export function knownOutputs(state: WriteState, mapping: Mapping): (accountId: string) => KnownOutputs {
  const outputOf = fieldOutputs(mapping);
  return (accountId) => {
    const crm = (state.accounts.get(accountId)?.crmOutputs ?? {}) as KnownOutputs['crm'];
    const known: KnownOutputs = { crm, lastWritten: {}, gaveUp: {} };
    for (const row of state.writes.get(accountId) ?? []) {
      const output = outputOf.get(row.field);
      if (!output) continue;
      known.lastWritten[output] = landed(row, output, crm[output] ?? null) ? row.pending : row.lastWritten;
      if (row.status === 'gave_up') known.gaveUp[output] = row.pending;
    }
    return known;
  };
}

/**
 * Ledger entries the plan makes obsolete: in flight or failed, but not being sent now (the CRM
 * already holds the value, or the value is no longer wanted). Given-up entries the plan still
 * skips stay, so `status` keeps reporting them.
 */
export function obsoleteWrites(state: WriteState, mapping: Mapping, plan: WritePlan): { crmId: string; field: string; landed: boolean }[] {
  const outputOf = fieldOutputs(mapping);
  const sending = new Set(plan.changes.map((c) => `${c.accountId}\u0000${c.field}`));
  const stillGivenUp = new Set(plan.skipped.filter((s) => s.reason === 'gave-up').map((s) => `${s.accountId}\u0000${s.field}`));
  const out: { crmId: string; field: string; landed: boolean }[] = [];
  for (const [crmId, rows] of state.writes) {
    for (const row of rows) {
      if (row.status === 'written') continue;
      const k = `${crmId}\u0000${row.field}`;
      if (sending.has(k) || stillGivenUp.has(k)) continue;
      const output = outputOf.get(row.field);
      const crm = output ? (state.accounts.get(crmId)?.crmOutputs[output] ?? null) : null;
      out.push({ crmId, field: row.field, landed: output !== undefined && landed(row, output, crm) });
    }
  }
  return out;
}

/** Which score output each mapped CRM field holds. */
export function fieldOutputs(mapping: Mapping): Map<string, ScoreOutput> {
  const map = new Map<string, ScoreOutput>();
  for (const [output, target] of Object.entries(mapping.writeback.fields)) if (target) map.set(target.field, output as ScoreOutput);
  return map;
}

function landed(row: WriteRow, output: ScoreOutput, crm: OutputValue): boolean {
  if (row.status === 'written' || row.pending === null) return false;
  try {
    const a = normaliseOutput(output, row.pending);
    const b = crm === null ? null : normaliseOutput(output, crm);
    return typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-9 : a === b;
  } catch {
    return false;
  }
}
