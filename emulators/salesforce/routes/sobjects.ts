import type { EmulatorRequest, EmulatorResponse, Router } from '../../http/router.js';
import { apiRoute, jsonObjectBody, keyLocator, sobjectFor, type ApiCall, type EmulatorContext } from '../context.js';
import { createRecord, deleteRecord, readBodyFields, updateRecord, upsertRecord } from '../dml.js';
import { entityDeleted, RecordProblem, resourceNotFound, SalesforceApiError } from '../errors.js';
import { wireValue } from '../fieldValues.js';
import { normalizeId } from '../ids.js';
import { WriteTransaction, type SfRecord } from '../recordTables.js';
import type { SObjectSchema } from '../schema/catalog.js';
import type { FieldDef } from '../schema/fieldDefs.js';
import { singleRecordUpsertKey } from './upsertKeyFields.js';

const FIELD_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

/** A stored row as `GET /sobjects/X/id` returns it: attributes, then the fields in describe order. */
export function recordJson(schema: SObjectSchema, row: SfRecord, version: string, fields: FieldDef[] = schema.fields): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: schema.name, url: `/services/data/v${version}/sobjects/${schema.name}/${String(row.Id)}` },
  };
  for (const f of fields) out[f.name] = wireValue(f, row[f.name]);
  return out;
}

function requestedFields(schema: SObjectSchema, req: EmulatorRequest): FieldDef[] | undefined {
  const list = req.query.get('fields');
  if (!list) return undefined;
  return list.split(',').map((name) => {
    const f = schema.field(name.trim());
    if (!f) throw new SalesforceApiError(400, 'INVALID_FIELD', `No such column '${name.trim()}' on entity '${schema.name}'. ${FIELD_HINT}`);
    return f;
  });
}

/** A path id must be a well-formed id of the path's object; anything else reads as an unknown external id. */
function pathId(schema: SObjectSchema, raw: string | undefined): string {
  const id = normalizeId(raw ?? '');
  if (!id || !id.startsWith(schema.keyPrefix)) {
    throw new SalesforceApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${raw ?? ''}`);
  }
  return id;
}

function liveRow(ctx: EmulatorContext, schema: SObjectSchema, id: string): SfRecord {
  const row = ctx.tables.table(schema).byId(id);
  if (!row) throw resourceNotFound();
  if (row.IsDeleted === true) throw entityDeleted();
  return row;
}

/** Runs one single-record write; a per-record problem becomes the top-level 400 it is on this resource. */
function write<T>(ctx: EmulatorContext, call: ApiCall, work: (tx: WriteTransaction) => T): T {
  const tx = new WriteTransaction(ctx.tables, call.userId);
  try {
    const result = work(tx);
    tx.commit();
    return result;
  } catch (error) {
    if (error instanceof RecordProblem) throw error.toApiError();
    throw error;
  }
}

function upsert(ctx: EmulatorContext, req: EmulatorRequest, call: ApiCall): EmulatorResponse {
  const schema = sobjectFor(ctx, req.params.type);
  const extField = singleRecordUpsertKey(schema, req.params.field);
  const value = req.params.value ?? '';
  const fields = readBodyFields(schema, jsonObjectBody(req), keyLocator(req.rawBody), [extField.name]);
  if (req.query.get('updateOnly') === 'true' && !ctx.tables.table(schema).unique.get(extField.name)?.has(value.toLowerCase())) {
    throw resourceNotFound();
  }
  const { id, created } = write(ctx, call, (tx) => upsertRecord(tx, schema, extField, value, fields));
  if (created) return { status: 201, body: { id, success: true, errors: [], created: true } };
  // Before API v46 an upsert that updated answered 204 with no body.
  if (Number(call.version) < 46) return { status: 204 };
  return { status: 200, body: { id, success: true, errors: [], created: false } };
}

function byExternalId(ctx: EmulatorContext, req: EmulatorRequest, call: ApiCall): EmulatorResponse {
  const schema = sobjectFor(ctx, req.params.type);
  const extField = singleRecordUpsertKey(schema, req.params.field);
  const id = extField.name === 'Id' ? normalizeId(req.params.value ?? '') : ctx.tables.table(schema).unique.get(extField.name)?.get((req.params.value ?? '').toLowerCase());
  const row = id ? ctx.tables.table(schema).byId(id) : undefined;
  if (!row || row.IsDeleted === true) throw resourceNotFound();
  return { status: 200, body: recordJson(schema, row, call.version, requestedFields(schema, req)) };
}

export function registerSObjectRoutes(router: Router, ctx: EmulatorContext): void {
  const base = '/services/data/:version/sobjects/:type';

  router.on('POST', base, apiRoute(ctx, (req, call) => {
    const schema = sobjectFor(ctx, req.params.type);
    const fields = readBodyFields(schema, jsonObjectBody(req), keyLocator(req.rawBody));
    const id = write(ctx, call, (tx) => createRecord(tx, schema, fields));
    return { status: 201, body: { id, success: true, errors: [] } };
  }));

  router.on('GET', `${base}/:id`, apiRoute(ctx, (req, call) => {
    const schema = sobjectFor(ctx, req.params.type);
    const row = liveRow(ctx, schema, pathId(schema, req.params.id));
    return { status: 200, body: recordJson(schema, row, call.version, requestedFields(schema, req)) };
  }));

  router.on('PATCH', `${base}/:id`, apiRoute(ctx, (req, call) => {
    const schema = sobjectFor(ctx, req.params.type);
    const id = pathId(schema, req.params.id);
    liveRow(ctx, schema, id);
    const fields = readBodyFields(schema, jsonObjectBody(req), keyLocator(req.rawBody), ['Id']);
    write(ctx, call, (tx) => updateRecord(tx, schema, id, fields));
    return { status: 204 };
  }));

  router.on('DELETE', `${base}/:id`, apiRoute(ctx, (req, call) => {
    const schema = sobjectFor(ctx, req.params.type);
    if (!schema.deletable) {
      throw new SalesforceApiError(405, 'METHOD_NOT_ALLOWED', "HTTP Method 'DELETE' not allowed. Allowed are HEAD,GET,PATCH");
    }
    const id = pathId(schema, req.params.id);
    liveRow(ctx, schema, id);
    write(ctx, call, (tx) => deleteRecord(tx, schema, id));
    return { status: 204 };
  }));

  router.on('GET', `${base}/:field/:value`, apiRoute(ctx, (req, call) => byExternalId(ctx, req, call)));
  router.on('PATCH', `${base}/:field/:value`, apiRoute(ctx, (req, call) => upsert(ctx, req, call)));
}
