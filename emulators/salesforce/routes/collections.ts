import type { EmulatorRequest, Router } from '../../http/router.js';
import { apiRoute, jsonObjectBody, keyLocator, sobjectFor, type ApiCall, type EmulatorContext } from '../context.js';
import { createRecord, deleteRecord, readBodyFields, updateRecord, upsertRecord, type BodyFields } from '../dml.js';
import { RecordProblem, resourceNotFound, SalesforceApiError } from '../errors.js';
import { normalizeId } from '../ids.js';
import type { SObjectSchema } from '../schema/catalog.js';
import { recordJson } from './sobjects.js';
import { runCollection, type CollectionItem } from './collectionWrites.js';
import { collectionUpsertKey } from './upsertKeyFields.js';

const MAX_RECORDS = 200;

function tooMany(): SalesforceApiError {
  return new SalesforceApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
}

function requireVersion(call: ApiCall, minimum: number): void {
  if (Number(call.version) < minimum) throw resourceNotFound();
}

interface CollectionBody {
  allOrNone: boolean;
  records: Array<Record<string, unknown>>;
}

function collectionBody(req: EmulatorRequest): CollectionBody {
  const body = jsonObjectBody(req);
  const records = body.records;
  if (!Array.isArray(records)) throw new SalesforceApiError(400, 'INVALID_FIELD', 'The records parameter is required');
  if (records.length > MAX_RECORDS) throw tooMany();
  if (records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of SObject from VALUE_STRING value or request may be missing a required field');
  }
  return { allOrNone: body.allOrNone === true, records: records as Array<Record<string, unknown>> };
}

/** Every record names its type in `attributes`; a missing or unknown one fails the whole request. */
function typeOf(ctx: EmulatorContext, record: Record<string, unknown>): SObjectSchema {
  const attributes = record.attributes as { type?: unknown } | undefined;
  const type = typeof attributes?.type === 'string' ? attributes.type : undefined;
  if (!type) throw new SalesforceApiError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  const schema = ctx.catalog.get(type);
  if (!schema) throw new SalesforceApiError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return schema;
}

function idProperty(record: Record<string, unknown>): unknown {
  const key = Object.keys(record).find((k) => k.toLowerCase() === 'id');
  return key === undefined ? undefined : record[key];
}

function malformedId(schema: SObjectSchema, raw: unknown): RecordProblem {
  return new RecordProblem('MALFORMED_ID', `${schema.label} ID: id value of incorrect type: ${String(raw)}`, ['Id']);
}

/** Body fields are read for every record before any is saved: unreadable input fails the call. */
function parsedItems(ctx: EmulatorContext, req: EmulatorRequest, body: CollectionBody, ignore: string[]): Array<{ schema: SObjectSchema; record: Record<string, unknown>; fields: BodyFields }> {
  const locate = keyLocator(req.rawBody);
  return body.records.map((record) => {
    const schema = typeOf(ctx, record);
    return { schema, record, fields: readBodyFields(schema, record, locate, ignore) };
  });
}

