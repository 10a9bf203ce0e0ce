import type { EnsureFieldsResult, FieldSpec } from '../../src/contracts/connector.js';
import type { HubSpotContext } from './context.js';
import { isWritable, readProperties, type HubSpotProperty } from './describeFields.js';
import { HubSpotRequestError } from './errors.js';

/** The property group our properties live in, so a HubSpot admin sees at once what is ours. */
export const VITALS_GROUP = { name: 'crm_vitals', label: 'crm-vitals', displayOrder: -1 } as const;

const HUBSPOT_TYPE: Record<FieldSpec['type'], { type: string; fieldType: string; accepts: readonly string[] }> = {
  number: { type: 'number', fieldType: 'number', accepts: ['number'] },
  percent: { type: 'number', fieldType: 'number', accepts: ['number'] },
  text: { type: 'string', fieldType: 'text', accepts: ['string'] },
  'long-text': { type: 'string', fieldType: 'textarea', accepts: ['string'] },
  datetime: { type: 'datetime', fieldType: 'date', accepts: ['datetime'] },
  enumeration: { type: 'enumeration', fieldType: 'select', accepts: ['enumeration', 'string'] },
};

/**
 * Creates the properties the engine writes (score properties on companies, the dedupe key on
 * tasks) in the `crm_vitals` group. Present and fitting properties are left alone, so a second
 * run makes no change and no write call; a property that exists but cannot work as is (wrong
 * type, read-only) is reported with what a person must do. The task key is a plain text
 * property: HubSpot refuses unique values on tasks, and the engine keeps keys unique itself (a
 * portal whose key property is unique already keeps it).
 */
export async function ensureFields(ctx: HubSpotContext, cache: Map<string, Promise<HubSpotProperty[]>>, specs: FieldSpec[]): Promise<EnsureFieldsResult> {
  const result: EnsureFieldsResult = { created: [], present: [], manual: [] };
  for (const object of new Set(specs.map((s) => s.object))) {
    const existing = new Map((await readProperties(ctx, cache, object)).map((p) => [p.name, p]));
    const missing: FieldSpec[] = [];
    for (const spec of specs.filter((s) => s.object === object)) {
      const found = existing.get(spec.name);
      if (!found) missing.push(spec);
      else {
        const problem = unfit(spec, found);
        if (problem) result.manual.push({ field: spec, instruction: problem });
        else result.present.push(spec);
      }
    }
    if (missing.length === 0) continue;
    await ensureGroup(ctx, object);
    for (const spec of missing) {
      try {
        await ctx.call('api', `create property ${object}.${spec.name}`, () => ctx.apis.properties.createWithHttpInfo(object, propertyCreate(spec) as never));
        result.created.push(spec);
      } catch (error) {
        if (!(error instanceof HubSpotRequestError)) throw error;
        // Someone (another run) created it between our read and our create.
        if (error.status === 409) result.present.push(spec);
        else result.manual.push({ field: spec, instruction: `HubSpot refused to create ${object}.${spec.name}: ${error.message}; create it by hand (${describe(spec)})` });
      }
    }
    cache.delete(object);
  }
  return result;
}

async function ensureGroup(ctx: HubSpotContext, object: string): Promise<void> {
  const groups = await ctx.call('api', `property groups ${object}`, () => ctx.apis.propertyGroups.getAllWithHttpInfo(object));
  if (groups.results.some((g) => g.name === VITALS_GROUP.name)) return;
  try {
    await ctx.call('api', `create property group ${object}`, () => ctx.apis.propertyGroups.createWithHttpInfo(object, { ...VITALS_GROUP }));
  } catch (error) {
    if (!(error instanceof HubSpotRequestError && error.status === 409)) throw error;
  }
}

export function propertyCreate(spec: FieldSpec): Record<string, unknown> {
  const kind = HUBSPOT_TYPE[spec.type];
  return {
    name: spec.name,
    label: spec.label,
    type: kind.type,
    fieldType: kind.fieldType,
    groupName: VITALS_GROUP.name,
    description: `Written by crm-vitals${spec.type === 'percent' ? ' (0-100)' : ''}${spec.taskKey ? '; the key crm-vitals finds its task by, one task per key' : ''}.`,
    formField: false,
    ...(spec.options ? { options: spec.options.map((value, i) => ({ label: value.charAt(0).toUpperCase() + value.slice(1), value, displayOrder: i, hidden: false })) } : {}),
  };
}

/** Why an existing property cannot take what we write, or undefined when it can. */
function unfit(spec: FieldSpec, found: HubSpotProperty): string | undefined {
  const where = `${spec.object}.${spec.name}`;
  const kind = HUBSPOT_TYPE[spec.type];
  if (!kind.accepts.includes(found.type)) {
    return `${where} exists as a ${found.type} property but crm-vitals writes ${describe(spec)}: change its type in HubSpot or map this output to another property`;
  }
  if (!isWritable(found)) return `${where} exists but is read-only (calculated); map this output to a writable property`;
  const missingOptions = found.type === 'enumeration' ? (spec.options ?? []).filter((o) => !found.options.some((f) => f.value === o)) : [];
  if (missingOptions.length > 0) return `${where} lacks the option${missingOptions.length > 1 ? 's' : ''} ${missingOptions.join(', ')}: add ${missingOptions.length > 1 ? 'them' : 'it'} in HubSpot`;
  return undefined;
}

function describe(spec: FieldSpec): string {
  const kind = HUBSPOT_TYPE[spec.type];
  return `${kind.type}/${kind.fieldType}${spec.options ? ` with options ${spec.options.join(', ')}` : ''}`;
}
