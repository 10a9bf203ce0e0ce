import { isoDateTime } from '../fieldValues.js';
import { normalizeId } from '../ids.js';
import type { SchemaCatalog, SObjectSchema } from '../schema/catalog.js';
import type { FieldDef, FieldType } from '../schema/fieldDefs.js';
import type { AggregateName, CompareOp, Condition, Literal, SoqlQuery } from './ast.js';
import { dateLiteralRange, dayBounds } from './dateLiterals.js';
import { resolvePath, type ResolvedPath } from './resolvePaths.js';
import { SoqlError } from './soqlError.js';

/** A literal turned into the comparable form of its field (upper-case text, 18-char ids, ms). */
export type Operand =
  | { kind: 'null' }
  | { kind: 'value'; value: string | number | boolean }
  /** A date literal's span: day strings for date fields, stored ISO strings for datetime fields. */
  | { kind: 'range'; start: string | number; end: string | number };

export type ResolvedCondition =
  | { kind: 'and' | 'or'; items: ResolvedCondition[] }
  | { kind: 'not'; item: ResolvedCondition }
  | { kind: 'compare'; path: ResolvedPath; op: CompareOp; operand: Operand }
  | { kind: 'like'; path: ResolvedPath; regex: RegExp }
  | { kind: 'in'; path: ResolvedPath; negated: boolean; operands: Operand[] }
  | { kind: 'semiJoin'; path: ResolvedPath; negated: boolean; query: ResolvedQuery };

export type ResolvedSelect =
  | { kind: 'field'; path: ResolvedPath }
  | { kind: 'aggregate'; fn: AggregateName; path: ResolvedPath; label: string };

export interface ResolvedQuery {
  schema: SObjectSchema;
  select: ResolvedSelect[];
  countOnly: boolean;
  aggregate: boolean;
  where?: ResolvedCondition;
  orderBy: Array<{ path: ResolvedPath; descending: boolean; nullsLast: boolean }>;
  limit?: number;
  offset?: number;
}

const TEXT_TYPES = new Set<FieldType>(['string', 'textarea', 'picklist', 'combobox', 'email', 'phone', 'url']);
const NUMBER_TYPES = new Set<FieldType>(['int', 'double', 'currency', 'percent']);
const SOQL_TYPE_NAME: Partial<Record<FieldType, string>> = { int: 'integer', datetime: 'dateTime', reference: 'id' };

export function isTextType(type: FieldType): boolean {
  return TEXT_TYPES.has(type);
}

function typeMismatch(field: FieldDef, literal: Literal): SoqlError {
  const quoted = TEXT_TYPES.has(field.type) || field.type === 'id' || field.type === 'reference';
  const typeName = SOQL_TYPE_NAME[field.type] ?? (TEXT_TYPES.has(field.type) ? 'string' : field.type);
  const advice = quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
  return new SoqlError('INVALID_FIELD', `value of filter criterion for field '${field.name}' must be of type ${typeName} and ${advice}`, literal.start);
}