export function registerCollectionRoutes(router: Router, ctx: EmulatorContext): void {
  const base = '/services/data/:version/composite/sobjects';

  router.on('POST', base, apiRoute(ctx, (req, call) => {
    requireVersion(call, 42);
    const body = collectionBody(req);
    const items: CollectionItem[] = parsedItems(ctx, req, body, []).map(({ schema, record, fields }) => ({
      run: (tx) => {
        if (idProperty(record) !== undefined) {
          throw new RecordProblem('INVALID_FIELD_FOR_INSERT_UPDATE', 'Record ID: cannot specify Id in an insert call', ['Id']);
        }
        return { id: createRecord(tx, schema, fields) };
      },
    }));
    return { status: 200, body: runCollection(ctx, call, body.allOrNone, items) };
  }));

  router.on('PATCH', base, apiRoute(ctx, (req, call) => {
    requireVersion(call, 42);
    const body = collectionBody(req);
    const items: CollectionItem[] = parsedItems(ctx, req, body, ['id']).map(({ schema, record, fields }) => {
      const raw = idProperty(record);
      const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
      return {
        knownId: id,
        run: (tx) => {
          if (raw === undefined || raw === null) throw new RecordProblem('MISSING_ARGUMENT', 'Id not specified in an update call', []);
          if (!id || !id.startsWith(schema.keyPrefix)) throw malformedId(schema, raw);
          updateRecord(tx, schema, id, fields);
          return { id };
        },
      };
    });
    return { status: 200, body: runCollection(ctx, call, body.allOrNone, items) };
  }));

  router.on('PATCH', `${base}/:type/:field`, apiRoute(ctx, (req, call) => {
    requireVersion(call, 46);
    const schema = sobjectFor(ctx, req.params.type);
    const extField = collectionUpsertKey(schema, req.params.field);
    const body = collectionBody(req);
    const parsed = parsedItems(ctx, req, body, [extField.name]);
    const keyOf = (record: Record<string, unknown>): string | undefined => {
      const key = Object.keys(record).find((k) => k.toLowerCase() === extField.name.toLowerCase());
      const v = key === undefined ? undefined : record[key];
      return v === undefined || v === null || v === '' ? undefined : String(v);
    };
    const seen = new Map<string, number>();
    for (const { record } of parsed) {
      const key = keyOf(record)?.toLowerCase();
      if (key !== undefined) seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const items: CollectionItem[] = parsed.map(({ schema: recordSchema, record, fields }) => ({
      upsert: true,
      run: (tx) => {
        if (recordSchema !== schema) throw new RecordProblem('INVALID_TYPE', `sObject type '${recordSchema.name}' does not match the request type ${schema.name}`, []);
        const value = keyOf(record);
        if (value === undefined) throw new RecordProblem('MISSING_ARGUMENT', `${extField.name} not specified`, [extField.name]);
        if ((seen.get(value.toLowerCase()) ?? 0) > 1) {
          throw new RecordProblem('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${value}`, [extField.name]);
        }
        return upsertRecord(tx, schema, extField, value, fields);
      },
    }));
    return { status: 200, body: runCollection(ctx, call, body.allOrNone, items) };
  }));

  router.on('DELETE', base, apiRoute(ctx, (req, call) => {
    requireVersion(call, 42);
    const ids = (req.query.get('ids') ?? '').split(',').filter((s) => s !== '');
    if (ids.length > MAX_RECORDS) throw tooMany();
    const items: CollectionItem[] = ids.map((raw) => {
      const id = normalizeId(raw);
      return {
        knownId: id,
        run: (tx) => {
          const schema = id ? ctx.catalog.forKeyPrefix(id.slice(0, 3)) : undefined;
          if (!id || !schema) throw new RecordProblem('MALFORMED_ID', `malformed id ${raw}`, []);
          if (!schema.deletable) throw new RecordProblem('INVALID_TYPE', `${schema.label} records cannot be deleted`, []);
          deleteRecord(tx, schema, id);
          return { id };
        },
      };
    });
    return { status: 200, body: runCollection(ctx, call, req.query.get('allOrNone') === 'true', items) };
  }));

  const retrieve = (req: EmulatorRequest, call: ApiCall, ids: unknown, fieldList: unknown): { status: number; body: unknown } => {
    requireVersion(call, 42);
    const schema = sobjectFor(ctx, req.params.type);
    const names = Array.isArray(fieldList) ? fieldList.map(String) : String(fieldList ?? '').split(',').filter((s) => s !== '');
    const idList = Array.isArray(ids) ? ids.map(String) : String(ids ?? '').split(',').filter((s) => s !== '');
    if (idList.length > 2000) throw tooMany();
    const fields = names.map((n) => {
      const f = schema.field(n);
      if (!f) throw new SalesforceApiError(400, 'INVALID_FIELD', `No such column '${n}' on entity '${schema.name}'.`);
      return f;
    });
    const table = ctx.tables.table(schema);
    const records = idList.map((raw) => {
      const id = normalizeId(raw);
      const row = id ? table.byId(id) : undefined;
      return row && row.IsDeleted !== true ? recordJson(schema, row, call.version, fields.length ? fields : schema.fields) : null;
    });
    return { status: 200, body: records };
  };
  router.on('GET', `${base}/:type`, apiRoute(ctx, (req, call) => retrieve(req, call, req.query.get('ids'), req.query.get('fields'))));
  router.on('POST', `${base}/:type`, apiRoute(ctx, (req, call) => {
    const body = jsonObjectBody(req);
    return retrieve(req, call, body.ids, body.fields);
  }));
}
