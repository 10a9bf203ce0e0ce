import { FatalError } from '../../src/contracts/connector.js';

/**
 * SOQL text is built here only. Field and object names come from the mapping, which accepts plain
 * identifiers only; they are checked again here so nothing else can slip into a query, and every
 * value is written as a properly quoted literal, never interpolated raw.
 */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new FatalError('INVALID_IDENTIFIER', `"${name}" is not a Salesforce field or object name`);
  return name;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A string literal: single quotes, with SOQL's backslash escapes. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c] ?? c)}'`;
}

/** A datetime literal: unquoted UTC ISO-8601 (a quoted datetime is a SOQL error, and a JS Date prints as prose). */
export function dateTimeLiteral(value: string): string {
  const time = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (!Number.isFinite(time)) throw new FatalError('INVALID_CURSOR', `"${value}" is not a date-time`);
  return new Date(time).toISOString();
}

/** A position in (SystemModstamp, Id) order. `id: null` stands before every record of that instant. */
export interface Position {
  modstamp: string;
  id: string | null;
}

export interface PullQuery {
  source: string;
  fields: string[];
  /** Read deleted rows too (`queryAll`); needs the object's `IsDeleted` field. */
  withDeleted: boolean;
  /** Only records after this position. */
  after: Position | null;
  /** Only records modified at or after this instant (backfill `--since`). */
  modifiedSince?: string;
  /** Only records modified before this instant (Bulk jobs: the rest is read incrementally after). */
  before?: string;
  /** Bulk API 2.0 does not support ORDER BY on large jobs (it disables chunking). */
  ordered: boolean;
}

export function whereClause(q: Pick<PullQuery, 'after' | 'modifiedSince' | 'before'>): string {
  const conditions: string[] = [];
  if (q.after) {
    const t = dateTimeLiteral(q.after.modstamp);
    // The >= keeps the indexed range condition up front; the OR breaks ties on Id so a page
    // boundary inside one instant neither skips nor repeats a record.
    conditions.push(q.after.id === null ? `SystemModstamp >= ${t}` : `SystemModstamp >= ${t} AND (SystemModstamp > ${t} OR Id > ${stringLiteral(q.after.id)})`);
  }
  if (q.modifiedSince) conditions.push(`SystemModstamp >= ${dateTimeLiteral(q.modifiedSince)}`);
  if (q.before) conditions.push(`SystemModstamp < ${dateTimeLiteral(q.before)}`);
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/** Fields always read besides the mapped ones: the key, the cursor column and (queryAll) the delete flag. */
export function selectedFields(q: Pick<PullQuery, 'fields' | 'withDeleted'>): string[] {
  const fields = ['Id', 'SystemModstamp', ...(q.withDeleted ? ['IsDeleted'] : []), ...q.fields];
  return [...new Set(fields.map(identifier))];
}

export function pullSoql(q: PullQuery): string {
  const order = q.ordered ? ' ORDER BY SystemModstamp ASC, Id ASC' : '';
  return `SELECT ${selectedFields(q).join(', ')} FROM ${identifier(q.source)}${whereClause(q)}${order}`;
}

export function countSoql(q: Pick<PullQuery, 'source' | 'after' | 'modifiedSince'>): string {
  return `SELECT COUNT() FROM ${identifier(q.source)}${whereClause(q)}`;
}

/** The newest modification stamp, which bounds a Bulk job from the org's own clock (no client-clock skew). */
export function newestStampSoql(q: Pick<PullQuery, 'source' | 'after' | 'modifiedSince'>): string {
  return `SELECT SystemModstamp FROM ${identifier(q.source)}${whereClause(q)} ORDER BY SystemModstamp DESC LIMIT 1`;
}
