import { validationError } from './errors.js';
import type { HsRecord } from './objectTable.js';
import type { ObjectTypeName } from './objectTypes.js';
import type { PropertyDefinition } from './propertyDefinitions.js';
import { timestampReader } from './propertyReaders.js';
import { parseTimestamp } from './propertyValues.js';
import type { HubSpotStore } from './store.js';

/**
 * Limits from HubSpot's search guide: 5 filter groups, 6 filters in a group, 18 in all, pages of
 * at most 200, and no paging past the 10,000th result. (The Aug 2024 changelog announced 5/10/25;
 * the guide, which we follow, still documents 5/6/18.)
 */
export const SEARCH_LIMITS = { groups: 5, filtersPerGroup: 6, totalFilters: 18, maxLimit: 200, resultCap: 10_000, queryLength: 3000 } as const;

const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

const FREE_TEXT_PROPERTIES: Record<ObjectTypeName, readonly string[]> = {
  companies: ['name', 'domain'],
  deals: ['dealname'],
  tickets: ['subject', 'content'],
  tasks: ['hs_task_subject', 'hs_task_body'],
};

export interface SearchSort {
  propertyName: string;
  descending: boolean;
}

export interface ParsedSearch {
  /** Canonical filters + sort + query: the key of the result snapshot. */
  signature: string;
  predicate: (record: HsRecord) => boolean;
  sort: SearchSort | undefined;
  properties: string[];
  limit: number;
  after: number;
}

type Predicate = (record: HsRecord) => boolean;

export function parseSearch(store: HubSpotStore, type: ObjectTypeName, body: Record<string, unknown>): ParsedSearch {
  const groups = body.filterGroups ?? [];
  if (!Array.isArray(groups)) throw validationError('filterGroups must be an array');
  if (groups.length > SEARCH_LIMITS.groups) throw validationError(`Too many filter groups: ${groups.length}. The maximum is ${SEARCH_LIMITS.groups}.`);
  let total = 0;
  const compiled: Predicate[][] = groups.map((group: unknown, gi) => {
    const filters = (group as { filters?: unknown } | null)?.filters ?? [];
    if (!Array.isArray(filters)) throw validationError(`filterGroups[${gi}].filters must be an array`);
    if (filters.length > SEARCH_LIMITS.filtersPerGroup) {
      throw validationError(`Too many filters in filter group ${gi}: ${filters.length}. The maximum per group is ${SEARCH_LIMITS.filtersPerGroup}.`);
    }
    total += filters.length;
    return filters.map((f: unknown) => compileFilter(store, type, (f ?? {}) as Record<string, unknown>));
  });
  if (total > SEARCH_LIMITS.totalFilters) throw validationError(`Too many filters: ${total}. The maximum across all groups is ${SEARCH_LIMITS.totalFilters}.`);

  const query = typeof body.query === 'string' ? body.query.trim() : '';
  if (query.length > SEARCH_LIMITS.queryLength) throw validationError(`query must be at most ${SEARCH_LIMITS.queryLength} characters`);
  const textMatch = query ? freeTextPredicate(store, type, query) : undefined;
  const groupMatch: Predicate | undefined =
    compiled.length === 0 ? undefined : (r) => compiled.some((filters) => filters.every((f) => f(r)));
  const predicate: Predicate = (r) => (groupMatch ? groupMatch(r) : true) && (textMatch ? textMatch(r) : true);

  const sort = parseSort(store, type, body.sorts);
  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 0) throw validationError(`limit must be a non-negative integer, got ${String(body.limit)}`);
  if (limit > SEARCH_LIMITS.maxLimit) throw validationError(`limit must be at most ${SEARCH_LIMITS.maxLimit}, got ${limit}`);
  const afterRaw = body.after === undefined || body.after === null || body.after === '' ? '0' : String(body.after);
  if (!/^\d+$/.test(afterRaw)) throw validationError(`after must be a numeric offset, got ${afterRaw}`);
  const properties = Array.isArray(body.properties) ? body.properties.filter((p): p is string => typeof p === 'string') : [];
  return {
    signature: JSON.stringify([type, groups, query, sort]),
    predicate,
    sort,
    properties,
    limit,
    after: Number(afterRaw),
  };
}

function definition(store: HubSpotStore, type: ObjectTypeName, name: unknown): PropertyDefinition {
  const def = typeof name === 'string' ? store.properties.get(type, name) : undefined;
  if (!def) throw validationError(`Property "${String(name)}" does not exist`);
  return def;
}

