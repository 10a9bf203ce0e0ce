import type { SchemaCatalog, SObjectSchema } from '../schema/catalog.js';
import { SObjectSchema as Schema } from '../schema/catalog.js';
import { idField, picklist, text, type FieldDef } from '../schema/fieldDefs.js';
import type { FieldRef } from './ast.js';
import { SoqlError } from './soqlError.js';

/**
 * Polymorphic lookups (Task.What, Task.Who) lead to Salesforce's `Name` pseudo-object, which
 * only offers a few fields whatever the record's real type.
 */
export const NAME_OBJECT = new Schema({
  name: 'Name',
  label: 'Name',
  labelPlural: 'Names',
  keyPrefix: '',
  deletable: false,
  fields: [idField(), text('Name', 'Name', 255), picklist('Type', 'Object Type', [])],
});

/** A field reached from the queried object, possibly through lookups. */
export interface ResolvedPath {
  /** Lookup fields followed from the root, in order. */
  hops: FieldDef[];
  /** The object each hop leads to (NAME_OBJECT for polymorphic lookups). */
  targets: SObjectSchema[];
  field: FieldDef;
  /** Canonical names: relationship names then the field (`['Account', 'Name']`). */
  names: string[];
  /** Text as written, for messages. */
  written: string;
  start: number;
}

const FIELD_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const RELATIONSHIP_HINT =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

export function resolvePath(catalog: SchemaCatalog, root: SObjectSchema, ref: FieldRef): ResolvedPath {
  const hops: FieldDef[] = [];
  const targets: SObjectSchema[] = [];
  const names: string[] = [];
  let current = root;
  const segments = ref.path;
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i] as string;
    const lookup = current === NAME_OBJECT ? undefined : current.relationship(seg);
    if (!lookup) {
      throw new SoqlError('INVALID_FIELD', `Didn't understand relationship '${seg}' in field path. ${RELATIONSHIP_HINT}`, ref.start);
    }
    const next = lookup.referenceTo.length > 1 ? NAME_OBJECT : catalog.get(lookup.referenceTo[0] ?? '');
    if (!next) throw new SoqlError('INVALID_FIELD', `Didn't understand relationship '${seg}' in field path. ${RELATIONSHIP_HINT}`, ref.start);
    hops.push(lookup);
    targets.push(next);
    names.push(lookup.relationshipName ?? seg);
    current = next;
  }
  const last = segments[segments.length - 1] as string;
  const field = current.field(last);
  if (!field) {
    throw new SoqlError('INVALID_FIELD', `No such column '${last}' on entity '${current.name}'. ${FIELD_HINT}`, ref.start);
  }
  names.push(field.name);
  return { hops, targets, field, names, written: segments.join('.'), start: ref.start };
}
