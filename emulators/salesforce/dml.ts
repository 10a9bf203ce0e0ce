import { deriveFields } from './derive.js';
import { RecordProblem, SalesforceApiError } from './errors.js';
import { checkValue, deserializeValue } from './fieldValues.js';
import { idPosition, normalizeId } from './ids.js';
import type { SfRecord, WriteTransaction } from './recordTables.js';
import type { SObjectSchema } from './schema/catalog.js';
import type { FieldDef, FieldValue } from './schema/fieldDefs.js';

/** Field values read from one record of a request body, in body order. */
export type BodyFields = Map<FieldDef, FieldValue>;

export interface DmlOptions {
  /** Writes made "by the system" (test fixtures): read-only fields such as CreatedDate may be set. */
  asSystem?: boolean;
}

/** Fields the API never lets anyone set, not even the emulator's system writes. */
const NEVER_WRITTEN = new Set(['Id', 'SystemModstamp', 'IsDeleted']);

/**
 * Reads a record's fields from a JSON body. Unknown fields and unreadable values fail the whole
 * request: Salesforce rejects them while deserializing, before any record is saved.
 */
export function readBodyFields(schema: SObjectSchema, body: Record<string, unknown>, locate: (key: string) => string, ignore: string[] = []): BodyFields {
  const skip = new Set(['attributes', ...ignore.map((k) => k.toLowerCase())]);
  const fields: BodyFields = new Map();
  for (const [key, raw] of Object.entries(body)) {
    if (skip.has(key.toLowerCase())) continue;
    const field = schema.field(key);
    if (!field) throw new SalesforceApiError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${schema.name}`);
    fields.set(field, deserializeValue(field, raw, locate(key)));
  }
  return fields;
}

function checkWritable(fields: BodyFields, mode: 'create' | 'update', opts: DmlOptions): void {
  const refused = [...fields.keys()].filter((f) =>
    NEVER_WRITTEN.has(f.name) || (!opts.asSystem && !(mode === 'create' ? f.createable : f.updateable)),
  );
  if (refused.length > 0) {
    const names = refused.map((f) => f.name);
    throw new RecordProblem(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${names.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      names,
    );
  }
}

function checkRequired(schema: SObjectSchema, row: SfRecord): void {
  const missing = schema.fields.filter((f) => f.createable && !f.nillable && f.type !== 'boolean' && (row[f.name] === null || row[f.name] === undefined));
  if (missing.length > 0) {
    const names = missing.map((f) => f.name);
    throw new RecordProblem('REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names);
  }
}

/** Lookup values must be well-formed ids of the right object, of live records (and active owners). */
function checkReferences(tx: WriteTransaction, schema: SObjectSchema, row: SfRecord, changed: Iterable<FieldDef>): void {
  for (const field of changed) {
    if (field.type !== 'reference' || row[field.name] === null) continue;
    const raw = String(row[field.name]);
    const id = normalizeId(raw);
    if (!id) throw new RecordProblem('MALFORMED_ID', `${field.label}: id value of incorrect type: ${raw}`, [field.name]);
    const target = tx.tables.catalog.forKeyPrefix(id.slice(0, 3));
    if (!target || !field.referenceTo.includes(target.name)) {
      throw new RecordProblem('FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${raw}`, [field.name]);
    }
    const parent = tx.read(id);
    if (!parent) throw new RecordProblem('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
    if (parent.IsDeleted === true) throw new RecordProblem('ENTITY_IS_DELETED', 'entity is deleted', [field.name]);
    if (field.name === 'OwnerId' && parent.IsActive === false) {
      throw new RecordProblem('INACTIVE_OWNER_OR_USER', 'owner or user is inactive.', []);
    }
    row[field.name] = id;
  }
}

