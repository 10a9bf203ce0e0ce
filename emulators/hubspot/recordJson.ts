import { associationType } from './associations.js';
import type { HsRecord } from './objectTable.js';
import { LAST_MODIFIED, objectTypeInfo, resolveObjectType, type ObjectTypeName } from './objectTypes.js';
import { isoFromMs } from './propertyValues.js';
import type { HubSpotStore } from './store.js';

/** What list and search return when the request names no properties. */
const DEFAULT_PROPERTIES: Record<ObjectTypeName, readonly string[]> = {
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  tickets: [
    'content',
    'createdate',
    'hs_lastmodifieddate',
    'hs_object_id',
    'hs_pipeline',
    'hs_pipeline_stage',
    'hs_ticket_category',
    'hs_ticket_priority',
    'subject',
  ],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/**
 * The property names a reply will carry: the requested ones that exist (unknown names are
 * ignored, as HubSpot does) plus the id and both stamps, or the type's defaults.
 */
export function responseProperties(store: HubSpotStore, type: ObjectTypeName, requested: readonly string[]): string[] {
  if (requested.length === 0) return [...DEFAULT_PROPERTIES[type]];
  const names = new Set<string>();
  for (const name of requested) if (store.properties.get(type, name)) names.add(name);
  names.add('hs_object_id');
  names.add(objectTypeInfo(type).createdProperty);
  names.add(LAST_MODIFIED);
  return [...names];
}

/** `?properties=a&properties=b,c` → [a, b, c]. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Object types named in `associations`, resolved; unknown ones are ignored. */
export function associationTargets(names: readonly string[]): ObjectTypeName[] {
  const out = new Set<ObjectTypeName>();
  for (const name of names) {
    const info = resolveObjectType(name);
    if (info) out.add(info.name);
  }
  return [...out];
}

export interface SerializeOptions {
  associations?: readonly ObjectTypeName[];
  /** Search replies omit `archivedAt` and associations and always say `archived: false`. */
  forSearch?: boolean;
}

/** A record as `SimplePublicObject` / `SimplePublicObjectWithAssociations`. */
export function recordJson(store: HubSpotStore, type: ObjectTypeName, record: HsRecord, names: readonly string[], options: SerializeOptions = {}): Record<string, unknown> {
  const properties: Record<string, string | null> = {};
  for (const name of names) properties[name] = store.reader(type, name)(record) ?? null;
  const json: Record<string, unknown> = {
    id: record.id,
    properties,
    createdAt: isoFromMs(record.createdAt),
    updatedAt: isoFromMs(record.updatedAt),
    archived: record.archived,
  };
  if (record.archivedAt !== null && !options.forSearch) json.archivedAt = isoFromMs(record.archivedAt);
  if (options.associations && options.associations.length > 0 && !options.forSearch) {
    const associations = inlineAssociations(store, type, record, options.associations);
    if (associations) json.associations = associations;
  }
  return json;
}

/**
 * Inline associations keyed by plural type; each type id of a link is listed as its own row,
 * so a primary deal→company link appears as `deal_to_company` and `deal_to_company_unlabeled`.
 */
function inlineAssociations(store: HubSpotStore, type: ObjectTypeName, record: HsRecord, targets: readonly ObjectTypeName[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const target of targets) {
    const results: { id: string; type: string }[] = [];
    for (const edge of store.associations.list(type, record.seq, target)) {
      const other = store.table(target).at(edge.toSeq);
      if (!other || other.archived) continue;
      for (const typeId of edge.typeIds) {
        const def = associationType(typeId);
        if (def) results.push({ id: other.id, type: def.name });
      }
    }
    if (results.length > 0) out[target] = { results };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
