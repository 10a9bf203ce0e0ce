import type { OrgCurrencies } from '../emulatorKit.js';
import { requiredOnCreate } from './apiRequiredProperties.js';
import { AssociationIndex, associationType, type AssociationTypeDef } from './associations.js';
import { ModificationClock } from './clock.js';
import { HubSpotApiError, propertyValuesError, validationError } from './errors.js';
import { ObjectTable, type HsRecord } from './objectTable.js';
import { OBJECT_TYPES, objectTypeInfo, type ObjectTypeName } from './objectTypes.js';
import { PipelineCatalog, type Pipeline, type PipelineObjectType } from './pipelines.js';
import { portalVariant } from './portalVariants.js';
import type { PortalProperties } from './propertyDefinitions.js';
import { propertyReader, type PropertyReader } from './propertyReaders.js';
import { PropertyRegistry } from './propertyRegistry.js';
import { isoFromMs } from './propertyValues.js';
import { uniqueConflicts, validateWrite, type WriteContext, type WriteValues } from './writeValidation.js';

export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: number;
  updatedAt: number;
  /** Deactivated users' owners are archived: listed only with `archived=true`. */
  archived: boolean;
}

/** An association as object create bodies carry it. */
export interface AssociationInput {
  to: { id: string };
  types: { associationCategory: string; associationTypeId: number }[];
}

/** A record as a person would see it in HubSpot: every set property, stamps as ISO strings. */
export interface ObjectView {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface PreparedCreate {
  values: WriteValues;
  links: { def: AssociationTypeDef; toSeq: number }[];
}

export interface HubSpotStoreOptions {
  portalId: number;
  /** @default 0 */
  searchIndexLagMs?: number;
  /** Industry options as [value, label]. */
  industries?: [string, string][];
  /** The clock never stamps earlier than this (the newest seeded stamp). */
  clockStart?: number;
  /** Deal and ticket pipelines, the default ones first. @default the pipelines of a new portal */
  pipelines?: Record<PipelineObjectType, Pipeline[]>;
  /** The portal's own properties (portalVariants.ts). @default the standard portal's */
  portal?: PortalProperties;
}

/**
 * The portal's data: records by type, property definitions, associations, owners and
 * pipelines. Routes and tests write through the same validated methods, so a test's edit
 * looks exactly like a person's edit in HubSpot (new `hs_lastmodifieddate`, search lag).
 */
export class HubSpotStore implements WriteContext {
  readonly clock: ModificationClock;
  readonly pipelines: PipelineCatalog;
  readonly properties: PropertyRegistry;
  readonly associations = new AssociationIndex();
  readonly owners: Owner[] = [];
  readonly portalId: number;
  /**
   * The portal's currencies when it is a multicurrency portal (portal properties' `currencies`): a
   * copy, since an admin changes rates (`setExchangeRate`) and the caller's org may be shared
   * (MULTI_CURRENCY_ORG is). Readers and the Currencies routes read it at call time.
   */
  readonly currencies: OrgCurrencies | undefined;
  /** Writes stay invisible to search for this long. Tests may change it at any time. */
  searchIndexLagMs: number;
  private readonly tables = new Map<ObjectTypeName, ObjectTable>();
  private readonly ownersById = new Map<string, Owner>();
  private readonly readers = new Map<string, PropertyReader>();
  /** When an admin last changed each currency's exchange rate (epoch ms); absent: as set up. */
  private readonly rateUpdatedAt = new Map<string, number>();

  constructor(options: HubSpotStoreOptions) {
    this.portalId = options.portalId;
    this.searchIndexLagMs = options.searchIndexLagMs ?? 0;
    this.clock = new ModificationClock(options.clockStart ?? 0);
    this.pipelines = new PipelineCatalog(options.pipelines);
    const currencies = options.portal?.currencies;
    this.currencies = currencies && { ...currencies, currencies: currencies.currencies.map((c) => ({ ...c })) };
    this.properties = new PropertyRegistry(this.pipelines, options.industries ?? [], options.portal ?? portalVariant('standard'), () => this.clock.now());
    for (const info of OBJECT_TYPES) this.tables.set(info.name, new ObjectTable(info));
  }

