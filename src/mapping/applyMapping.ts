import type { CanonicalObject, CrmRecord } from '../contracts/connector.js';
import type { QuarantinedRecord, RowsByObject } from '../model/rows.js';
import { CoercionError, scaled, toBoolean, toCurrencyCode, toDate, toDateTime, toDayStart, toNumber, toText } from './coerce.js';
import type { Mapping, ScoreOutput } from './mappingSchema.js';

type Coerce = (value: unknown) => unknown;

/**
 * How each canonical field is read; the mapping says where from. Last activity is kept to the day:
 * Salesforce holds only its date, so a finer HubSpot timestamp would score the same account
 * differently.
 */
const fieldTypes: { [O in CanonicalObject]: Record<string, Coerce> } = {
  accounts: { name: toText, owner_id: toText, segment: toText, arr: toNumber, currency: toCurrencyCode, renewal_date: toDate, website: toText, external_id: toText, seats: toNumber, last_activity_at: toDayStart, created_at: toDateTime },
  opportunities: {
    account_id: toText, name: toText, type: toText, stage: toText, probability: toNumber, is_closed: toBoolean,
    is_won: toBoolean, amount: toNumber, currency: toCurrencyCode, close_date: toDate, created_at: toDateTime,
  },
  tickets: {
    account_id: toText, subject: toText, priority: toText, status: toText, is_closed: toBoolean, is_escalated: toBoolean,
    created_at: toDateTime, closed_at: toDateTime, csat: toNumber,
  },
  owners: { name: toText, first_name: toText, last_name: toText, email: toText, is_active: toBoolean },
};

/** `fieldTypes` as entries, listed once rather than per record (a backfill maps millions). */
const fieldEntries = Object.fromEntries(Object.entries(fieldTypes).map(([object, types]) => [object, Object.entries(types)])) as Record<CanonicalObject, [string, Coerce][]>;

/**
 * Values a row means nothing without: a deal with no stage has no progress, a ticket with no
 * creation date has no age. Other empty values are facts (no owner, no CSAT yet, an open deal
 * with no close date yet) and stored as null; an empty required one quarantines the record.
 */
const requiredValues: { [O in CanonicalObject]: readonly string[] } = {
  accounts: [],
  opportunities: ['stage'],
  tickets: ['created_at'],
  owners: [],
};

/** Canonical values a value map may produce; anything else in the mapping file is a mapping bug. */
const allowedMapped: Record<string, readonly string[]> = {
  type: ['new', 'renewal', 'expansion', 'other'],
  priority: ['low', 'medium', 'high', 'urgent'],
};

/** The wildcard key in a value map: the canonical value for any CRM value not listed. */
export const OTHER_VALUES = '*';

export type MapOutcome<O extends CanonicalObject> = { row: RowsByObject[O] } | { quarantine: QuarantinedRecord };

/** CRM objects whose ids an object's records must carry as links (HubSpot associations). */
export function associationsToPull(mapping: Mapping, object: CanonicalObject): string[] {
  const sources = Object.values(mapping.objects[object].fields) as (string | { association: string } | undefined)[];
  return [...new Set(sources.flatMap((s) => (s && typeof s === 'object' ? [s.association] : [])))];
}

/** CRM fields to request for an object: mapped fields, extras, and (accounts) the score fields as the CRM holds them. */
export function fieldsToPull(mapping: Mapping, object: CanonicalObject): string[] {
  const objectMapping = mapping.objects[object];
  const fields = new Set<string>();
  for (const source of Object.values(objectMapping.fields)) if (typeof source === 'string') fields.add(source);
  if (object === 'accounts') {
    for (const field of Object.values(mapping.objects.accounts.extras ?? {})) fields.add(field);
    if (mapping.writeback.object === objectMapping.source) {
      for (const target of Object.values(mapping.writeback.fields)) if (target) fields.add(target.field);
    }
  }
  return [...fields];
}

