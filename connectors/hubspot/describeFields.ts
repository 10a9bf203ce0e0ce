import type { FieldDescription, FieldKind } from '../../src/contracts/connector.js';
import type { HubSpotContext } from './context.js';
import { derivedFieldDescriptions } from './derivedFields.js';
import { OWNER_FIELDS } from './ownersPull.js';

/** A property definition as the properties API returns it (the parts we use). */
export interface HubSpotProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  options: { value: string; label: string }[];
  hasUniqueValue?: boolean;
  calculated?: boolean;
  externalOptions?: boolean;
  modificationMetadata?: { readOnlyValue: boolean };
}

/**
 * The live properties of one object, read once per connector and object: `validate` and
 * `ensureFields` ask for the same lists, and a write checks its values against them.
 */
export async function readProperties(ctx: HubSpotContext, cache: Map<string, Promise<HubSpotProperty[]>>, object: string): Promise<HubSpotProperty[]> {
  let pending = cache.get(object);
  if (!pending) {
    pending = ctx.call('api', `properties ${object}`, () => ctx.apis.properties.getAllWithHttpInfo(object, false)).then((r) => r.results as HubSpotProperty[]);
    // A failed read must not be remembered: the next caller asks again.
    pending.catch(() => cache.delete(object));
    cache.set(object, pending);
  }
  return pending;
}

/** Property types by what they hold (the Properties guide's type table). */
const KINDS: Record<string, FieldKind> = {
  string: 'text', phone_number: 'text', enumeration: 'picklist', number: 'number', date: 'date', datetime: 'datetime', bool: 'boolean',
};

/** The schema of one object: its properties, or for `owners` the owner fields (owners have no properties). */
export async function describeFields(ctx: HubSpotContext, cache: Map<string, Promise<HubSpotProperty[]>>, object: string): Promise<FieldDescription[]> {
  if (object === 'owners') return OWNER_FIELDS.map((f) => ({ ...f }));
  const properties = await readProperties(ctx, cache, object);
  const described = properties.map((p): FieldDescription => ({
    name: p.name,
    label: p.label,
    type: p.type,
    // An owner property is an enumeration whose options live elsewhere (the owners API): a reference.
    kind: p.externalOptions ? 'reference' : (KINDS[p.type] ?? 'other'),
    updateable: isWritable(p),
    ...(p.type === 'enumeration' && !p.externalOptions ? { options: p.options.map((o) => ({ value: o.value, label: o.label })) } : {}),
  }));
  return [...described, ...derivedFieldDescriptions(object)];
}

export function isWritable(property: HubSpotProperty): boolean {
  return !(property.modificationMetadata?.readOnlyValue ?? false) && !property.calculated;
}
