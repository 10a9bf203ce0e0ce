import type { EmulatorRequest } from '../../http/router.js';
import { batchItemError, HubSpotApiError } from '../errors.js';
import { resolveObjectType, type ObjectTypeInfo, type ObjectTypeName } from '../objectTypes.js';
import type { PropertyDefinition, PropertyGroup } from '../propertyDefinitions.js';
import { propertyNotFound, type PropertyInput } from '../propertyRegistry.js';
import { listParam } from '../recordJson.js';
import type { HubSpotStore } from '../store.js';
import { refuseUniqueOnActivity } from '../uniqueProperties.js';
import { batchInputs, booleanParam, jsonObjectBody, objectTypeParam } from './requestParsing.js';
import { batchTimes, route, type RouteContext } from './routeContext.js';

const BASE = '/crm/v3/properties/:objectType';

/** Properties and property groups. Group routes are registered first: `groups` is not a property name. */
export function registerPropertyRoutes(ctx: RouteContext): void {
  const { store } = ctx;
  const registry = store.properties;

  route(ctx, 'GET', `${BASE}/groups`, (req) => ({ status: 200, body: { results: registry.listGroups(objectTypeParam(req).name).map(groupJson) } }));
  route(ctx, 'POST', `${BASE}/groups`, (req) => ({ status: 201, body: groupJson(registry.createGroup(objectTypeParam(req).name, jsonObjectBody(req))) }));
  route(ctx, 'GET', `${BASE}/groups/:groupName`, (req) => {
    const group = registry.getGroup(objectTypeParam(req).name, req.params.groupName ?? '');
    if (!group) throw new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `Unable to find property group named '${req.params.groupName ?? ''}'`);
    return { status: 200, body: groupJson(group) };
  });
  route(ctx, 'PATCH', `${BASE}/groups/:groupName`, (req) => ({
    status: 200,
    body: groupJson(registry.updateGroup(objectTypeParam(req).name, req.params.groupName ?? '', jsonObjectBody(req))),
  }));
  route(ctx, 'DELETE', `${BASE}/groups/:groupName`, (req) => {
    registry.archiveGroup(objectTypeParam(req).name, req.params.groupName ?? '');
    return { status: 204 };
  });

  route(ctx, 'POST', `${BASE}/batch/read`, (req) => {
    const startedAt = Date.now();
    const type = objectTypeParam(req).name;
    const body = jsonObjectBody(req);
    const archived = body.archived === true;
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of batchInputs(body, 1000)) {
      const name = typeof input.name === 'string' ? input.name : '';
      const def = registry.getIncludingArchived(type, name);
      if (def && def.archived === archived) results.push(propertyJson(def));
      else missing.push(name);
    }
    const errors = missing.length ? [batchItemError('OBJECT_NOT_FOUND', `Unable to find properties: ${missing.join(', ')}`, missing)] : [];
    return { status: errors.length ? 207 : 200, body: { status: 'COMPLETE', results, ...(errors.length ? { numErrors: 1, errors } : {}), ...batchTimes(startedAt) } };
  });
  route(ctx, 'POST', `${BASE}/batch/create`, (req) => {
    const startedAt = Date.now();
    const inputs = batchInputs(jsonObjectBody(req), 1000);
    const type = propertyTarget(req, inputs).name;
    const results: unknown[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const input of inputs) {
      try {
        results.push(propertyJson(createProperty(store, type, input)));
      } catch (error) {
        if (!(error instanceof HubSpotApiError)) throw error;
        errors.push({ ...batchItemError(error.category, error.message, [String(input.name ?? '')]), context: { name: [String(input.name ?? '')] } });
      }
    }
    return { status: errors.length ? 207 : 201, body: { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), ...batchTimes(startedAt) } };
  });
  route(ctx, 'POST', `${BASE}/batch/archive`, (req) => {
    const type = objectTypeParam(req).name;
    for (const input of batchInputs(jsonObjectBody(req), 1000)) {
      const name = typeof input.name === 'string' ? input.name : '';
      if (registry.get(type, name)) registry.archive(type, name);
    }
    return { status: 204 };
  });

  route(ctx, 'GET', BASE, (req) => {
    const type = objectTypeParam(req).name;
    const only = new Set(listParam(req.query, 'properties'));
    const defs = registry.list(type, booleanParam(req.query, 'archived')).filter((p) => only.size === 0 || only.has(p.name));
    return { status: 200, body: { results: defs.map(propertyJson) } };
  });
  route(ctx, 'POST', BASE, (req) => {
    const input = jsonObjectBody(req);
    return { status: 201, body: propertyJson(createProperty(store, propertyTarget(req, [input]).name, input)) };
  });
  route(ctx, 'GET', `${BASE}/:propertyName`, (req) => {
    const type = objectTypeParam(req).name;
    const name = req.params.propertyName ?? '';
    const def = registry.getIncludingArchived(type, name);
    if (!def || def.archived !== booleanParam(req.query, 'archived')) throw propertyNotFound(type, name);
    return { status: 200, body: propertyJson(def) };
  });
  route(ctx, 'PATCH', `${BASE}/:propertyName`, (req) => ({
    status: 200,
    body: propertyJson(registry.update(objectTypeParam(req).name, req.params.propertyName ?? '', jsonObjectBody(req))),
  }));
  route(ctx, 'DELETE', `${BASE}/:propertyName`, (req) => {
    registry.archive(objectTypeParam(req).name, req.params.propertyName ?? '');
    return { status: 204 };
  });
}

/**
 * The object type new properties go to. Calls, emails, meetings and notes are not served here,
 * yet a unique property on them must get HubSpot's refusal rather than "unknown object type";
 * on served types (tasks) the registry refuses it, per input in a batch.
 */
function propertyTarget(req: EmulatorRequest, inputs: readonly Record<string, unknown>[]): ObjectTypeInfo {
  const ref = req.params.objectType ?? '';
  if (!resolveObjectType(ref)) for (const input of inputs) refuseUniqueOnActivity(ref, input.hasUniqueValue);
  return objectTypeParam(req);
}

function createProperty(store: HubSpotStore, type: ObjectTypeName, input: PropertyInput): PropertyDefinition {
  const def = store.properties.create(type, input);
  if (def.hasUniqueValue) store.ensureUniqueIndex(type, def.name);
  return def;
}

export function propertyJson(def: PropertyDefinition): Record<string, unknown> {
  return {
    name: def.name,
    label: def.label,
    type: def.type,
    fieldType: def.fieldType,
    groupName: def.groupName,
    description: def.description,
    options: def.options.map((o) => ({ ...o })),
    displayOrder: def.displayOrder,
    hidden: def.hidden,
    hasUniqueValue: def.hasUniqueValue,
    formField: def.formField,
    calculated: def.calculated,
    externalOptions: def.externalOptions,
    hubspotDefined: def.hubspotDefined,
    modificationMetadata: { archivable: !def.hubspotDefined, readOnlyDefinition: def.hubspotDefined, readOnlyValue: def.readOnlyValue },
    ...(def.referencedObjectType ? { referencedObjectType: def.referencedObjectType } : {}),
    createdAt: new Date(def.createdAt).toISOString(),
    updatedAt: new Date(def.updatedAt).toISOString(),
    ...(def.archived ? { archivedAt: new Date(def.updatedAt).toISOString() } : {}),
    archived: def.archived,
  };
}

function groupJson(group: PropertyGroup): Record<string, unknown> {
  return { name: group.name, label: group.label, displayOrder: group.displayOrder, archived: group.archived };
}