/** Checks a literal against its field's type and converts it for comparison. */
function operand(field: FieldDef, literal: Literal, now: number): Operand {
  if (literal.kind === 'null') return { kind: 'null' };
  const t = field.type;
  if (t === 'id' || t === 'reference') {
    if (literal.kind !== 'string') throw typeMismatch(field, literal);
    const id = normalizeId(literal.value);
    if (!id) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal.value}`, literal.start);
    return { kind: 'value', value: id };
  }
  if (TEXT_TYPES.has(t)) {
    if (literal.kind !== 'string') throw typeMismatch(field, literal);
    return { kind: 'value', value: literal.value.toUpperCase() };
  }
  if (NUMBER_TYPES.has(t)) {
    if (literal.kind !== 'number') throw typeMismatch(field, literal);
    return { kind: 'value', value: literal.value };
  }
  if (t === 'boolean') {
    if (literal.kind !== 'boolean') throw typeMismatch(field, literal);
    return { kind: 'value', value: literal.value };
  }
  if (literal.kind === 'dateLiteral') {
    const range = dateLiteralRange(literal.name, literal.n, now);
    return t === 'date' ? { kind: 'range', ...dayBounds(range) } : { kind: 'range', start: isoDateTime(range.start), end: isoDateTime(range.end) };
  }
  if (t === 'date' && literal.kind === 'date') return { kind: 'value', value: literal.value };
  if (t === 'datetime' && literal.kind === 'datetime') return { kind: 'value', value: isoDateTime(literal.value) };
  throw typeMismatch(field, literal);
}

/** LIKE patterns: `%` any run, `_` one character, `\%`/`\_` literal, case-insensitive. */
function likeRegex(raw: string): RegExp {
  let source = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw.charAt(++i);
      const literal = ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
      source += literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

class Resolver {
  constructor(
    private readonly catalog: SchemaCatalog,
    private readonly now: number,
  ) {}

  query(q: SoqlQuery): ResolvedQuery {
    const schema = this.catalog.get(q.from.name);
    if (!schema) {
      throw new SoqlError(
        'INVALID_TYPE',
        `sObject type '${q.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
        q.from.start,
      );
    }
    const seen = new Set<string>();
    let aggregates = 0;
    const select: ResolvedSelect[] = q.select.map((item) => {
      if (item.kind === 'field') {
        const path = resolvePath(this.catalog, schema, item);
        const key = path.names.join('.').toLowerCase();
        if (seen.has(key)) throw new SoqlError('MALFORMED_QUERY', `duplicate field selected: ${path.written}`, item.start);
        seen.add(key);
        return { kind: 'field', path };
      }
      const path = resolvePath(this.catalog, schema, item.arg);
      if ((item.fn === 'SUM' || item.fn === 'AVG') && !NUMBER_TYPES.has(path.field.type)) {
        throw new SoqlError('MALFORMED_QUERY', `field ${path.written} does not support aggregate operator ${item.fn}`, item.arg.start);
      }
      return { kind: 'aggregate', fn: item.fn, path, label: item.alias ?? `expr${aggregates++}` };
    });
    const plain = select.find((s) => s.kind === 'field');
    const aggregate = select.some((s) => s.kind === 'aggregate');
    if (aggregate && plain) {
      throw new SoqlError('MALFORMED_QUERY', `Field must be grouped or aggregated: ${plain.path.written}`, plain.path.start);
    }
    const resolved: ResolvedQuery = { schema, select, countOnly: q.countOnly, aggregate, orderBy: [] };
    if (q.where) resolved.where = this.condition(schema, q.where);
    resolved.orderBy = q.orderBy.map((o) => {
      const path = resolvePath(this.catalog, schema, o.field);
      if (!path.field.sortable) throw new SoqlError('INVALID_FIELD', `field '${path.field.name}' can not be sorted in a query call`, o.field.start);
      return { path, descending: o.descending, nullsLast: o.nullsLast };
    });
    if (q.offset !== undefined && q.offset > 2000) {
      throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
    }
    if (q.limit !== undefined) resolved.limit = q.limit;
    if (q.offset !== undefined) resolved.offset = q.offset;
    return resolved;
  }

  private filterPath(schema: SObjectSchema, ref: Parameters<typeof resolvePath>[2]): ResolvedPath {
    const path = resolvePath(this.catalog, schema, ref);
    if (!path.field.filterable) throw new SoqlError('INVALID_FIELD', `field '${path.field.name}' can not be filtered in a query call`, ref.start);
    return path;
  }

  private condition(schema: SObjectSchema, c: Condition): ResolvedCondition {
    switch (c.kind) {
      case 'and':
      case 'or':
        return { kind: c.kind, items: c.items.map((i) => this.condition(schema, i)) };
      case 'not':
        return { kind: 'not', item: this.condition(schema, c.item) };
      case 'compare': {
        const path = this.filterPath(schema, c.field);
        const op = operand(path.field, c.value, this.now);
        if (path.field.type === 'boolean' && c.op !== '=' && c.op !== '!=') {
          throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on boolean field`, c.field.start);
        }
        return { kind: 'compare', path, op: c.op, operand: op };
      }
      case 'like': {
        const path = this.filterPath(schema, c.field);
        if (!TEXT_TYPES.has(path.field.type)) {
          throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on ${path.field.type} field: LIKE`, c.field.start);
        }
        return { kind: 'like', path, regex: likeRegex(c.pattern.raw) };
      }
      case 'in': {
        const path = this.filterPath(schema, c.field);
        return { kind: 'in', path, negated: c.negated, operands: c.values.map((v) => operand(path.field, v, this.now)) };
      }
      case 'semiJoin': {
        const path = this.filterPath(schema, c.field);
        const inner = this.query(c.query);
        const only = inner.select[0];
        if (inner.select.length !== 1 || only?.kind !== 'field' || !['id', 'reference'].includes(only.path.field.type)) {
          throw new SoqlError('MALFORMED_QUERY', 'The inner select field must be an Id or a lookup field', c.query.from.start);
        }
        if (!['id', 'reference'].includes(path.field.type)) {
          throw new SoqlError('MALFORMED_QUERY', `The left operand field of a semi join must be an Id or a lookup field: ${path.written}`, c.field.start);
        }
        return { kind: 'semiJoin', path, negated: c.negated, query: inner };
      }
    }
  }
}

export function resolveQuery(catalog: SchemaCatalog, q: SoqlQuery, now: number): ResolvedQuery {
  return new Resolver(catalog, now).query(q);
}