  table(type: ObjectTypeName): ObjectTable {
    const table = this.tables.get(type);
    if (!table) throw new Error(`unknown object type ${type}`);
    return table;
  }

  /** A record by id, archived or not. */
  get(type: ObjectTypeName, id: string): HsRecord | undefined {
    return this.table(type).get(id);
  }

  /** The live record holding `value` in `name` (a unique index lookup when the property is unique). */
  findByProperty(type: ObjectTypeName, name: string, value: string): HsRecord | undefined {
    const table = this.table(type);
    const indexed = table.uniqueIndex.get(name);
    if (indexed) {
      const id = indexed.get(value);
      return id === undefined ? undefined : table.at(id);
    }
    const read = this.reader(type, name);
    return table.records.find((r) => !r.archived && read(r) === value);
  }

  /**
   * An admin sets the exchange rate of an additional currency (`perCorporate`: units of it per one
   * company unit, as `OrgCurrencies.rate`). No record is written: `amount_in_home_currency` is
   * calculated on read, so deals show the new value with their `hs_lastmodifieddate` unmoved.
   */
  setExchangeRate(code: string, perCorporate: number): void {
    const currencies = this.currencies;
    if (!currencies) throw new Error('a single-currency portal has no exchange rates');
    if (!(perCorporate > 0) || !Number.isFinite(perCorporate)) throw new Error(`an exchange rate must be a positive number, not ${perCorporate}`);
    const currency = currencies.currencies.find((c) => c.code === code);
    if (!currency) throw new Error(`the portal has no currency ${code}`);
    if (code === currencies.corporate) throw new Error(`${code} is the company currency: it has no exchange rate`);
    currency.rate = perCorporate;
    this.rateUpdatedAt.set(code, this.clock.now());
    // Search snapshots are keyed on the table version: a filter or sort on amount_in_home_currency must not reuse one taken at the old rate.
    this.table('deals').version++;
  }

  /** When the exchange rate of `code` last changed (epoch ms), or undefined if never since setup. */
  exchangeRateUpdatedAt(code: string): number | undefined {
    return this.rateUpdatedAt.get(code);
  }

  reader(type: ObjectTypeName, name: string): PropertyReader {
    const key = `${type}/${name}`;
    let reader = this.readers.get(key);
    if (!reader) {
      reader = propertyReader(this.pipelines, type, name, this.currencies);
      this.readers.set(key, reader);
    }
    return reader;
  }

  view(type: ObjectTypeName, id: string): ObjectView | undefined {
    const record = this.get(type, id);
    if (!record) return undefined;
    const properties: Record<string, string> = {};
    for (const def of this.properties.list(type, false)) {
      const value = this.reader(type, def.name)(record);
      if (value !== undefined) properties[def.name] = value;
    }
    return { id: record.id, properties, createdAt: isoFromMs(record.createdAt), updatedAt: isoFromMs(record.updatedAt), archived: record.archived };
  }

  /**
   * Creates a record as a person or integration would (validated, stamped now). `asSystem`
   * also allows values only HubSpot sets, such as `notes_last_updated`.
   */
  create(type: ObjectTypeName, properties: Record<string, unknown>, associations: AssociationInput[] = [], options: { asSystem?: boolean } = {}): HsRecord {
    return this.commitCreate(type, this.prepareCreate(type, properties, associations, undefined, options.asSystem));
  }

