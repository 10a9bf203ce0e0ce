import type { RecordTables, SfRecord } from '../recordTables.js';
import type { FieldValue } from '../schema/fieldDefs.js';
import type { Operand, ResolvedCondition, ResolvedQuery } from './resolve.js';
import { isTextType } from './resolve.js';
import { NAME_OBJECT, type ResolvedPath } from './resolvePaths.js';

type Getter = (row: SfRecord) => FieldValue;
type Predicate = (row: SfRecord) => boolean;
type Comparable = string | number | boolean;

/** Follows a path's lookups; deleted or missing parents read as null, as in Salesforce. */
export function parentAt(tables: RecordTables, path: ResolvedPath, row: SfRecord, hopCount: number): SfRecord | null {
  let current: SfRecord = row;
  for (let i = 0; i < hopCount; i++) {
    const id = current[(path.hops[i] as { name: string }).name];
    if (typeof id !== 'string') return null;
    const next = tables.byStoredId(id);
    if (!next || next.IsDeleted === true) return null;
    current = next;
  }
  return current;
}

export function getter(tables: RecordTables, path: ResolvedPath): Getter {
  const name = path.field.name;
  const hops = path.hops.length;
  if (hops === 0) return (row) => row[name] ?? null;
  const polymorphic = path.targets[hops - 1] === NAME_OBJECT;
  return (row) => {
    const target = parentAt(tables, path, row, hops);
    if (!target) return null;
    if (!polymorphic) return target[name] ?? null;
    const schema = tables.catalog.forKeyPrefix(String(target.Id).slice(0, 3));
    if (name === 'Type') return schema?.name ?? null;
    if (name === 'Name') return (schema && target[schema.nameField()?.name ?? 'Name']) ?? null;
    return target.Id ?? null;
  };
}

/** Comparable form of a stored value: text compares case-insensitively in SOQL. */
function comparer(path: ResolvedPath, get: Getter): (row: SfRecord) => Comparable | null {
  if (!isTextType(path.field.type)) return get as (row: SfRecord) => Comparable | null;
  return (row) => {
    const v = get(row);
    return v === null ? null : String(v).toUpperCase();
  };
}

function compareTo(op: string, operand: Operand, value: (row: SfRecord) => Comparable | null): Predicate {
  if (operand.kind === 'null') {
    if (op === '=') return (row) => value(row) === null;
    if (op === '!=') return (row) => value(row) !== null;
    return () => false;
  }
  if (operand.kind === 'range') {
    const { start, end } = operand;
    const inRange = (x: Comparable): boolean => x >= start && x < end;
    switch (op) {
      case '=':
        return (row) => { const x = value(row); return x !== null && inRange(x); };
      case '!=':
        return (row) => { const x = value(row); return x === null || !inRange(x); };
      case '<':
        return (row) => { const x = value(row); return x !== null && x < start; };
      case '<=':
        return (row) => { const x = value(row); return x !== null && x < end; };
      case '>':
        return (row) => { const x = value(row); return x !== null && x >= end; };
      default:
        return (row) => { const x = value(row); return x !== null && x >= start; };
    }
  }
  const v = operand.value;
  switch (op) {
    case '=':
      return (row) => value(row) === v;
    // SOQL's != keeps rows whose field is null (unlike SQL's three-valued logic).
    case '!=':
      return (row) => value(row) !== v;
    case '<':
      return (row) => { const x = value(row); return x !== null && x < v; };
    case '<=':
      return (row) => { const x = value(row); return x !== null && x <= v; };
    case '>':
      return (row) => { const x = value(row); return x !== null && x > v; };
    default:
      return (row) => { const x = value(row); return x !== null && x >= v; };
  }
}

function inList(operands: Operand[], value: (row: SfRecord) => Comparable | null): Predicate {
  const values = new Set<Comparable>();
  let hasNull = false;
  const ranges: Predicate[] = [];
  for (const o of operands) {
    if (o.kind === 'null') hasNull = true;
    else if (o.kind === 'value') values.add(o.value);
    else ranges.push(compareTo('=', o, value));
  }
  return (row) => {
    const x = value(row);
    if (x === null) return hasNull;
    return values.has(x) || ranges.some((r) => r(row));
  };
}

