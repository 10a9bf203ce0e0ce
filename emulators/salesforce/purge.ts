import type { RecordTables } from './recordTables.js';
import type { SObjectSchema } from './schema/catalog.js';

/**
 * Deletes records for good, as emptying the recycle bin (or a Bulk API hard delete) does: their
 * rows leave the tables, so neither queryAll, nor getDeleted, nor undelete finds them again. The
 * children Salesforce deletes with a record (cascade-delete relationships: an account's
 * opportunities, cases and tasks, an opportunity's or a case's tasks) go with it, whether they are
 * live or in the recycle bin. Nothing is stamped: a purge leaves no trace in any change feed.
 * Returns how many rows went, the given ones included.
 */
export function purgeRecords(tables: RecordTables, schema: SObjectSchema, ids: readonly string[]): number {
  const doomed = new Map<SObjectSchema, Set<string>>();
  const claim = (type: SObjectSchema, id: string): boolean => {
    let set = doomed.get(type);
    if (!set) doomed.set(type, (set = new Set()));
    if (set.has(id)) return false;
    set.add(id);
    return true;
  };
  // Level by level, so a child table is scanned once per level rather than once per parent.
  let level = new Map<SObjectSchema, Set<string>>([[schema, new Set(ids.filter((id) => claim(schema, id)))]]);
  while (level.size > 0) {
    const next = new Map<SObjectSchema, Set<string>>();
    for (const [parent, parentIds] of level) {
      for (const rel of parent.childRelationships) {
        const child = rel.cascadeDelete ? tables.catalog.get(rel.childSObject) : undefined;
        if (!child) continue;
        for (const row of tables.table(child).rows) {
          const parentId = row[rel.field];
          if (typeof parentId !== 'string' || !parentIds.has(parentId) || !claim(child, row.Id as string)) continue;
          if (!next.has(child)) next.set(child, new Set());
          next.get(child)?.add(row.Id as string);
        }
      }
    }
    level = next;
  }
  let count = 0;
  for (const [type, set] of doomed) {
    tables.table(type).purge(set);
    count += set.size;
  }
  return count;
}