/** One CRM record to one canonical row, or a quarantine entry naming every field that did not fit. */
export function applyMapping<O extends CanonicalObject>(object: O, mapping: Mapping, record: CrmRecord): MapOutcome<O> {
  const objectMapping = mapping.objects[object];
  const problems: string[] = [];
  const row: Record<string, unknown> = { crm_id: record.id, modified_at: safe(() => toDateTime(record.modifiedAt), problems, 'modifiedAt') };
  // Without its stamp a record cannot be placed on the sync cursor.
  if (row.modified_at === null && problems.length === 0) problems.push('modification stamp: required, got nothing');

  for (const [canonical, coerce] of fieldEntries[object]) {
    const source = (objectMapping.fields as Record<string, string | { association: string } | undefined>)[canonical];
    if (source === undefined) {
      row[canonical] = null;
      continue;
    }
    const raw = typeof source === 'string' ? record.fields[source] : record.links?.[source.association]?.[0];
    const label = sourceLabel(source);
    const read = coerced(coerce, raw, problems, label);
    const factor = (objectMapping.scale as Record<string, number> | undefined)?.[canonical];
    const value = factor !== undefined && typeof read === 'number' ? scaled(read, factor) : read;
    const valueMap = (objectMapping.values as Record<string, Record<string, string>> | undefined)?.[canonical];
    row[canonical] = valueMap && value !== null && value !== undefined ? mapValue(String(value), valueMap, canonical, label, problems) : value;
    if ((raw === null || raw === undefined || raw === '') && requiredValues[object].includes(canonical)) {
      problems.push(`${label}: required for ${object}, but empty`);
    }
  }
  // A won or lost deal with no close date cannot be placed in the renewal and ARR history.
  if (object === 'opportunities' && row.is_closed === true && row.close_date === null && problems.length === 0) {
    problems.push(`${sourceLabel(mapping.objects.opportunities.fields.close_date)}: required for a closed opportunity, but empty`);
  }
  if (object === 'owners') {
    const first = row.first_name as string | null;
    const last = row.last_name as string | null;
    row.name ??= [first, last].filter(Boolean).join(' ') || null;
    delete row.first_name;
    delete row.last_name;
  }
  if (object === 'accounts') {
    const extras: Record<string, number | null> = {};
    for (const [name, field] of Object.entries(mapping.objects.accounts.extras ?? {})) {
      extras[name] = safe(() => toNumber(record.fields[field]), problems, field) ?? null;
    }
    row.extras = extras;
    const outputs: Record<string, string | number | null> = {};
    if (mapping.writeback.object === objectMapping.source) {
      for (const [output, target] of Object.entries(mapping.writeback.fields)) {
        if (!target) continue;
        // A value a person typed into a score field may not parse; keep it as text rather than quarantine the account.
        outputs[output] = safe(() => normaliseOutput(output as ScoreOutput, record.fields[target.field]), [], target.field) ?? textOrNull(record.fields[target.field]);
      }
    }
    row.crm_outputs = outputs;
  }
  if (problems.length > 0) {
    return { quarantine: { crm_id: record.id, reason: problems.join('; '), record: record.fields } };
  }
  return { row: row as unknown as RowsByObject[O] };
}

/**
 * A score output as comparable data, whichever CRM it came from (HubSpot sends "55", Salesforce
 * 55 and `...+0000` datetimes), so our own written value and the CRM's copy compare equal.
 */
export function normaliseOutput(output: ScoreOutput, value: unknown): string | number | null {
  if (output === 'health_score' || output === 'churn_risk') return toNumber(value);
  if (output === 'scored_at') return toDateTime(value);
  return toText(value);
}

function textOrNull(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}

function mapValue(value: string, valueMap: Record<string, string>, canonical: string, label: string, problems: string[]): string | null {
  const mapped = valueMap[value] ?? valueMap[OTHER_VALUES];
  if (mapped === undefined) {
    problems.push(`${label}: value "${value}" is not in the mapping's values.${canonical} (known: ${Object.keys(valueMap).join(', ')})`);
    return null;
  }
  const allowed = allowedMapped[canonical];
  if (allowed && !allowed.includes(mapped)) {
    problems.push(`${label}: the mapping maps "${value}" to "${mapped}", expected one of ${allowed.join(', ')}`);
    return null;
  }
  return mapped;
}

/** How a problem names where a value came from: the CRM field, or the association it follows. */
function sourceLabel(source: string | { association: string }): string {
  return typeof source === 'string' ? source : `${source.association} association`;
}

/** `safe(() => coerce(raw))` without a closure per field and record. */
function coerced(coerce: Coerce, raw: unknown, problems: string[], label: string): unknown {
  try {
    return coerce(raw);
  } catch (error) {
    if (error instanceof CoercionError) {
      problems.push(`${label}: ${error.message}`);
      return null;
    }
    throw error;
  }
}

function safe<T>(read: () => T, problems: string[], label: string): T | null {
  try {
    return read();
  } catch (error) {
    if (error instanceof CoercionError) {
      problems.push(`${label}: ${error.message}`);
      return null;
    }
    throw error;
  }
}
