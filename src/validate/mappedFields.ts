import type { Mapping } from '../mapping/mappingSchema.js';

/** One CRM field a mapping depends on, with where it is named, for precise error messages. */
export interface MappedField {
  /** CRM object the field belongs to. */
  object: string;
  field: string;
  /** Mapping entry naming it, e.g. `objects.accounts.fields.arr`. */
  entry: string;
  /** The engine writes it (score fields, the task dedupe key). */
  written: boolean;
}

/** Every CRM field the mapping reads or writes (associations are not fields, so they are left out). */
export function mappedFields(mapping: Mapping): MappedField[] {
  const out: MappedField[] = [];
  for (const [objectName, objectMapping] of Object.entries(mapping.objects)) {
    for (const [canonical, source] of Object.entries(objectMapping.fields)) {
      if (typeof source === 'string') {
        out.push({ object: objectMapping.source, field: source, entry: `objects.${objectName}.fields.${canonical}`, written: false });
      }
    }
    const extras = 'extras' in objectMapping ? objectMapping.extras : undefined;
    for (const [name, field] of Object.entries(extras ?? {})) {
      out.push({ object: objectMapping.source, field, entry: `objects.${objectName}.extras.${name}`, written: false });
    }
  }
  for (const [output, target] of Object.entries(mapping.writeback.fields)) {
    if (target) out.push({ object: mapping.writeback.object, field: target.field, entry: `writeback.fields.${output}`, written: true });
  }
  out.push({ object: mapping.tasks.object, field: mapping.tasks.dedupeField, entry: 'tasks.dedupeField', written: true });
  return out;
}
