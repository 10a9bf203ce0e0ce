import { associationType, associationTypeByName, BATCH_READ_MAX_INPUTS, defaultAssociationType } from '../associations.js';
import { batchItemError, validationError } from '../errors.js';
import { batchInputs, inputId, jsonObjectBody, objectTypeParam } from './requestParsing.js';
import { batchTimes, route, type RouteContext } from './routeContext.js';

/**
 * The legacy v3 association endpoints the SDK still exposes (`crm.associations.batchApi`) and the
 * per-record v3 list. Association types are named (`deal_to_company`) instead of numbered.
 */
export function registerAssociationV3Routes(ctx: RouteContext): void {
  const { store } = ctx;
  const BATCH = '/crm/v3/associations/:fromObjectType/:toObjectType/batch';

  route(ctx, 'GET', '/crm/v3/objects/:objectType/:objectId/associations/:toObjectType', (req) => {
    const from = objectTypeParam(req);
    const to = objectTypeParam(req, 'toObjectType');
    const record = store.get(from.name, req.params.objectId ?? '');
    const results: { id: string; type: string }[] = [];
    if (record && !record.archived) {
      for (const edge of store.associations.list(from.name, record.seq, to.name)) {
        const target = store.table(to.name).at(edge.toSeq);
        if (!target || target.archived) continue;
        for (const id of edge.typeIds) results.push({ id: target.id, type: associationType(id)?.name ?? String(id) });
      }
    }
    return { status: 200, body: { results } };
  });

  route(ctx, 'POST', `${BATCH}/read`, (req) => {
    const startedAt = Date.now();
    const from = objectTypeParam(req, 'fromObjectType');
    const to = objectTypeParam(req, 'toObjectType');
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of batchInputs(jsonObjectBody(req), BATCH_READ_MAX_INPUTS)) {
      const id = inputId(input);
      const record = store.get(from.name, id);
      const targets: { id: string; type: string }[] = [];
      if (record && !record.archived) {
        for (const edge of store.associations.list(from.name, record.seq, to.name)) {
          const target = store.table(to.name).at(edge.toSeq);
          if (!target || target.archived) continue;
          const def = edge.typeIds.map((t) => associationType(t)).find((d) => d?.isDefault) ?? associationType(edge.typeIds[0] ?? -1);
          targets.push({ id: target.id, type: def?.name ?? '' });
        }
      }
      if (targets.length === 0) missing.push(id);
      else results.push({ from: { id }, to: targets });
    }
    const errors = missing.map((id) => batchItemError('OBJECT_NOT_FOUND', `No ${to.singular} is associated with ${from.singular} ${id}.`, [id]));
    const body = { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), ...batchTimes(startedAt) };
    return { status: errors.length ? 207 : 200, body };
  });

  route(ctx, 'POST', `${BATCH}/create`, (req) => {
    const startedAt = Date.now();
    const from = objectTypeParam(req, 'fromObjectType');
    const to = objectTypeParam(req, 'toObjectType');
    const plans = batchInputs(jsonObjectBody(req), 2000).map((input) => {
      const fromId = String((input.from as { id?: unknown } | undefined)?.id ?? '');
      const toId = String((input.to as { id?: unknown } | undefined)?.id ?? '');
      const name = typeof input.type === 'string' ? input.type : '';
      const def = associationTypeByName(name) ?? defaultAssociationType(from.name, to.name);
      if (!def || def.from !== from.name || def.to !== to.name || (name !== '' && def.name !== name)) throw validationError(`Invalid association type ${name} between ${from.name} and ${to.name}`);
      const fromRecord = store.get(from.name, fromId);
      const toRecord = store.get(to.name, toId);
      if (!fromRecord || fromRecord.archived || !toRecord || toRecord.archived) throw validationError(`Invalid association ${fromId} -> ${toId}: an object does not exist`);
      return { fromRecord, toRecord, def };
    });
    for (const p of plans) store.associations.add(from.name, p.fromRecord.seq, to.name, p.toRecord.seq, [p.def.typeId]);
    const results = plans.map((p) => ({ from: { id: p.fromRecord.id }, to: { id: p.toRecord.id }, type: p.def.name }));
    return { status: 201, body: { status: 'COMPLETE', results, ...batchTimes(startedAt) } };
  });

  route(ctx, 'POST', `${BATCH}/archive`, (req) => {
    const from = objectTypeParam(req, 'fromObjectType');
    const to = objectTypeParam(req, 'toObjectType');
    for (const input of batchInputs(jsonObjectBody(req), 2000)) {
      const fromRecord = store.get(from.name, String((input.from as { id?: unknown } | undefined)?.id ?? ''));
      const toRecord = store.get(to.name, String((input.to as { id?: unknown } | undefined)?.id ?? ''));
      if (fromRecord && toRecord) store.associations.remove(from.name, fromRecord.seq, to.name, toRecord.seq);
    }
    return { status: 204 };
  });
}