  /**
   * Validates a create without writing; throws the HubSpot error the API would answer with.
   * `via: 'api'` asks for every property the API requires on create, `person` for what a person
   * in HubSpot must fill in.
   */
  prepareCreate(
    type: ObjectTypeName,
    properties: unknown,
    associations: unknown = [],
    claimed?: Map<string, number>,
    asSystem = false,
    via: 'api' | 'person' = 'person',
  ): PreparedCreate {
    const { values, failures } = validateWrite(this, type, properties, undefined, asSystem, requiredOnCreate(type, via));
    if (failures.length > 0) throw propertyValuesError(failures, this.portalId);
    this.throwOnConflict(type, values, undefined, claimed);
    return { values, links: this.resolveAssociations(type, associations) };
  }

  commitCreate(type: ObjectTypeName, prepared: PreparedCreate): HsRecord {
    const table = this.table(type);
    const now = this.clock.now();
    const record = table.append({}, now, now);
    if (type === 'deals' && !prepared.values.get('pipeline')) prepared.values.set('pipeline', this.pipelines.defaultPipelineId('deals'));
    if (type === 'tickets' && !prepared.values.get('hs_pipeline')) prepared.values.set('hs_pipeline', this.pipelines.defaultPipelineId('tickets'));
    this.apply(table, record, prepared.values, now);
    for (const link of prepared.links) this.associations.add(type, record.seq, link.def.to, link.toSeq, [link.def.typeId]);
    table.markWritten(record, this.searchIndexLagMs);
    return record;
  }

  /** Updates a record as a person would: validated, `hs_lastmodifieddate` moves if a value changed. */
  update(type: ObjectTypeName, id: string, properties: Record<string, unknown>, options: { asSystem?: boolean } = {}): HsRecord {
    const record = this.get(type, id);
    if (!record || record.archived) throw new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `No ${type} with id ${id}`);
    this.commitUpdate(type, record, this.prepareUpdate(type, record, properties, undefined, options.asSystem));
    return record;
  }

  prepareUpdate(type: ObjectTypeName, record: HsRecord, properties: unknown, claimed?: Map<string, number>, asSystem = false): WriteValues {
    const { values, failures } = validateWrite(this, type, properties, record, asSystem);
    if (failures.length > 0) throw propertyValuesError(failures, this.portalId);
    this.throwOnConflict(type, values, record.seq, claimed);
    return values;
  }

  /** Applies validated values; the modification stamp moves only when a value changed. */
  commitUpdate(type: ObjectTypeName, record: HsRecord, values: WriteValues): void {
    const table = this.table(type);
    if (this.apply(table, record, values, this.clock.now())) table.markWritten(record, this.searchIndexLagMs);
  }

  /** Archives (soft-deletes) a record; false when there was no live record. */
  archive(type: ObjectTypeName, id: string): boolean {
    const table = this.table(type);
    const record = table.get(id);
    if (!record || record.archived) return false;
    const now = this.clock.now();
    record.archivedAt = now;
    record.updatedAt = now;
    for (const [name, index] of table.uniqueIndex) {
      const value = record.props[name];
      if (value !== undefined && index.get(value) === record.seq) index.delete(value);
    }
    table.version++;
    return true;
  }

  /**
   * Deletes a record for good, live or archived, as a GDPR delete does: it leaves every listing
   * (archived ones too), search and batch read, and its associations go both ways. Associated
   * records stay. False when there was no record.
   */
  purge(type: ObjectTypeName, id: string): boolean {
    const table = this.table(type);
    const record = table.get(id);
    if (!record) return false;
    for (const [name, index] of table.uniqueIndex) {
      const value = record.props[name];
      if (value !== undefined && index.get(value) === record.seq) index.delete(value);
    }
    this.associations.removeAll(type, record.seq);
    table.purge(record);
    return true;
  }

  addOwner(owner: Owner): void {
    this.owners.push(owner);
    this.ownersById.set(owner.id, owner);
  }

  ownerById(id: string): Owner | undefined {
    return this.ownersById.get(id);
  }

  isActiveOwner(id: string): boolean {
    const owner = this.ownersById.get(id);
    return owner !== undefined && !owner.archived;
  }

  activeOwnerIds(): string[] {
    return this.owners.filter((o) => !o.archived).map((o) => o.id);
  }

