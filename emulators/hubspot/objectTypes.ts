/** The CRM object types the emulator serves, with the names and ids HubSpot accepts for each. */
export type ObjectTypeName = 'companies' | 'deals' | 'tickets' | 'tasks';

export interface ObjectTypeInfo {
  name: ObjectTypeName;
  /** HubSpot's object type id (`0-2` for companies), accepted wherever a type name is. */
  typeId: string;
  /** Singular form used in association type names (`deal_to_company`) and messages. */
  singular: string;
  /** Upper-case form HubSpot uses in batch error messages ("Could not get some DEAL objects"). */
  label: string;
  /** Engagements (tasks) name their creation stamp `hs_createdate`; CRM objects use `createdate`. */
  createdProperty: string;
  /** Per-type id range start, so an id of one type is never valid for another. */
  idBase: number;
}

export const OBJECT_TYPES: readonly ObjectTypeInfo[] = [
  { name: 'companies', typeId: '0-2', singular: 'company', label: 'COMPANY', createdProperty: 'createdate', idBase: 18_000_000_000 },
  { name: 'deals', typeId: '0-3', singular: 'deal', label: 'DEAL', createdProperty: 'createdate', idBase: 29_000_000_000 },
  { name: 'tickets', typeId: '0-5', singular: 'ticket', label: 'TICKET', createdProperty: 'createdate', idBase: 37_000_000_000 },
  { name: 'tasks', typeId: '0-27', singular: 'task', label: 'TASK', createdProperty: 'hs_createdate', idBase: 61_000_000_000 },
];

const byAlias = new Map<string, ObjectTypeInfo>();
for (const info of OBJECT_TYPES) {
  byAlias.set(info.name, info);
  byAlias.set(info.typeId, info);
  byAlias.set(info.singular, info);
}

/** Resolves a path or body type reference (`deals`, `deal`, `0-3`, any case) to its type. */
export function resolveObjectType(ref: string): ObjectTypeInfo | undefined {
  return byAlias.get(ref.toLowerCase());
}

export function objectTypeInfo(name: ObjectTypeName): ObjectTypeInfo {
  const info = byAlias.get(name);
  if (!info) throw new Error(`unknown object type ${name}`);
  return info;
}

/**
 * HubSpot's activity objects (engagements) by name, singular and type id. The emulator serves
 * tasks only, but the Properties API must still answer for the others where a rule names them
 * (unique-value properties are refused on every activity).
 */
const ACTIVITY_TYPE_IDS: Record<string, string> = {
  tasks: '0-27',
  calls: '0-48',
  emails: '0-49',
  meetings: '0-47',
  notes: '0-46',
};
const activityByAlias = new Map<string, string>();
for (const [name, typeId] of Object.entries(ACTIVITY_TYPE_IDS)) {
  activityByAlias.set(name, typeId);
  activityByAlias.set(name.replace(/s$/, ''), typeId);
  activityByAlias.set(typeId, typeId);
}

/** The object type id when `ref` names an activity object (`tasks`, `call`, `0-49`...), else undefined. */
export function activityTypeId(ref: string): string | undefined {
  return activityByAlias.get(ref.toLowerCase());
}

/** The property that always carries the last modification stamp. */
export const LAST_MODIFIED = 'hs_lastmodifieddate';
