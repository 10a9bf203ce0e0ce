import type { EmulatorRequest } from '../../http/router.js';
import { MESSAGES, objectNotFound, validationError } from '../errors.js';
import type { HsRecord } from '../objectTable.js';
import type { ObjectTypeInfo, ObjectTypeName } from '../objectTypes.js';
import { associationTargets, listParam, recordJson, responseProperties } from '../recordJson.js';
import type { HubSpotStore } from '../store.js';
import { booleanParam, decodeCursor, encodeCursor, jsonObjectBody, limitParam, objectTypeParam } from './requestParsing.js';
import { route, type RouteContext } from './routeContext.js';

const BASE = '/crm/v3/objects/:objectType';

/** List, read, create, update and archive single records: `/crm/v3/objects/{type}[/{id}]`. */
export function registerObjectRoutes(ctx: RouteContext): void {
  const { store } = ctx;
  route(ctx, 'GET', BASE, (req) => ({ status: 200, body: listPage(ctx, objectTypeParam(req), req) }));

  route(ctx, 'GET', `${BASE}/:objectId`, (req) => {
    const info = objectTypeParam(req);
    const id = req.params.objectId ?? '';
    const record = lookup(store, info, id, req.query.get('idProperty'));
    const archived = booleanParam(req.query, 'archived');
    if (!record || record.archived !== archived) throw objectNotFound(id);
    const names = responseProperties(store, info.name, listParam(req.query, 'properties'));
    const json = recordJson(store, info.name, record, names, { associations: associationTargets(listParam(req.query, 'associations')) });
    return { status: 200, body: withHistory(store, info.name, record, json, listParam(req.query, 'propertiesWithHistory')) };
  });

  route(ctx, 'POST', BASE, (req) => {
    const info = objectTypeParam(req);
    const body = jsonObjectBody(req);
    const record = store.commitCreate(info.name, store.prepareCreate(info.name, body.properties ?? {}, body.associations, undefined, false, 'api'));
    return { status: 201, body: recordJson(store, info.name, record, setProperties(store, info.name, record)) };
  });

  route(ctx, 'PATCH', `${BASE}/:objectId`, (req) => {
    const info = objectTypeParam(req);
    const id = req.params.objectId ?? '';
    const body = jsonObjectBody(req);
    const record = lookup(store, info, id, req.query.get('idProperty'), 'update');
    if (!record || record.archived) throw objectNotFound(id);
    if (!body.properties || typeof body.properties !== 'object' || Object.keys(body.properties).length === 0) throw validationError(MESSAGES.noPropertiesToUpdate);
    store.commitUpdate(info.name, record, store.prepareUpdate(info.name, record, body.properties));
    return { status: 200, body: recordJson(store, info.name, record, setProperties(store, info.name, record)) };
  });

  route(ctx, 'DELETE', `${BASE}/:objectId`, (req) => {
    const info = objectTypeParam(req);
    store.archive(info.name, req.params.objectId ?? '');
    return { status: 204 };
  });

  // GDPR delete: the record goes for good, archived or not, with its associations; 204 as the
  // SDK's GDPRApi expects. HubSpot documents it for contacts; the path takes any object type.
  // An id that names no record is a 404 here (HubSpot documents only the email blocklist case).
  route(ctx, 'POST', `${BASE}/gdpr-delete`, (req) => {
    const info = objectTypeParam(req);
    const body = jsonObjectBody(req);
    const id = typeof body.objectId === 'string' || typeof body.objectId === 'number' ? String(body.objectId) : '';
    if (id === '') throw validationError('objectId is required');
    const record = lookup(store, info, id, typeof body.idProperty === 'string' ? body.idProperty : undefined);
    if (!record) throw objectNotFound(id);
    store.purge(info.name, record.id);
    return { status: 204 };
  });
}

/**
 * One list page. Records are walked in id order from the cursor; archived and live records
 * share the array, and `archived=true` lists only the archived ones.
 */
function listPage(ctx: RouteContext, info: ObjectTypeInfo, req: EmulatorRequest): Record<string, unknown> {
  const { store } = ctx;
  const limit = limitParam(req.query, 10, 100);
  const archived = booleanParam(req.query, 'archived');
  const after = req.query.get('after');
  const table = store.table(info.name);
  const records = table.records;
  const names = responseProperties(store, info.name, listParam(req.query, 'properties'));
  const history = listParam(req.query, 'propertiesWithHistory');
  const associations = associationTargets(listParam(req.query, 'associations'));
  const results: Record<string, unknown>[] = [];
  let i = after ? table.indexFrom(decodeCursor(after)) : 0;
  for (; i < records.length && results.length < limit; i++) {
    const record = records[i] as HsRecord;
    if (record.archived !== archived) continue;
    results.push(withHistory(store, info.name, record, recordJson(store, info.name, record, names, { associations }), history));
  }
  while (i < records.length && (records[i] as HsRecord).archived !== archived) i++;
  const next = records[i];
  if (!next) return { results };
  const cursor = encodeCursor(next.idNum);
  const link = new URL(`${ctx.baseUrl()}/crm/v3/objects/${info.name}`);
  link.searchParams.set('after', cursor);
  return { results, paging: { next: { after: cursor, link: link.toString() } } };
}

/**
 * A record by id, or by the value of a unique property when `idProperty` is given. HubSpot
 * identifies records only by "a custom unique identifier property" (Using Object APIs guide), so a
 * property without `hasUniqueValue` is refused; updates use the upsert endpoint's wording.
 */
export function lookup(store: HubSpotStore, info: ObjectTypeInfo, id: string, idProperty: string | null | undefined, purpose: 'read' | 'update' = 'read'): HsRecord | undefined {
  if (!idProperty || idProperty === 'hs_object_id') return store.get(info.name, id);
  const def = store.properties.get(info.name, idProperty);
  if (!def) throw validationError(`Property "${idProperty}" does not exist`);
  if (!def.hasUniqueValue) {
    throw validationError(purpose === 'read' ? `Unable to perform lookup by non-unique ${info.typeId} property ${idProperty}` : nonUniqueUpdate(info, idProperty));
  }
  return store.findByProperty(info.name, idProperty, id);
}

/** HubSpot's refusal of an update or upsert keyed by a property that is not unique. */
export function nonUniqueUpdate(info: ObjectTypeInfo, idProperty: string): string {
  return `Unable to perform update/upsert by non-unique ${info.typeId} property ${idProperty}`;
}

/** Names of every property the record has a value for, as create/update replies return. */
export function setProperties(store: HubSpotStore, type: ObjectTypeName, record: HsRecord): string[] {
  return responseProperties(store, type, [...Object.keys(record.props), ...store.properties.list(type, false).filter((p) => p.calculated).map((p) => p.name)]).filter(
    (name) => store.reader(type, name)(record) !== undefined,
  );
}

/** `propertiesWithHistory`: the emulator keeps no history, so each value has one entry, stamped at the last change. */
function withHistory(store: HubSpotStore, type: ObjectTypeName, record: HsRecord, json: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  if (names.length === 0) return json;
  const history: Record<string, unknown[]> = {};
  for (const name of names) {
    if (!store.properties.get(type, name)) continue;
    const value = store.reader(type, name)(record);
    history[name] = value === undefined ? [] : [{ value, timestamp: new Date(record.updatedAt).toISOString(), sourceType: 'API' }];
  }
  return { ...json, propertiesWithHistory: history };
}
