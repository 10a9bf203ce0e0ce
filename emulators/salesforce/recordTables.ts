import type { ModstampClock } from './clock.js';
import { isoDateTime } from './fieldValues.js';
import { idPosition, makeId, normalizeId } from './ids.js';
import { ModstampOrder } from './modstampOrder.js';
import type { SchemaCatalog, SObjectSchema } from './schema/catalog.js';
import type { FieldValue } from './schema/fieldDefs.js';

/** A stored row keyed by canonical field names (datetimes as canonical ISO strings). */
export type SfRecord = Record<string, FieldValue>;

/**
 * One sObject's rows in id order. Rows are never removed (deletes set IsDeleted) and never
 * mutated: a write replaces the row object, so a query cursor holding the old objects keeps a
 * consistent snapshot for free.
 */
export class RecordTable {
  readonly rows: SfRecord[] = [];
  /** External-id/unique fields: lower-cased value -> record id (Salesforce compares them case-insensitively). */
  readonly unique = new Map<string, Map<string, string>>();
  private order: ModstampOrder | undefined;

  constructor(readonly schema: SObjectSchema) {
    for (const f of schema.fields) if (f.unique) this.unique.set(f.name, new Map());
  }

  /** Rows in (SystemModstamp, Id) order, built on first use and kept up to date by writes. */
  modstampOrder(): ModstampOrder {
    this.order ??= new ModstampOrder(this.rows);
    return this.order;
  }

  /** The row for a canonical 18-character id (deleted rows included). */
  byId(id18: string): SfRecord | undefined {
    if (id18.slice(0, 3) !== this.schema.keyPrefix) return undefined;
    const row = this.rows[idPosition(id18)];
    return row && row.Id === id18 ? row : undefined;
  }

  nextId(offset = 0): string {
    return makeId(this.schema.keyPrefix, this.rows.length + 1 + offset);
  }

  /** Appends a row whose Id came from `nextId()`; used by projection and commits. */
  append(row: SfRecord): void {
    this.rows.push(row);
    this.indexUnique(undefined, row);
    this.order?.add(row, false);
  }

  replace(row: SfRecord): void {
    const position = idPosition(row.Id as string);
    const previous = this.rows[position];
    this.rows[position] = row;
    this.indexUnique(previous, row);
    this.order?.add(row, true);
  }

  private indexUnique(previous: SfRecord | undefined, row: SfRecord): void {
    for (const [field, index] of this.unique) {
      // Records in the recycle bin give up their unique values.
      const before = previous?.IsDeleted === true ? undefined : previous?.[field];
      const after = row.IsDeleted === true ? undefined : row[field];
      if (typeof before === 'string' && before !== after) index.delete(before.toLowerCase());
      if (typeof after === 'string') index.set(after.toLowerCase(), row.Id as string);
    }
  }
}

export class RecordTables {
  private readonly tables = new Map<string, RecordTable>();

  constructor(
    readonly catalog: SchemaCatalog,
    readonly clock: ModstampClock,
  ) {
    for (const schema of catalog.all()) this.tables.set(schema.name, new RecordTable(schema));
  }

  table(schema: SObjectSchema | string): RecordTable {
    const name = typeof schema === 'string' ? (this.catalog.get(schema)?.name ?? schema) : schema.name;
    const table = this.tables.get(name);
    if (!table) throw new Error(`no sObject ${name}`);
    return table;
  }

  /** Row for an id as stored (canonical 18 characters): the fast path for lookups in queries. */
  byStoredId(id18: string): SfRecord | undefined {
    const schema = this.catalog.forKeyPrefix(id18.slice(0, 3));
    return schema ? this.tables.get(schema.name)?.byId(id18) : undefined;
  }

  /** Any row by id, whatever its object (reference checks, relationship lookups). */
  byAnyId(id: string): SfRecord | undefined {
    const id18 = normalizeId(id);
    if (!id18) return undefined;
    const schema = this.catalog.forKeyPrefix(id18.slice(0, 3));
    return schema ? this.table(schema).byId(id18) : undefined;
  }
}

/**
 * Writes of one API call, applied together: every row gets the same SystemModstamp (as in one
 * Salesforce transaction), and nothing is visible until `commit()`, so an allOrNone failure can
 * simply drop the transaction.
 */
export class WriteTransaction {
  /** The transaction's SystemModstamp, stored form. */
  readonly stamp: string;
  private readonly staged = new Map<string, { table: RecordTable; row: SfRecord; isNew: boolean }>();
  private readonly newCount = new Map<RecordTable, number>();

  constructor(
    readonly tables: RecordTables,
    readonly actorId: string,
  ) {
    this.stamp = isoDateTime(tables.clock.stamp());
  }

  read(id: string): SfRecord | undefined {
    const id18 = normalizeId(id);
    if (!id18) return undefined;
    return this.staged.get(id18)?.row ?? this.tables.byAnyId(id18);
  }

  /** Stages a new row and gives it the next id of its object. */
  stageInsert(schema: SObjectSchema, row: SfRecord): string {
    const table = this.tables.table(schema);
    const offset = this.newCount.get(table) ?? 0;
    const id = table.nextId(offset);
    this.newCount.set(table, offset + 1);
    row.Id = id;
    this.staged.set(id, { table, row, isNew: true });
    return id;
  }

  stageUpdate(schema: SObjectSchema, row: SfRecord): void {
    const id = row.Id as string;
    const existing = this.staged.get(id);
    this.staged.set(id, { table: this.tables.table(schema), row, isNew: existing?.isNew ?? false });
  }

  /** Id of the row holding a unique value, looking at staged rows first. */
  uniqueHolder(schema: SObjectSchema, field: string, value: string): string | undefined {
    const lower = value.toLowerCase();
    for (const { table, row } of this.staged.values()) {
      if (table.schema === schema && row.IsDeleted !== true && typeof row[field] === 'string' && (row[field] as string).toLowerCase() === lower) {
        return row.Id as string;
      }
    }
    const holder = this.tables.table(schema).unique.get(field)?.get(lower);
    if (holder === undefined) return undefined;
    const current = this.staged.get(holder)?.row ?? this.tables.table(schema).byId(holder);
    const holds = current && current.IsDeleted !== true && typeof current[field] === 'string' && (current[field] as string).toLowerCase() === lower;
    return holds ? holder : undefined;
  }

  commit(): void {
    // Map order is staging order, which is id order within each table.
    for (const { table, row, isNew } of this.staged.values()) if (isNew) table.append(row);
    for (const { table, row, isNew } of this.staged.values()) if (!isNew) table.replace(row);
    this.staged.clear();
  }
}
