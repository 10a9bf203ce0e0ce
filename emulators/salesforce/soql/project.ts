import { wireValue } from '../fieldValues.js';
import type { RecordTables, SfRecord } from '../recordTables.js';
import type { FieldValue } from '../schema/fieldDefs.js';
import { getter, parentAt } from './evaluate.js';
import type { ResolvedQuery } from './resolve.js';
import { NAME_OBJECT } from './resolvePaths.js';

export type JsonRecord = Record<string, unknown>;

function attributes(type: string, urlType: string, id: unknown, version: string): { type: string; url: string } {
  return { type, url: `/services/data/v${version}/sobjects/${urlType}/${String(id)}` };
}

/**
 * A result row as the REST API writes it: `attributes` first, then the selected fields in
 * SELECT order with canonical names; lookups become nested records (or null).
 */
export function projectRecord(tables: RecordTables, q: ResolvedQuery, row: SfRecord, version: string): JsonRecord {
  const out: JsonRecord = { attributes: attributes(q.schema.name, q.schema.name, row.Id, version) };
  for (const item of q.select) {
    if (item.kind !== 'field') continue;
    const { path } = item;
    let container = out;
    let complete = true;
    for (let i = 0; i < path.hops.length; i++) {
      const key = path.names[i] as string;
      const existing = container[key];
      if (existing === null) {
        complete = false;
        break;
      }
      if (existing === undefined) {
        const parent = parentAt(tables, path, row, i + 1);
        if (!parent) {
          container[key] = null;
          complete = false;
          break;
        }
        const realType = tables.catalog.forKeyPrefix(String(parent.Id).slice(0, 3))?.name ?? 'Name';
        const shownType = path.targets[i] === NAME_OBJECT ? 'Name' : realType;
        container[key] = { attributes: attributes(shownType, realType, parent.Id, version) };
      }
      container = container[key] as JsonRecord;
    }
    if (!complete) continue;
    const leaf = path.names[path.names.length - 1] as string;
    container[leaf] = wireValue(path.field, path.hops.length === 0 ? (row[path.field.name] ?? null) : getter(tables, path)(row));
  }
  return out;
}

/** The single AggregateResult row of an aggregate query without GROUP BY. */
export function aggregateRecord(tables: RecordTables, q: ResolvedQuery, rows: SfRecord[]): JsonRecord {
  const out: JsonRecord = { attributes: { type: 'AggregateResult' } };
  for (const item of q.select) {
    if (item.kind !== 'aggregate') continue;
    const get = getter(tables, item.path);
    const values = rows.map(get).filter((v): v is Exclude<FieldValue, null> => v !== null);
    let result: FieldValue;
    switch (item.fn) {
      case 'COUNT':
        result = values.length;
        break;
      case 'COUNT_DISTINCT':
        result = new Set(values.map((v) => (typeof v === 'string' ? v.toUpperCase() : v))).size;
        break;
      case 'SUM':
        result = values.length ? values.reduce<number>((s, v) => s + Number(v), 0) : null;
        break;
      case 'AVG':
        result = values.length ? values.reduce<number>((s, v) => s + Number(v), 0) / values.length : null;
        break;
      default: {
        const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        result = (item.fn === 'MIN' ? sorted[0] : sorted[sorted.length - 1]) ?? null;
      }
    }
    out[item.label] = item.fn.startsWith('COUNT') ? result : wireValue(item.path.field, result);
  }
  return out;
}

/** Column names and flat values for Bulk API CSV results (`Account.Name` style headers). */
export function csvColumns(q: ResolvedQuery): string[] {
  return q.select.map((s) => (s.kind === 'field' ? s.path.names.join('.') : s.label));
}

export function csvValues(tables: RecordTables, q: ResolvedQuery): Array<(row: SfRecord) => string> {
  return q.select.map((s) => {
    if (s.kind !== 'field') return () => '';
    const get = getter(tables, s.path);
    return (row) => {
      const v = get(row);
      if (v === null) return '';
      // Bulk API 2.0 writes datetimes in UTC with a Z suffix (the stored form), unlike the REST API's +0000.
      return String(v);
    };
  });
}
