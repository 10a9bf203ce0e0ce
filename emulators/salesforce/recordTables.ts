import type { ModstampClock } from './clock.js';
import { isoDateTime } from './fieldValues.js';
import { idPosition, makeId, normalizeId } from './ids.js';
import { ModstampOrder } from './modstampOrder.js';
import type { SchemaCatalog, SObjectSchema } from './schema/catalog.js';
import type { FieldValue } from './schema/fieldDefs.js';

/** A stored row keyed by canonical field names (datetimes as canonical ISO strings). */
export type SfRecord = Record<string, FieldValue>;

/**
 * One sObject's rows in id order. Deletes set IsDeleted; only a purge (the recycle bin emptied)
 * removes rows, and ids are never issued again, so until a purge a row's position is its id's
 * position. Rows are never mutated: a write replaces the row object, so a query cursor holding
 * the old objects keeps a consistent snapshot for free.
 */
export class RecordTable {
  readonly rows: SfRecord[] = [];
  /** External-id/unique fields: lower-cased value -> record id (Salesforce compares them case-insensitively). */
  readonly unique = new Map<string, Map<string, string>>();
  private order: ModstampOrder | undefined;
  /** Ids handed out so far (purged ones included): the next id follows them. */
  private issued = 0;
  private purged = 0;

  constructor(readonly schema: SObjectSchema) {
    for (const f of schema.fields) if (f.unique) this.unique.set(f.name, new Map());
  }

  /** Rows in (SystemModstamp, Id) order, built on first use and kept up to date by writes. */
  modstampOrder(): ModstampOrder {
    this.order ??= new ModstampOrder(this.rows, (id18) => this.byId(id18));
    return this.order;
  }

  /** The row for a canonical 18-character id (deleted rows included, purged ones gone). */
  byId(id18: string): SfRecord | undefined {
    const at = this.positionOf(id18);
    return at < 0 ? undefined : this.rows[at];
  }

  /**
   * Where the row of an id sits, or -1. Until a purge that is the id's own position; after one,
   * rows past it sit lower, found by bisection (ids of one object sort as text in id order).
   */
  private positionOf(id18: string): number {
    if (id18.slice(0, 3) !== this.schema.keyPrefix) return -1;
    const position = idPosition(id18);
    if (position < 0) return -1;
    if (this.rows[position]?.Id === id18) return position;
    if (this.purged === 0) return -1;
    let lo = 0;
    let hi = Math.min(position, this.rows.length - 1);
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const id = (this.rows[mid] as SfRecord).Id as string;
      if (id === id18) return mid;
      if (id < id18) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  nextId(offset = 0): string {
    return makeId(this.schema.keyPrefix, this.issued + 1 + offset);
  }

  /** Appends a row whose Id came from `nextId()`; used by projection and commits. */
  append(row: SfRecord): void {
    this.rows.push(row);
    this.issued = Math.max(this.issued, idPosition(row.Id as string) + 1);
    this.indexUnique(undefined, row);
    this.order?.add(row, false);
  }

  replace(row: SfRecord): void {
    const at = this.positionOf(row.Id as string);
    if (at < 0) throw new Error(`no ${this.schema.name} row ${String(row.Id)} to replace`);
    const previous = this.rows[at];
    this.rows[at] = row;
    this.indexUnique(previous, row);
    this.order?.add(row, true);
  }

  /**
   * Removes rows for good (the recycle bin emptied): their unique values are freed and their ids
   * are never issued again. One pass compacts the table, however many rows go.
   */
  purge(ids: ReadonlySet<string>): void {
    let kept = 0;
    for (const row of this.rows) {
      if (ids.has(row.Id as string)) this.indexUnique(row, undefined);
      else this.rows[kept++] = row;
    }
    const removed = this.rows.length - kept;
    this.rows.length = kept;
    this.purged += removed;
    this.order?.forget(removed);
  }

  private indexUnique(previous: SfRecord | undefined, row: SfRecord | undefined): void {
    for (const [field, index] of this.unique) {
      // Records in the recycle bin give up their unique values.
      const before = previous?.IsDeleted === true ? undefined : previous?.[field];
      const after = row?.IsDeleted === true ? undefined : row?.[field];
      if (typeof before === 'string' && before !== after) index.delete(before.toLowerCase());
      if (typeof after === 'string') index.set(after.toLowerCase(), row?.Id as string);
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
