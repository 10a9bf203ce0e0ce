import { canonicalUtc, FatalError, type CrmRecord, type Cursor } from '../../src/contracts/connector.js';
import type { Position } from './soql.js';

/** A record as the REST API returns it: `attributes` plus the selected fields. */
export type RestRecord = Record<string, unknown> & { Id: string; SystemModstamp: string; IsDeleted?: boolean };

/** Where a pull stands (the connector's `Cursor`). */
export interface PullPosition {
  /** Every record at or before this position in (SystemModstamp, Id) order is stored. Null: nothing yet. */
  after: Position | null;
  /** A Bulk API 2.0 job being read: the next results page, so a killed backfill resumes inside the job. */
  bulk?: BulkProgress;
}

export interface BulkProgress {
  jobId: string;
  /** Next results locator; null for the first page. */
  locator: string | null;
  /** The job reads records modified before this instant; later ones are read incrementally afterwards. */
  before: string;
}

export function readPosition(cursor: Cursor | null): PullPosition {
  if (cursor === null) return { after: null };
  const after = cursor.after as Partial<Position> | null | undefined;
  const bulk = cursor.bulk as Partial<BulkProgress> | undefined;
  const validAfter = after === null || (typeof after?.modstamp === 'string' && (after.id === null || typeof after.id === 'string'));
  const validBulk = bulk === undefined || (typeof bulk.jobId === 'string' && typeof bulk.before === 'string');
  if (!validAfter || !validBulk) {
    throw new FatalError('INVALID_CURSOR', `the saved Salesforce cursor ${JSON.stringify(cursor)} is not readable; run \`vitals sync --full\` to pull from scratch`);
  }
  return { after: (after as Position | null) ?? null, ...(bulk ? { bulk: bulk as BulkProgress } : {}) };
}

export function positionCursor(position: PullPosition): Cursor {
  return { after: position.after, ...(position.bulk ? { bulk: position.bulk } : {}) };
}

/** Salesforce writes `+0000` offsets; the cursor and `modifiedAt` hold plain ISO-8601 UTC. */
export function isoInstant(value: string): string {
  const canonical = canonicalUtc(value);
  if (canonical !== null) return canonical;
  const time = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (!Number.isFinite(time)) throw new FatalError('SALESFORCE_BAD_RECORD', `Salesforce returned an unreadable SystemModstamp "${value}"`);
  return new Date(time).toISOString();
}

/** The record's fields as the CRM holds them (values untouched, so score fields compare with what we wrote). */
export function toCrmRecord(record: RestRecord): CrmRecord {
  // Bulk rows (typed by typedCsvRow, fresh objects) have no attributes to drop: no copy then.
  const fields = 'attributes' in record ? withoutAttributes(record) : record;
  return { id: record.Id, fields, modifiedAt: isoInstant(record.SystemModstamp) };
}

function withoutAttributes(record: RestRecord): Record<string, unknown> {
  const { attributes: _attributes, ...fields } = record;
  return fields;
}

export function positionOf(record: RestRecord): Position {
  return { modstamp: isoInstant(record.SystemModstamp), id: record.Id };
}

/** Describe types whose CSV text is a JSON number or boolean in the REST API. */
const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

/**
 * A Bulk API 2.0 CSV row, typed the way the REST API would return it, so records do not depend
 * on which API read them (CSV has only text; an empty cell is a null).
 */
export function typedCsvRow(row: Record<string, string>, types: Map<string, string>): RestRecord {
  const record: Record<string, unknown> = {};
  for (const field in row) {
    const text = row[field] as string;
    const type = types.get(field);
    if (text === '') record[field] = null;
    else if (type === 'boolean') record[field] = text === 'true';
    else if (type && NUMERIC.has(type)) record[field] = Number(text);
    // Bulk writes `...Z`, REST `...+0000`; one spelling keeps records identical across the two.
    else if (type === 'datetime') record[field] = `${isoInstant(text).slice(0, -1)}+0000`;
    else record[field] = text;
  }
  return record as RestRecord;
}
