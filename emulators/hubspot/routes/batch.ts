import { batchItemError, MESSAGES, validationError } from '../errors.js';
import type { HsRecord } from '../objectTable.js';
import type { ObjectTypeInfo } from '../objectTypes.js';
import { recordJson, responseProperties } from '../recordJson.js';
import type { PreparedCreate } from '../store.js';
import type { WriteValues } from '../writeValidation.js';
import { lookup, nonUniqueUpdate, setProperties } from './objects.js';
import { batchInputs, booleanParam, inputId, jsonObjectBody, objectTypeParam } from './requestParsing.js';
import { batchTimes, route, type RouteContext } from './routeContext.js';

const BASE = '/crm/v3/objects/:objectType/batch';

/**
 * Batch read/create/update/upsert/archive. Whole-request problems (too many inputs, invalid
 * property values, duplicate ids) fail the request with a 400 before anything is written;
 * ids that do not exist become per-input errors in a 207 multi-status reply.
 */
export function registerBatchRoutes(ctx: RouteContext): void {
  const { store } = ctx;

  route(ctx, 'POST', `${BASE}/read`, (req) => {
    const startedAt = Date.now();
    const info = objectTypeParam(req);
    const body = jsonObjectBody(req);
    const inputs = batchInputs(body);
    const archived = booleanParam(req.query, 'archived');
    const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
    const requested = Array.isArray(body.properties) ? body.properties.filter((p): p is string => typeof p === 'string') : [];
    const names = responseProperties(store, info.name, requested);
    const results: Record<string, unknown>[] = [];
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const input of inputs) {
      const id = inputId(input);
      if (seen.has(id)) continue;
      seen.add(id);
      const record = lookup(store, info, id, idProperty);
      if (record && record.archived === archived) results.push(recordJson(store, info.name, record, names));
      else missing.push(id);
    }
    return multiStatus(200, results, missing.length === 0 ? [] : [notFound(info, missing)], startedAt);
  });

  route(ctx, 'POST', `${BASE}/create`, (req) => {
    const startedAt = Date.now();
    const info = objectTypeParam(req);
    const inputs = batchInputs(jsonObjectBody(req));
    const claimed = new Map<string, number>();
    const prepared: PreparedCreate[] = inputs.map((input) => store.prepareCreate(info.name, input.properties ?? {}, input.associations, claimed, false, 'api'));
    const records = prepared.map((p) => store.commitCreate(info.name, p));
    return multiStatus(201, records.map((r) => recordJson(store, info.name, r, setProperties(store, info.name, r))), [], startedAt);
  });

  route(ctx, 'POST', `${BASE}/update`, (req) => {
    const startedAt = Date.now();
    const info = objectTypeParam(req);
    const inputs = batchInputs(jsonObjectBody(req));
    rejectDuplicateIds(inputs.map(inputId));
    const claimed = new Map<string, number>();
    const missing: string[] = [];
    const writes: { record: HsRecord; values: WriteValues }[] = [];
    for (const input of inputs) {
      requireProperties(input.properties);
      const id = inputId(input);
      const record = lookup(store, info, id, typeof input.idProperty === 'string' ? input.idProperty : undefined, 'update');
      if (!record || record.archived) {
        missing.push(id);
        continue;
      }
      writes.push({ record, values: store.prepareUpdate(info.name, record, input.properties, claimed) });
    }
    for (const { record, values } of writes) store.commitUpdate(info.name, record, values);
    const results = writes.map(({ record }) => recordJson(store, info.name, record, setProperties(store, info.name, record)));
    return multiStatus(200, results, missing.length === 0 ? [] : [notFound(info, missing)], startedAt);
  });

  route(ctx, 'POST', `${BASE}/upsert`, (req) => {
    const startedAt = Date.now();
    const info = objectTypeParam(req);
    const inputs = batchInputs(jsonObjectBody(req));
    rejectDuplicateIds(inputs.map(inputId));
    const claimed = new Map<string, number>();
    const plans: ({ kind: 'update'; record: HsRecord; values: WriteValues } | { kind: 'create'; prepared: PreparedCreate })[] = [];
    for (const input of inputs) {
      const id = inputId(input);
      const idProperty = typeof input.idProperty === 'string' ? input.idProperty : '';
      const def = store.properties.get(info.name, idProperty);
      if (!def) throw validationError(`Property "${idProperty}" does not exist`);
      if (!def.hasUniqueValue) throw validationError(nonUniqueUpdate(info, idProperty));
      const existing = store.findByProperty(info.name, idProperty, id);
      const properties = { ...((input.properties as Record<string, unknown> | undefined) ?? {}), [idProperty]: id };
      if (existing) plans.push({ kind: 'update', record: existing, values: store.prepareUpdate(info.name, existing, properties, claimed) });
      else plans.push({ kind: 'create', prepared: store.prepareCreate(info.name, properties, input.associations, claimed, false, 'api') });
    }
    const results = plans.map((plan) => {
      const isNew = plan.kind === 'create';
      const record = plan.kind === 'create' ? store.commitCreate(info.name, plan.prepared) : plan.record;
      if (plan.kind === 'update') store.commitUpdate(info.name, plan.record, plan.values);
      return { ...recordJson(store, info.name, record, setProperties(store, info.name, record)), new: isNew };
    });
    return multiStatus(200, results, [], startedAt);
  });

  route(ctx, 'POST', `${BASE}/archive`, (req) => {
    const info = objectTypeParam(req);
    for (const input of batchInputs(jsonObjectBody(req))) store.archive(info.name, inputId(input));
    return { status: 204 };
  });
}

function multiStatus(okStatus: number, results: unknown[], errors: Record<string, unknown>[], startedAt: number): { status: number; body: unknown } {
  if (errors.length === 0) return { status: okStatus, body: { status: 'COMPLETE', results, ...batchTimes(startedAt) } };
  return { status: 207, body: { status: 'COMPLETE', results, numErrors: errors.length, errors, ...batchTimes(startedAt) } };
}

function notFound(info: ObjectTypeInfo, ids: string[]): Record<string, unknown> {
  return batchItemError('OBJECT_NOT_FOUND', `Could not get some ${info.label} objects, they may be deleted or not exist. Check that ids are valid.`, ids);
}

function rejectDuplicateIds(ids: string[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) (seen.has(id) ? duplicates : seen).add(id);
  // HubSpot documents no wording; this is its reply as integrations have recorded it.
  if (duplicates.size > 0) {
    throw validationError(`Duplicate IDs found in batch input: [${[...duplicates].join(', ')}]. IDs must be unique`, { context: { ids: [...duplicates] } });
  }
}

function requireProperties(properties: unknown): void {
  if (!properties || typeof properties !== 'object' || Object.keys(properties).length === 0) throw validationError(MESSAGES.noPropertiesToUpdate);
}