  /** Sizes a table for a bulk load of `count` records. */
  reserve(type: ObjectTypeName, count: number): void {
    this.table(type).reserve(count);
  }

  /** Bulk load without validation or stamps from the clock: for seeding from a book only. */
  seedRecord(type: ObjectTypeName, props: Record<string, string>, createdAt: number, updatedAt: number): HsRecord {
    const table = this.table(type);
    return table.append(props, createdAt, updatedAt);
  }

  /** Starts a unique index for a property created with `hasUniqueValue` (it holds no values yet). */
  ensureUniqueIndex(type: ObjectTypeName, name: string): void {
    const table = this.table(type);
    if (table.uniqueIndex.has(name)) return;
    const index = new Map<string, number>();
    for (const record of table.records) {
      const value = record.props[name];
      if (!record.archived && value !== undefined) index.set(value, record.seq);
    }
    table.uniqueIndex.set(name, index);
  }

  private apply(table: ObjectTable, record: HsRecord, values: WriteValues, now: number): boolean {
    let changed = false;
    for (const [name, value] of values) {
      const previous = record.props[name];
      if ((value ?? undefined) === previous) continue;
      changed = true;
      const index = table.uniqueIndex.get(name);
      if (index && previous !== undefined && index.get(previous) === record.seq) index.delete(previous);
      if (value === null) {
        delete record.props[name];
      } else {
        record.props[name] = value;
        index?.set(value, record.seq);
      }
    }
    if (!changed) return false;
    this.applySideEffects(table.info.name, record, now);
    record.updatedAt = now;
    return true;
  }

  /** What HubSpot sets by itself when a record moves: close dates and completion stamps. */
  private applySideEffects(type: ObjectTypeName, record: HsRecord, now: number): void {
    if (type === 'tickets' && this.reader('tickets', 'hs_is_closed')(record) === 'true' && record.props.closed_date === undefined) {
      record.props.closed_date = isoFromMs(now);
    }
    if (type === 'tasks' && record.props.hs_task_status === 'COMPLETED' && record.props.hs_task_completion_date === undefined) {
      record.props.hs_task_completion_date = isoFromMs(now);
    }
  }

  private throwOnConflict(type: ObjectTypeName, values: WriteValues, selfId: number | undefined, claimed?: Map<string, number>): void {
    const conflict = uniqueConflicts(this, this.table(type), values, selfId, claimed)[0];
    if (!conflict) return;
    const info = objectTypeInfo(type);
    const existing = conflict.ownerId === undefined ? '' : ` Existing ID: ${conflict.ownerId}`;
    throw new HubSpotApiError(409, 'CONFLICT', `A ${info.singular} with ${conflict.name} "${conflict.value}" already exists.${existing}`, {
      context: { [conflict.name]: [conflict.value] },
    });
  }

  private resolveAssociations(type: ObjectTypeName, raw: unknown): PreparedCreate['links'] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw validationError('associations must be an array');
    const links: PreparedCreate['links'] = [];
    for (const item of raw as unknown[]) {
      const input = (item ?? {}) as Partial<AssociationInput>;
      const toId = typeof input.to?.id === 'string' || typeof input.to?.id === 'number' ? String(input.to.id) : '';
      if (!Array.isArray(input.types) || input.types.length === 0) throw validationError(`association to ${toId || '(no id)'} needs at least one type`);
      for (const spec of input.types) {
        const def = associationType(Number(spec?.associationTypeId));
        if (spec?.associationCategory !== 'HUBSPOT_DEFINED' || !def || def.from !== type) {
          throw validationError(`${String(spec?.associationCategory)} association type ${String(spec?.associationTypeId)} is not valid from ${type}`);
        }
        const target = this.get(def.to, toId);
        if (!target || target.archived) {
          throw validationError(`Association target ${def.to} ${toId || '(no id)'} does not exist`, { context: { id: [toId] } });
        }
        links.push({ def, toSeq: target.seq });
      }
    }
    return links;
  }
}
