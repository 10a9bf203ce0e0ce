import { resourceNotFound, SalesforceApiError } from '../errors.js';
import type { SObjectSchema } from '../schema/catalog.js';
import type { FieldDef } from '../schema/fieldDefs.js';

/** Upsert keys: the record Id or a field with the External ID attribute; a plain field is not one. */
function upsertKey(schema: SObjectSchema, name: string | undefined): FieldDef | undefined {
  const field = schema.field(name ?? '');
  return field && (field.externalId || field.name === 'Id') ? field : undefined;
}

/**
 * `PATCH|GET /sobjects/{T}/{field}/{value}`. "Insert or Update (Upsert) a Record Using an External
 * ID" (developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm) documents
 * the answer to an incorrect external ID field: 404 `NOT_FOUND` "The requested resource does not exist".
 */
export function singleRecordUpsertKey(schema: SObjectSchema, name: string | undefined): FieldDef {
  const field = upsertKey(schema, name);
  if (!field) throw resourceNotFound();
  return field;
}

/**
 * `PATCH /composite/sobjects/{T}/{field}`. "Upsert Records Using sObject Collections"
 * (developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm):
 * a request that isn't well formed gets 400 and nothing is written. The text is the one orgs
 * answer with for a key that is not an External ID (the document gives none).
 */
export function collectionUpsertKey(schema: SObjectSchema, name: string | undefined): FieldDef {
  const field = upsertKey(schema, name);
  if (!field) {
    throw new SalesforceApiError(400, 'INVALID_FIELD', `Field name provided, ${name ?? ''} is not an External ID or indexed field for ${schema.name}`);
  }
  return field;
}