function compileFilter(store: HubSpotStore, type: ObjectTypeName, filter: Record<string, unknown>): Predicate {
  const operator = String(filter.operator ?? 'EQ');
  if (!OPERATORS.has(operator)) throw validationError(`Unknown filter operator ${operator}`);
  const def = definition(store, type, filter.propertyName);
  const read = store.reader(type, def.name);
  if (operator === 'HAS_PROPERTY') return (r) => read(r) !== undefined;
  if (operator === 'NOT_HAS_PROPERTY') return (r) => read(r) === undefined;
  if (operator === 'CONTAINS_TOKEN' || operator === 'NOT_CONTAINS_TOKEN') {
    const pattern = tokenPattern(requireValue(filter, 'value', def.name));
    const has: Predicate = (r) => {
      const v = read(r);
      return v !== undefined && v.toLowerCase().split(/[^\p{L}\p{N}_*]+/u).some((t) => pattern.test(t));
    };
    return operator === 'CONTAINS_TOKEN' ? has : (r) => !has(r);
  }
  const key = comparableReader(store, type, def);
  const coerce = (raw: string): number | string => {
    const c = coerceValue(def, raw);
    if (typeof c === 'number' && Number.isNaN(c)) throw validationError(`${raw} is not a valid value for ${def.name} (${def.type})`);
    return c;
  };
  if (operator === 'IN' || operator === 'NOT_IN') {
    if (!Array.isArray(filter.values)) throw validationError(`${operator} on ${def.name} needs a values array`);
    // The guide: string values for IN/NOT_IN must be lower case; they are not lower-cased for you.
    const wanted = new Set(filter.values.map((v) => (def.type === 'string' ? String(v) : coerce(String(v)))));
    const has: Predicate = (r) => {
      const v = key(r);
      return v !== undefined && wanted.has(v);
    };
    return operator === 'IN' ? has : (r) => !has(r);
  }
  const low = coerce(requireValue(filter, 'value', def.name));
  if (operator === 'BETWEEN') {
    const high = coerce(requireValue(filter, 'highValue', def.name));
    return (r) => {
      const v = key(r);
      return v !== undefined && v >= low && v <= high;
    };
  }
  const compare: Record<string, (v: number | string) => boolean> = {
    EQ: (v) => v === low,
    NEQ: (v) => v !== low,
    LT: (v) => v < low,
    LTE: (v) => v <= low,
    GT: (v) => v > low,
    GTE: (v) => v >= low,
  };
  const test = compare[operator] as (v: number | string) => boolean;
  // NEQ also matches records without a value, like a must_not clause.
  if (operator === 'NEQ') return (r) => {
    const v = key(r);
    return v === undefined || test(v);
  };
  return (r) => {
    const v = key(r);
    return v !== undefined && test(v);
  };
}

function requireValue(filter: Record<string, unknown>, field: 'value' | 'highValue', name: string): string {
  const v = filter[field];
  if (v === undefined || v === null) throw validationError(`Filter on ${name} with operator ${String(filter.operator)} needs a ${field}`);
  return String(v);
}

/** Filter values in the property's comparable form: numbers, epoch ms, or lower-case text. */
function coerceValue(def: PropertyDefinition, raw: string): number | string {
  if (def.type === 'number') return raw.trim() === '' ? Number.NaN : Number(raw);
  if (def.type === 'datetime' || def.type === 'date') return parseTimestamp(raw);
  return raw.toLowerCase();
}

/** A record's value in comparable form; stamps come straight from the record, no parsing. */
export function comparableReader(store: HubSpotStore, type: ObjectTypeName, def: PropertyDefinition): (r: HsRecord) => number | string | undefined {
  const stamp = timestampReader(type, def.name);
  if (stamp) return stamp;
  const read = store.reader(type, def.name);
  if (def.type === 'number') return (r) => {
    const v = read(r);
    return v === undefined ? undefined : Number(v);
  };
  if (def.type === 'datetime' || def.type === 'date') return (r) => {
    const v = read(r);
    return v === undefined ? undefined : Date.parse(v);
  };
  return (r) => read(r)?.toLowerCase();
}

function tokenPattern(value: string): RegExp {
  const escaped = value.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'u');
}

function freeTextPredicate(store: HubSpotStore, type: ObjectTypeName, query: string): Predicate {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const readers = FREE_TEXT_PROPERTIES[type].map((name) => store.reader(type, name));
  return (r) => {
    const tokens = readers.flatMap((read) => (read(r) ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u));
    return words.every((w) => tokens.some((t) => t.startsWith(w)));
  };
}

function parseSort(store: HubSpotStore, type: ObjectTypeName, raw: unknown): SearchSort | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw validationError('sorts must be an array');
  // HubSpot honours one sort rule; further ones are ignored.
  const first: unknown = raw[0];
  if (first === undefined) return undefined;
  if (typeof first === 'string') {
    const descending = first.startsWith('-');
    return { propertyName: definition(store, type, descending ? first.slice(1) : first).name, descending };
  }
  const spec = (first ?? {}) as Record<string, unknown>;
  const direction = String(spec.direction ?? 'ASCENDING').toUpperCase();
  if (direction !== 'ASCENDING' && direction !== 'DESCENDING') throw validationError(`Unknown sort direction ${direction}`);
  return { propertyName: definition(store, type, spec.propertyName).name, descending: direction === 'DESCENDING' };
}
