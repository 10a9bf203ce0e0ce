import type { EmulatorRequest } from '../../http/router.js';
import { associationType, BATCH_READ_MAX_INPUTS, defaultAssociationType, type AssociationTypeDef } from '../associations.js';
import { batchItemError, HubSpotApiError, validationError } from '../errors.js';
import type { HsRecord } from '../objectTable.js';
import type { ObjectTypeInfo, ObjectTypeName } from '../objectTypes.js';
import type { HubSpotStore } from '../store.js';
import { batchInputs, decodeCursor, encodeCursor, inputId, jsonObjectBody, limitParam, objectTypeParam } from './requestParsing.js';
import { batchTimes, route, type RouteContext } from './routeContext.js';

const OBJECT = '/crm/v4/objects/:objectType/:objectId/associations';
const BATCH = '/crm/v4/associations/:fromObjectType/:toObjectType/batch';

/** Associations v4: per-record list/create/delete and the batch endpoints. `toObjectId` is a JSON number here. */
export function registerAssociationV4Routes(ctx: RouteContext): void {
  const { store } = ctx;

  route(ctx, 'GET', `${OBJECT}/:toObjectType`, (req) => {
    const from = objectTypeParam(req);
    const to = objectTypeParam(req, 'toObjectType');
    const limit = limitParam(req.query, 500, 500);
    const after = req.query.get('after');
    const record = store.get(from.name, req.params.objectId ?? '');
    const edges = record && !record.archived ? liveEdges(store, from.name, record, to.name) : [];
    const start = after ? edges.findIndex((e) => e.toObjectId >= decodeCursor(after)) : 0;
    const page = start < 0 ? [] : edges.slice(start, start + limit);
    const next = start < 0 ? undefined : edges[start + limit];
    const body: Record<string, unknown> = { results: page };
    if (next) body.paging = { next: { after: encodeCursor(next.toObjectId), link: `${ctx.baseUrl()}${req.path}?after=${encodeCursor(next.toObjectId)}` } };
    return { status: 200, body };
  });

  route(ctx, 'PUT', `${OBJECT}/default/:toObjectType/:toObjectId`, (req) => {
    const startedAt = Date.now();
    const { from, to, fromRecord, toRecord } = pairFromPath(store, req);
    const def = defaultType(from.name, to.name);
    store.associations.add(from.name, fromRecord.seq, to.name, toRecord.seq, [def.typeId]);
    const results = [
      { from: { id: fromRecord.id }, to: { id: toRecord.id }, associationSpec: spec(def) },
      { from: { id: toRecord.id }, to: { id: fromRecord.id }, associationSpec: spec(associationType(def.inverse) as AssociationTypeDef) },
    ];
    return { status: 200, body: { status: 'COMPLETE', results, ...batchTimes(startedAt) } };
  });

  route(ctx, 'PUT', `${OBJECT}/:toObjectType/:toObjectId`, (req) => {
    const { from, to, fromRecord, toRecord } = pairFromPath(store, req);
    if (!Array.isArray(req.body) || req.body.length === 0) throw validationError('The request body must be a non-empty array of association specs');
    const defs = (req.body as unknown[]).map((s) => specToType(s, from.name, to.name));
    store.associations.add(from.name, fromRecord.seq, to.name, toRecord.seq, defs.map((d) => d.typeId));
    return { status: 201, body: labelsBetween(store, from, fromRecord, to, toRecord) };
  });

  route(ctx, 'DELETE', `${OBJECT}/:toObjectType/:toObjectId`, (req) => {
    const { from, to, fromRecord, toRecord } = pairFromPath(store, req);
    store.associations.remove(from.name, fromRecord.seq, to.name, toRecord.seq);
    return { status: 204 };
  });

  // Each input pages on its own: a result carries `paging.next.after` when its record has more
  // associations than one page holds, and the client sends that `after` back beside the `id`.
  route(ctx, 'POST', `${BATCH}/read`, (req) => {
    const startedAt = Date.now();
    const { from, to } = batchTypes(req);
    const results: unknown[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const input of batchInputs(jsonObjectBody(req), BATCH_READ_MAX_INPUTS)) {
      const id = inputId(input);
      const record = store.get(from.name, id);
      const edges = record && !record.archived ? liveEdges(store, from.name, record, to.name) : [];
      const after = typeof input.after === 'string' && input.after !== '' ? input.after : undefined;
      const start = after ? edges.findIndex((e) => e.toObjectId >= decodeCursor(after)) : 0;
      const page = start < 0 ? [] : edges.slice(start, start + ctx.associationPageSize);
      const next = start < 0 ? undefined : edges[start + ctx.associationPageSize];
      if (page.length === 0) errors.push({ ...batchItemError('OBJECT_NOT_FOUND', `No ${to.singular} is associated with ${from.singular} ${id}.`, [id]), context: { fromObjectId: [id] } });
      else results.push({ from: { id }, to: page, ...(next ? { paging: { next: { after: encodeCursor(next.toObjectId) } } } : {}) });
    }
    const body = { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), ...batchTimes(startedAt) };
    return { status: errors.length ? 207 : 200, body };
  });

  route(ctx, 'POST', `${BATCH}/create`, (req) => {
    const startedAt = Date.now();
    const { from, to } = batchTypes(req);
    const plans = batchInputs(jsonObjectBody(req), 2000).map((input) => {
      const { fromRecord, toRecord } = batchPair(store, from, to, input);
      const types = Array.isArray(input.types) ? input.types : [];
      if (types.length === 0) throw validationError('each input needs at least one association type');
      return { fromRecord, toRecord, defs: types.map((s: unknown) => specToType(s, from.name, to.name)) };
    });
    for (const p of plans) store.associations.add(from.name, p.fromRecord.seq, to.name, p.toRecord.seq, p.defs.map((d) => d.typeId));
    return { status: 201, body: { status: 'COMPLETE', results: plans.map((p) => labelsBetween(store, from, p.fromRecord, to, p.toRecord)), ...batchTimes(startedAt) } };
  });

  route(ctx, 'POST', `${BATCH}/associate/default`, (req) => {
    const startedAt = Date.now();
    const { from, to } = batchTypes(req);
    const def = defaultType(from.name, to.name);
    const pairs = batchInputs(jsonObjectBody(req), 2000).map((input) => batchPair(store, from, to, input));
    for (const p of pairs) store.associations.add(from.name, p.fromRecord.seq, to.name, p.toRecord.seq, [def.typeId]);
    const results = pairs.map((p) => ({ from: { id: p.fromRecord.id }, to: { id: p.toRecord.id }, associationSpec: spec(def) }));
    return { status: 200, body: { status: 'COMPLETE', results, ...batchTimes(startedAt) } };
  });

  route(ctx, 'POST', `${BATCH}/archive`, (req) => {
    const { from, to } = batchTypes(req);
    for (const input of batchInputs(jsonObjectBody(req), 2000)) {
      const fromRecord = store.get(from.name, String((input.from as { id?: unknown } | undefined)?.id ?? ''));
      const targets = Array.isArray(input.to) ? (input.to as { id?: unknown }[]) : [];
      for (const target of targets) {
        const toRecord = store.get(to.name, String(target?.id ?? ''));
        if (fromRecord && toRecord) store.associations.remove(from.name, fromRecord.seq, to.name, toRecord.seq);
      }
    }
    return { status: 204 };
  });

  route(ctx, 'POST', `${BATCH}/labels/archive`, (req) => {
    const { from, to } = batchTypes(req);
    for (const input of batchInputs(jsonObjectBody(req), 2000)) {
      const { fromRecord, toRecord } = batchPair(store, from, to, input);
      const types = Array.isArray(input.types) ? input.types : [];
      store.associations.remove(from.name, fromRecord.seq, to.name, toRecord.seq, types.map((s: unknown) => specToType(s, from.name, to.name).typeId));
    }
    return { status: 204 };
  });
}