export function compileCondition(tables: RecordTables, c: ResolvedCondition): Predicate {
  switch (c.kind) {
    case 'and': {
      const parts = c.items.map((i) => compileCondition(tables, i));
      return (row) => parts.every((p) => p(row));
    }
    case 'or': {
      const parts = c.items.map((i) => compileCondition(tables, i));
      return (row) => parts.some((p) => p(row));
    }
    case 'not': {
      const inner = compileCondition(tables, c.item);
      return (row) => !inner(row);
    }
    case 'compare':
      return compareTo(c.op, c.operand, comparer(c.path, getter(tables, c.path)));
    case 'like': {
      const get = getter(tables, c.path);
      return (row) => {
        const v = get(row);
        return v !== null && c.regex.test(String(v));
      };
    }
    case 'in': {
      const test = inList(c.operands, comparer(c.path, getter(tables, c.path)));
      return c.negated ? (row) => !test(row) : test;
    }
    case 'semiJoin': {
      const only = c.query.select[0];
      const innerGet = only?.kind === 'field' ? getter(tables, only.path) : () => null;
      const ids = new Set(runQuery(tables, c.query, false).map(innerGet).filter((v) => v !== null));
      const get = getter(tables, c.path);
      return (row) => {
        const v = get(row);
        const found = v !== null && ids.has(v);
        return c.negated ? !found : found;
      };
    }
  }
}

/** Sorts rows once (decorate-sort-undecorate, so keys are computed per row, not per comparison). */
function sortRows(tables: RecordTables, q: ResolvedQuery, rows: SfRecord[]): SfRecord[] {
  const keyColumns = q.orderBy.map((o) => {
    const value = comparer(o.path, getter(tables, o.path));
    return rows.map(value);
  });
  const order = rows.map((_, i) => i);
  order.sort((i, j) => {
    for (let k = 0; k < keyColumns.length; k++) {
      const column = keyColumns[k] as Array<Comparable | null>;
      const a = column[i] as Comparable | null;
      const b = column[j] as Comparable | null;
      if (a === b) continue;
      const spec = q.orderBy[k] as { descending: boolean; nullsLast: boolean };
      if (a === null) return spec.nullsLast ? 1 : -1;
      if (b === null) return spec.nullsLast ? -1 : 1;
      const c = a < b ? -1 : 1;
      return spec.descending ? -c : c;
    }
    return i - j;
  });
  return order.map((i) => rows[i] as SfRecord);
}

/**
 * Runs a resolved query to its ordered result rows (after OFFSET and LIMIT). The rows are the
 * stored objects themselves; writes replace rows rather than mutate them, so the result is a
 * snapshot a cursor can page through later.
 */
export function runQuery(tables: RecordTables, q: ResolvedQuery, includeDeleted: boolean): SfRecord[] {
  const predicate = q.where ? compileCondition(tables, q.where) : undefined;
  const skipDeleted = !includeDeleted && q.schema.hasIsDeleted;
  const accept = (row: SfRecord): boolean => !(skipDeleted && row.IsDeleted === true) && (!predicate || predicate(row));
  const offset = q.offset ?? 0;
  const plan = modstampPlan(q);
  let rows: SfRecord[];
  if (plan) {
    const max = q.limit === undefined ? Number.POSITIVE_INFINITY : offset + q.limit;
    rows = tables.table(q.schema).modstampOrder().scan(plan.descending, lowerStampBound(q.where), accept, max);
  } else {
    rows = tables.table(q.schema).rows.filter(accept);
    if (q.orderBy.length > 0) rows = sortRows(tables, q, rows);
  }
  if (offset > 0 || q.limit !== undefined) rows = rows.slice(offset, q.limit === undefined ? undefined : offset + q.limit);
  return rows;
}

const isOwnField = (path: ResolvedPath, name: string): boolean => path.hops.length === 0 && path.field.name === name;

/** `ORDER BY SystemModstamp [, Id]` (the incremental-sync order) can walk the maintained index. */
function modstampPlan(q: ResolvedQuery): { descending: boolean } | undefined {
  const [first, second, ...rest] = q.orderBy;
  if (!first || rest.length > 0 || !isOwnField(first.path, 'SystemModstamp') || !q.schema.field('SystemModstamp')) return undefined;
  if (second && !(isOwnField(second.path, 'Id') && second.descending === first.descending)) return undefined;
  return { descending: first.descending };
}

/** A `SystemModstamp >`/`>=` bound at the top level of the filter lets the scan start mid-index. */
function lowerStampBound(where: ResolvedCondition | undefined): { stamp: string; inclusive: boolean } | undefined {
  const terms = where?.kind === 'and' ? where.items : where ? [where] : [];
  for (const t of terms) {
    if (t.kind !== 'compare' || !isOwnField(t.path, 'SystemModstamp') || t.operand.kind !== 'value') continue;
    if (t.op === '>' || t.op === '>=') return { stamp: t.operand.value as string, inclusive: t.op === '>=' };
  }
  return undefined;
}
