import type { CanonicalObject } from '../contracts/connector.js';
import type { Logger } from '../log/logger.js';
import type { Mapping } from '../mapping/mappingSchema.js';
import { resetCursors } from '../../state/cursors.js';
import { setStoredMappedFields, storedMappedFields } from '../../state/mappedFields.js';
import type { State } from '../../state/openState.js';

/**
 * Optional fields a mapping may start reading after rows were stored without them: a record
 * currency, the key a usage source matches accounts by, the seat count. An unchanged record is
 * not pulled again, so the stored rows would lack the field until someone edits each record.
 */
const LATE_FIELDS: Partial<Record<CanonicalObject, readonly string[]>> = {
  accounts: ['currency', 'external_id', 'seats'],
  opportunities: ['currency'],
};

export function mappedLateFields(mapping: Mapping, object: CanonicalObject): string[] {
  const fields = mapping.objects[object].fields as Record<string, unknown>;
  return (LATE_FIELDS[object] ?? []).filter((field) => fields[field] !== undefined);
}

/**
 * Before a sync: an object whose mapping started or stopped reading one of its late fields since
 * its rows were stored is pulled again from the start, the new set marked in the same step so a
 * resumed pull is not restarted.
 */
export function repullRemappedObjects(state: State, connector: string, mapping: Mapping, objects: readonly CanonicalObject[], log: Logger): void {
  for (const object of objects) {
    if (!LATE_FIELDS[object]) continue;
    const now = mappedLateFields(mapping, object);
    const before = storedMappedFields(state, connector, object);
    const added = now.filter((f) => !before.has(f));
    const dropped = [...before].filter((f) => !now.includes(f));
    if (added.length === 0 && dropped.length === 0) continue;
    const reset = state.db.transaction(() => {
      setStoredMappedFields(state, connector, object, now);
      return resetCursors(state, connector, [object]);
    })();
    if (reset === 0) continue;
    const change = [added.length > 0 ? `now reads ${added.join(', ')}` : '', dropped.length > 0 ? `no longer reads ${dropped.join(', ')}` : ''].filter(Boolean).join(' and ');
    log.info(`the mapping of ${object} ${change}: pulling them again`);
  }
}