export function spec(def: AssociationTypeDef): { associationCategory: string; associationTypeId: number } {
  return { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: def.typeId };
}

/** Associations to live records in the v4 shape, ascending by target id. */
function liveEdges(store: HubSpotStore, from: ObjectTypeName, record: HsRecord, to: ObjectTypeName): { toObjectId: number; associationTypes: unknown[] }[] {
  const out: { toObjectId: number; associationTypes: unknown[] }[] = [];
  for (const edge of store.associations.list(from, record.seq, to)) {
    const target = store.table(to).at(edge.toSeq);
    if (!target || target.archived) continue;
    const associationTypes = edge.typeIds.map((id) => ({ category: 'HUBSPOT_DEFINED', typeId: id, label: associationType(id)?.label ?? null }));
    out.push({ toObjectId: target.idNum, associationTypes });
  }
  return out;
}

function labelsBetween(store: HubSpotStore, from: ObjectTypeInfo, fromRecord: HsRecord, to: ObjectTypeInfo, toRecord: HsRecord): Record<string, unknown> {
  const labels = store.associations
    .typesBetween(from.name, fromRecord.seq, to.name, toRecord.seq)
    .map((id) => associationType(id)?.label)
    .filter((l): l is string => typeof l === 'string');
  return { fromObjectTypeId: from.typeId, fromObjectId: fromRecord.idNum, toObjectTypeId: to.typeId, toObjectId: toRecord.idNum, labels };
}

function specToType(raw: unknown, from: ObjectTypeName, to: ObjectTypeName): AssociationTypeDef {
  const s = (raw ?? {}) as { associationCategory?: unknown; associationTypeId?: unknown };
  const def = associationType(Number(s.associationTypeId));
  if (s.associationCategory !== 'HUBSPOT_DEFINED' || !def || def.from !== from || def.to !== to) {
    throw validationError(`${String(s.associationCategory)} association type ${String(s.associationTypeId)} is not valid between ${from} and ${to}`);
  }
  return def;
}

function defaultType(from: ObjectTypeName, to: ObjectTypeName): AssociationTypeDef {
  const def = defaultAssociationType(from, to);
  if (!def) throw validationError(`There is no default association type between ${from} and ${to}`);
  return def;
}

function liveRecord(store: HubSpotStore, info: ObjectTypeInfo, id: string): HsRecord {
  const record = store.get(info.name, id);
  if (!record || record.archived) throw new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `No ${info.singular} with id ${id} exists`, { context: { id: [id] } });
  return record;
}

function pairFromPath(store: HubSpotStore, req: EmulatorRequest) {
  const from = objectTypeParam(req);
  const to = objectTypeParam(req, 'toObjectType');
  return { from, to, fromRecord: liveRecord(store, from, req.params.objectId ?? ''), toRecord: liveRecord(store, to, req.params.toObjectId ?? '') };
}

function batchTypes(req: EmulatorRequest): { from: ObjectTypeInfo; to: ObjectTypeInfo } {
  return { from: objectTypeParam(req, 'fromObjectType'), to: objectTypeParam(req, 'toObjectType') };
}

function batchPair(store: HubSpotStore, from: ObjectTypeInfo, to: ObjectTypeInfo, input: Record<string, unknown>) {
  const fromId = String((input.from as { id?: unknown } | undefined)?.id ?? '');
  const toId = String((input.to as { id?: unknown } | undefined)?.id ?? '');
  return { fromRecord: liveRecord(store, from, fromId), toRecord: liveRecord(store, to, toId) };
}
