import type { ModstampClock } from './clock.js';
import { createRecord, deleteRecord, readBodyFields, updateRecord } from './dml.js';
import { RecordProblem } from './errors.js';
import { makeId, normalizeId } from './ids.js';
import { purgeRecords } from './purge.js';
import { WriteTransaction, type RecordTables, type SfRecord } from './recordTables.js';
import type { SObjectSchema } from './schema/catalog.js';
import { runQuery } from './soql/evaluate.js';
import { prepareQuery } from './soql/prepare.js';
import { projectRecord, type JsonRecord } from './soql/project.js';
import { recordJson } from './routes/sobjects.js';

export interface StoreWriteOptions {
  /** User id the change is made as (LastModifiedById). @default the book's first active user, a person */
  as?: string;
  /** Let the write set read-only fields (CreatedDate, LastActivityDate, ...) as a data load would. @default false */
  asSystem?: boolean;
}

const WIRE_VERSION = '62.0';

/**
 * The org's data as a test sees it, like a person working in Salesforce: read records, insert,
 * edit (bumping SystemModstamp), delete to the recycle bin and empty it. Values go in and come out
 * in REST JSON form (datetimes as ISO strings); writes go through the same validation as the API.
 */
export class SalesforceStore {
  constructor(
    private readonly tables: RecordTables,
    /** The org clock: `pin()` it to make stamps and relative date literals deterministic. */
    readonly clock: ModstampClock,
    /** The integration user API calls run as. */
    readonly apiUserId: string,
    private readonly personId: string,
  ) {}

  private schema(type: string): SObjectSchema {
    const schema = this.tables.catalog.get(type);
    if (!schema) throw new Error(`unknown sObject type ${type}`);
    return schema;
  }

  /** Whether the org has an sObject type (CurrencyType only in a multi-currency org, DatedConversionRate only with advanced currency management). */
  has(type: string): boolean {
    return this.tables.catalog.get(type) !== undefined;
  }

  /** Id of the record projected from book row `index` (accounts, opportunities, tickets -> Case, users). */
  idOf(type: string, index: number): string {
    return makeId(this.schema(type).keyPrefix, index + 1);
  }

  /** Id of the row at `position` in id order (deleted rows included; purged ones have no position). */
  idAt(type: string, position: number): string | undefined {
    return this.tables.table(this.schema(type)).rows[position]?.Id as string | undefined;
  }

  /** One record with every field (deleted ones too: check `IsDeleted`), or undefined. */
  get(type: string, id: string): JsonRecord | undefined {
    const schema = this.schema(type);
    const id18 = normalizeId(id);
    const row = id18 ? this.tables.table(schema).byId(id18) : undefined;
    return row ? recordJson(schema, row, WIRE_VERSION) : undefined;
  }

  count(type: string, options: { includeDeleted?: boolean } = {}): number {
    const rows = this.tables.table(this.schema(type)).rows;
    if (options.includeDeleted) return rows.length;
    let n = 0;
    for (const row of rows) if (row.IsDeleted !== true) n++;
    return n;
  }

  /** Runs SOQL directly (no API call counted): records in REST JSON form. */
  query(soql: string, options: { includeDeleted?: boolean } = {}): JsonRecord[] {
    const q = prepareQuery(this.tables.catalog, soql, this.clock.now());
    return runQuery(this.tables, q, options.includeDeleted ?? false).map((row) => projectRecord(this.tables, q, row, WIRE_VERSION));
  }

  insert(type: string, fields: Record<string, unknown>, options: StoreWriteOptions = {}): string {
    const schema = this.schema(type);
    return this.write(options, (tx) => createRecord(tx, schema, readBodyFields(schema, fields, () => '[store]'), { asSystem: options.asSystem ?? false }));
  }

  update(type: string, id: string, fields: Record<string, unknown>, options: StoreWriteOptions = {}): void {
    const schema = this.schema(type);
    this.write(options, (tx) => updateRecord(tx, schema, this.id(id), readBodyFields(schema, fields, () => '[store]', ['Id']), { asSystem: options.asSystem ?? false }));
  }

  delete(type: string, id: string, options: StoreWriteOptions = {}): void {
    const schema = this.schema(type);
    this.write(options, (tx) => deleteRecord(tx, schema, this.id(id)));
  }

  /** Restores a record from the recycle bin (children deleted with it stay deleted). */
  undelete(type: string, id: string, options: StoreWriteOptions = {}): void {
    const schema = this.schema(type);
    this.write(options, (tx) => {
      const row = tx.read(this.id(id));
      if (!row || row.IsDeleted !== true) throw new RecordProblem('UNDELETE_FAILED', 'Entity is not in the recycle bin', []);
      tx.stageUpdate(schema, { ...row, IsDeleted: false, SystemModstamp: tx.stamp, LastModifiedDate: tx.stamp, LastModifiedById: tx.actorId });
    });
  }

  /**
   * Deletes a record for good, live or in the recycle bin, with the children deleted with it, as
   * emptying the recycle bin does; returns how many records went. Users cannot be deleted.
   */
  purge(type: string, id: string): number {
    const schema = this.schema(type);
    if (!schema.deletable) throw new Error(`${schema.name} records cannot be deleted`);
    const id18 = this.id(id);
    if (!this.tables.table(schema).byId(id18)) throw new RecordProblem('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
    return purgeRecords(this.tables, schema, [id18]);
  }

  /** The raw stored row (datetimes as `...Z` ISO strings); for assertions on internals only. */
  raw(type: string, id: string): Readonly<SfRecord> | undefined {
    const id18 = normalizeId(id);
    return id18 ? this.tables.table(this.schema(type)).byId(id18) : undefined;
  }

  private id(id: string): string {
    const id18 = normalizeId(id);
    if (!id18) throw new RecordProblem('MALFORMED_ID', `malformed id ${id}`, []);
    return id18;
  }

  private write<T>(options: StoreWriteOptions, work: (tx: WriteTransaction) => T): T {
    const tx = new WriteTransaction(this.tables, options.as ?? this.personId);
    const result = work(tx);
    tx.commit();
    return result;
  }
}
