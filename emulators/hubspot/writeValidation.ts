import { requiredOnCreate, type RequiredOnCreate } from './apiRequiredProperties.js';
import type { PropertyFailure } from './errors.js';
import type { HsRecord, ObjectTable } from './objectTable.js';
import { LAST_MODIFIED, objectTypeInfo, type ObjectTypeName } from './objectTypes.js';
import type { PropertyDefinition } from './propertyDefinitions.js';
import type { PipelineCatalog } from './pipelines.js';
import type { PropertyRegistry } from './propertyRegistry.js';
import { canonicalValue, enumerationParts, optionsMessage, rawToString } from './propertyValues.js';

/** What write validation needs to know about the portal. */
export interface WriteContext {
  portalId: number;
  properties: PropertyRegistry;
  pipelines: PipelineCatalog;
  activeOwnerIds(): string[];
  isActiveOwner(id: string): boolean;
}

/** Validated values: a string sets, null clears. */
export type WriteValues = Map<string, string | null>;

/**
 * Validates one input's `properties` the way HubSpot's property validator does: unknown names,
 * read-only properties, type formats, enumeration options (owners and pipeline stages included)
 * and required properties on create. Collects every failure rather than stopping at the first.
 */
export function validateWrite(
  ctx: WriteContext,
  type: ObjectTypeName,
  raw: unknown,
  existing: HsRecord | undefined,
  asSystem = false,
  required: RequiredOnCreate = requiredOnCreate(type, 'person'),
): { values: WriteValues; failures: PropertyFailure[] } {
  const values: WriteValues = new Map();
  const failures: PropertyFailure[] = [];
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  for (const [name, rawValue] of Object.entries(input)) {
    const def = ctx.properties.get(type, name);
    if (!def) {
      failures.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    const text = rawToString(rawValue);
    if (text === undefined) {
      failures.push({ name, error: 'INVALID_PROPERTY_VALUE', message: `${JSON.stringify(rawValue)} is not a valid value for ${name}.` });
      continue;
    }
    if (def.readOnlyValue && !(asSystem && isSystemWritable(type, def))) {
      failures.push({ name, error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.`, value: text ?? '' });
      continue;
    }
    // HubSpot clears a property when it is set to the empty string.
    if (text === null || text === '') {
      values.set(name, null);
      continue;
    }
    const canonical = canonicalValue(def, text);
    if (!canonical.ok) {
      failures.push(canonical.failure);
      continue;
    }
    values.set(name, canonical.value);
  }
  checkOptions(ctx, type, values, existing, failures);
  if (!existing) {
    for (const anyOf of required) {
      if (anyOf.some((name) => values.get(name))) continue;
      failures.push({ name: anyOf[0] ?? '', error: 'REQUIRED_PROPERTY', message: `${anyOf.join(' or ')} is required.` });
    }
  }
  return { values, failures };
}

/** HubSpot itself sets read-only values such as `notes_last_updated`; ids, stamps and formulas stay derived. */
function isSystemWritable(type: ObjectTypeName, def: PropertyDefinition): boolean {
  return !def.calculated && def.name !== 'hs_object_id' && def.name !== LAST_MODIFIED && def.name !== objectTypeInfo(type).createdProperty;
}

function checkOptions(ctx: WriteContext, type: ObjectTypeName, values: WriteValues, existing: HsRecord | undefined, failures: PropertyFailure[]): void {
  for (const [name, value] of values) {
    if (value === null) continue;
    const def = ctx.properties.get(type, name);
    if (!def || def.type !== 'enumeration') continue;
    let allowed: string[];
    if (name === 'hubspot_owner_id') {
      if (ctx.isActiveOwner(value)) continue;
      allowed = ctx.activeOwnerIds();
    } else if ((type === 'deals' && name === 'dealstage') || (type === 'tickets' && name === 'hs_pipeline_stage')) {
      const pipelineType = type;
      const pipelineProp = type === 'deals' ? 'pipeline' : 'hs_pipeline';
      const pipelineId = values.get(pipelineProp) ?? existing?.props[pipelineProp] ?? ctx.pipelines.defaultPipelineId(pipelineType);
      allowed = ctx.pipelines.pipeline(pipelineType, pipelineId)?.stages.map((s) => s.id) ?? [];
    } else {
      allowed = def.options.map((o) => o.value);
    }
    const bad = enumerationParts(def, value).find((part) => !allowed.includes(part));
    if (bad === undefined) continue;
    // Developer Changelog, "Upcoming: Enforcing Deal Currency Code Validation" (July 2023): the wording HubSpot gives.
    const message = type === 'deals' && name === 'deal_currency_code' ? `"${bad}" is not a part of the current effective currency codes for portal ${ctx.portalId}` : optionsMessage(bad, allowed);
    failures.push({ name, error: 'INVALID_OPTION', message, value });
  }
}

/**
 * Values of `hasUniqueValue` properties that another record already holds, or that an earlier
 * input of the same batch claims (`claimed`, value → input index).
 */
export function uniqueConflicts(
  ctx: WriteContext,
  table: ObjectTable,
  values: WriteValues,
  selfId: number | undefined,
  claimed?: Map<string, number>,
): { name: string; value: string; ownerId: number | undefined }[] {
  const out: { name: string; value: string; ownerId: number | undefined }[] = [];
  for (const [name, value] of values) {
    if (value === null || !ctx.properties.get(table.info.name, name)?.hasUniqueValue) continue;
    const holder = table.uniqueIndex.get(name)?.get(value);
    if (holder !== undefined && holder !== selfId) out.push({ name, value, ownerId: holder });
    const key = `${name}\u0000${value}`;
    if (claimed) {
      if (claimed.has(key)) out.push({ name, value, ownerId: undefined });
      claimed.set(key, selfId ?? -1);
    }
  }
  return out;
}
