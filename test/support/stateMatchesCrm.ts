import type { CrmData } from '../../emulators/emulatorKit.js';
import { canonicalObjects, type CanonicalObject } from '../../src/contracts/connector.js';
import { applyMapping, fieldsToPull } from '../../src/mapping/applyMapping.js';
import type { Mapping } from '../../src/mapping/mappingSchema.js';
import type { State } from '../../state/openState.js';

type SqlValue = string | number | null;
const toSql = (v: unknown): SqlValue =>
  v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);

/**
 * Every canonical row of `connector` equals the CRM's record mapped through the same mapping;
 * deleted records, and records the CRM no longer knows (purged for good), are marked deleted. Returns the live records per object.
 */
export function expectStateMatchesCrm(
  state: State,
  data: CrmData,
  mapping: Mapping,
  objects: readonly CanonicalObject[] = canonicalObjects,
  connector: string,
): Record<CanonicalObject, number> {
  const counts = {} as Record<CanonicalObject, number>;
  const accounts = data.records('accounts', mapping.objects.accounts.source, []);
  const deletedAccounts = new Set(accounts.filter((r) => r.deleted).map((r) => r.record.id));
  const knownAccounts = new Set(accounts.map((r) => r.record.id));
  // Deleted, or purged for good: the CRM no longer knows it.
  const goneAccount = (id: string) => deletedAccounts.has(id) || !knownAccounts.has(id);
  for (const object of objects) {
    const stored = new Map((state.db.prepare(`SELECT * FROM ${object} WHERE connector = ?`).all(connector) as Record<string, SqlValue>[]).map((r) => [r.crm_id as string, r]));
    let live = 0;
    for (const { record, deleted } of data.records(object, mapping.objects[object].source, fieldsToPull(mapping, object))) {
      const row = stored.get(record.id);
      stored.delete(record.id);
      if (deleted) {
        if (row) expect({ object, id: record.id, deleted: row.deleted_at !== null }).toEqual({ object, id: record.id, deleted: true });
        continue;
      }
      live += 1;
      const mapped = applyMapping(object, mapping, record);
      if (!('row' in mapped)) throw new Error(`CRM record ${object} ${record.id} does not map: ${mapped.quarantine.reason}`);
      const expected = Object.fromEntries(Object.entries(mapped.row).map(([k, v]) => [k, toSql(v)]));
      const actual = row ? Object.fromEntries(Object.keys(expected).map((k) => [k, row[k] ?? null])) : undefined;
      // A CRM that drops a deleted account's links without touching its children's stamps (HubSpot)
      // leaves an unchanged child pointing at the deleted account until it changes: the same account, gone.
      if (actual && expected.account_id === null && typeof actual.account_id === 'string' && goneAccount(actual.account_id)) actual.account_id = null;
      expect({ object, id: record.id, row: actual, deleted_at: row?.deleted_at ?? null }).toEqual({ object, id: record.id, row: expected, deleted_at: null });
    }
    // A row the CRM no longer knows at all (purged for good) must be marked deleted; nothing else may be left.
    const unexpected = [...stored.entries()].filter(([, row]) => row.deleted_at === null).map(([id]) => id);
    expect({ object, unexpected }).toEqual({ object, unexpected: [] });
    counts[object] = live;
  }
  return counts;
}