function checkUnique(tx: WriteTransaction, schema: SObjectSchema, row: SfRecord): void {
  for (const field of schema.fields) {
    const value = row[field.name];
    if (!field.unique || typeof value !== 'string') continue;
    const holder = tx.uniqueHolder(schema, field.name, value);
    if (holder !== undefined && holder !== row.Id) {
      throw new RecordProblem('DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${holder}`, []);
    }
  }
}

function checkedValues(fields: BodyFields): BodyFields {
  const checked: BodyFields = new Map();
  for (const [field, value] of fields) checked.set(field, checkValue(field, value));
  return checked;
}

function written(fields: BodyFields): Set<string> {
  return new Set([...fields.keys()].map((f) => f.name));
}

export function createRecord(tx: WriteTransaction, schema: SObjectSchema, body: BodyFields, opts: DmlOptions = {}): string {
  checkWritable(body, 'create', opts);
  const values = checkedValues(body);
  const byName = new Map([...values].map(([f, v]) => [f.name, v]));
  const initial: Record<string, FieldValue> = {};
  for (const f of schema.fields) initial[f.name] = byName.has(f.name) ? (byName.get(f.name) ?? null) : f.defaultValue;
  if (initial.OwnerId === null && schema.field('OwnerId')) initial.OwnerId = tx.actorId;
  const row: SfRecord = schema.newRow(initial);
  if (row.IsDeleted !== undefined) row.IsDeleted = false;
  if (!byName.has('CreatedDate')) row.CreatedDate = tx.stamp;
  if (!byName.has('CreatedById')) row.CreatedById = tx.actorId;
  row.LastModifiedDate = tx.stamp;
  row.LastModifiedById = tx.actorId;
  row.SystemModstamp = tx.stamp;
  deriveFields(schema.name, row, undefined, { stamp: tx.stamp, written: written(values), read: (id) => tx.read(id) });
  checkRequired(schema, row);
  checkReferences(tx, schema, row, schema.fields);
  checkUnique(tx, schema, row);
  const id = tx.stageInsert(schema, row);
  if (schema.name === 'Case' && !byName.has('CaseNumber')) row.CaseNumber = caseNumber(idPosition(id));
  return id;
}

/** Case numbers are an auto-number; the emulator derives them from the row position. */
export function caseNumber(position: number): string {
  return String(1001 + position).padStart(8, '0');
}

/** Loads a live record for writing; per-record problems when it is gone. */
export function liveRecord(tx: WriteTransaction, schema: SObjectSchema, id18: string): SfRecord {
  const existing = tx.read(id18);
  if (!existing || existing.Id !== id18 || !id18.startsWith(schema.keyPrefix)) {
    throw new RecordProblem('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
  }
  if (existing.IsDeleted === true) throw new RecordProblem('ENTITY_IS_DELETED', 'entity is deleted', []);
  return existing;
}

export function updateRecord(tx: WriteTransaction, schema: SObjectSchema, id18: string, body: BodyFields, opts: DmlOptions = {}): void {
  const existing = liveRecord(tx, schema, id18);
  checkWritable(body, 'update', opts);
  const values = checkedValues(body);
  const row: SfRecord = { ...existing };
  for (const [field, value] of values) row[field.name] = value;
  row.LastModifiedDate = tx.stamp;
  row.LastModifiedById = tx.actorId;
  row.SystemModstamp = tx.stamp;
  deriveFields(schema.name, row, existing, { stamp: tx.stamp, written: written(values), read: (id) => tx.read(id) });
  checkRequired(schema, row);
  checkReferences(tx, schema, row, values.keys());
  checkUnique(tx, schema, row);
  tx.stageUpdate(schema, row);
}

/** Upsert on an external-id field: returns the record id and whether it was created. */
export function upsertRecord(tx: WriteTransaction, schema: SObjectSchema, extField: FieldDef, extValue: string, body: BodyFields, opts: DmlOptions = {}): { id: string; created: boolean } {
  const holder = extField.name === 'Id' ? normalizeId(extValue) : tx.uniqueHolder(schema, extField.name, extValue);
  if (holder !== undefined && tx.read(holder)?.IsDeleted !== true) {
    const rest: BodyFields = new Map([...body].filter(([f]) => f !== extField));
    updateRecord(tx, schema, holder, rest, opts);
    return { id: holder, created: false };
  }
  if (extField.name === 'Id') throw new RecordProblem('NOT_FOUND', 'Provided external ID field does not exist or is not accessible: Id', []);
  const withKey: BodyFields = new Map(body);
  withKey.set(extField, extValue);
  return { id: createRecord(tx, schema, withKey, opts), created: true };
}

/** Moves a record (and the children Salesforce deletes with it) to the recycle bin. */
export function deleteRecord(tx: WriteTransaction, schema: SObjectSchema, id18: string): void {
  const existing = liveRecord(tx, schema, id18);
  tx.stageUpdate(schema, { ...existing, IsDeleted: true, SystemModstamp: tx.stamp });
  for (const rel of schema.childRelationships) {
    if (!rel.cascadeDelete) continue;
    const child = tx.tables.catalog.get(rel.childSObject);
    if (!child) continue;
    for (const row of tx.tables.table(child).rows) {
      if (row[rel.field] === id18 && row.IsDeleted === false) {
        const current = tx.read(row.Id as string) ?? row;
        if (current.IsDeleted === false) tx.stageUpdate(child, { ...current, IsDeleted: true, SystemModstamp: tx.stamp });
      }
    }
  }
}
