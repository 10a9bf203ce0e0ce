import { canonicalObjects, type CanonicalObject, type FieldDescription } from '../../contracts/connector.js';
import { canonicalFields, requiredFields, type Mapping } from '../mappingSchema.js';
import { extraHints, fieldHints, type FieldHint } from './fieldHints.js';
import { rankFields, words, type FieldMatch } from './matchField.js';
import { proposeValues, type ProposedValueTable } from './valueTables.js';

type Source = string | { association: string };

/** One canonical field (or extra measure) and the org field proposed for it. */
export interface ProposedField {
  key: string;
  /** The org's field; absent when the org has none (the entry is left out of the mapping). */
  source?: Source;
  /** The chosen field as the org describes it (absent for associations). */
  described?: FieldDescription;
  /** What the choice matched on. */
  on: string[];
  /** Other fields that could hold it, best first. */
  alternatives: FieldMatch[];
  required: boolean;
  /** Required, and no field of the org fits: the mapping in use's name is kept so the file loads, and `validate` names it. */
  unmatched?: boolean;
  /** Left out: what the score loses without it. */
  loses?: string;
}

export interface ProposedObject {
  object: CanonicalObject;
  source: string;
  /** The org has no such object, or the integration user cannot read it. */
  unreadable: boolean;
  fields: ProposedField[];
  extras: ProposedField[];
  values: ProposedValueTable[];
  scale: Record<string, number>;
  /** Scales of the mapping in use dropped because their field changed (the unit must be checked). */
  droppedScales: string[];
  segmentField?: string;
}

export interface Proposal {
  objects: ProposedObject[];
  writeback: { object: string; fields: { output: string; field: string; policy: string; present: boolean }[] };
  tasks: { object: string; dedupeField: string; present: boolean };
  /** Things a person should look at: a required field not found, no renewal value. */
  warnings: string[];
}

/** Reads one object's live schema (`Connector.describeFields`). */
export type DescribeObject = (object: string) => Promise<FieldDescription[]>;

/** Extra measures proposed even when the mapping in use has none: the scoring settings know them. */
const KNOWN_EXTRAS = Object.keys(extraHints);

/**
 * A mapping for this org, from its live schema. Each canonical field goes to the org field that
 * best fits it by API name, label and kind (`rankFields`); picklist values get tables; fields the
 * org lacks are left out with what the score loses. The CRM objects, associations, write-back
 * fields and task key come from the mapping in use (`inUse`): they are ours, not the org's.
 * `bundled` is the connector's default mapping, against which a person's own choices are told apart.
 */
export async function proposeMapping(inUse: Mapping, bundled: Mapping, describe: DescribeObject): Promise<Proposal> {
  const schemas = new Map<string, FieldDescription[]>();
  const schemaOf = async (object: string) => {
    if (!schemas.has(object)) schemas.set(object, await describe(object));
    return schemas.get(object)!;
  };
  const written = new Set([...Object.values(inUse.writeback.fields).map((t) => t?.field), inUse.tasks.dedupeField].filter((f): f is string => !!f));
  const warnings: string[] = [];
  const objects: ProposedObject[] = [];
  for (const object of canonicalObjects) {
    const used = inUse.objects[object];
    const fields = await schemaOf(used.source);
    const byName = new Map(fields.map((f) => [f.name, f]));
    // Fields the engine writes never feed the score; each org field feeds one canonical field.
    const taken = new Set(used.source === inUse.writeback.object || used.source === inUse.tasks.object ? written : []);
    const pick = (key: string, hint: FieldHint, prior: Source | undefined, bundledName: Source | undefined, required: boolean): ProposedField => {
      if (prior !== undefined && typeof prior !== 'string') return { key, source: prior, on: ['an association, not a field'], alternatives: [], required };
      const ranked = rankFields(hint, fields, { inUse: prior, bundled: typeof bundledName === 'string' ? bundledName : undefined }, taken);
      const [best, ...alternatives] = ranked;
      if (!best && required) {
        warnings.push(`${object}.${key}: no field of ${used.source} looks like it; name the field that holds it in the mapping file, or \`vitals validate\` fails`);
        return { key, source: prior, on: ['NOT FOUND in the org: name the field that holds it'], alternatives: [], required, unmatched: true };
      }
      if (!best) return { key, on: [], alternatives: [], required, loses: hint.loses };
      taken.add(best.field.name);
      return { key, source: best.field.name, described: best.field, on: best.on, alternatives, required };
    };

    const mapped = used.fields as Record<string, Source | undefined>;
    const bundledFields = bundled.objects[object].fields as Record<string, Source | undefined>;
    const required: readonly string[] = requiredFields[object];
    const proposed = canonicalFields[object].map((key) => pick(key, fieldHints[object][key]!, mapped[key], bundledFields[key], required.includes(key)));

    const extras: ProposedField[] = [];
    if (object === 'accounts') {
      const usedExtras = inUse.objects.accounts.extras ?? {};
      const bundledExtras = bundled.objects.accounts.extras ?? {};
      for (const key of new Set([...KNOWN_EXTRAS, ...Object.keys(usedExtras)])) {
        const hint = extraHints[key] ?? { kinds: ['number'], names: [words(key)] };
        extras.push(pick(key, hint, usedExtras[key], bundledExtras[key], false));
      }
    }

    const values: ProposedValueTable[] = [];
    const usedValues = (used.values ?? {}) as Record<string, Record<string, string>>;
    for (const canonical of ['type', 'priority'] as const) {
      const field = proposed.find((p) => p.key === canonical)?.described;
      if (!field) continue;
      if (field.options?.length) values.push(proposeValues(canonical, field, usedValues[canonical]));
    }
    const typeTable = values.find((v) => v.canonical === 'type');
    if (object === 'opportunities' && typeTable && !typeTable.entries.some((e) => e.canonical === 'renewal')) {
      warnings.push(`${used.source}.${proposed.find((p) => p.key === 'type')!.source as string} has no value meaning renewal: ${fieldHints.opportunities.type!.loses}. Add one (e.g. "Renewal") and run \`vitals map --force\` again`);
    }

    const scale: Record<string, number> = {};
    const droppedScales: string[] = [];
    for (const [canonical, factor] of Object.entries((used.scale ?? {}) as Record<string, number>)) {
      const chosen = proposed.find((p) => p.key === canonical)?.source;
      if (chosen !== undefined && chosen === mapped[canonical]) scale[canonical] = factor;
      else if (chosen !== undefined) droppedScales.push(canonical);
    }

    const segmentField = object === 'accounts' && inUse.objects.accounts.segmentField && byName.has(inUse.objects.accounts.segmentField) ? inUse.objects.accounts.segmentField : undefined;
    objects.push({ object, source: used.source, unreadable: fields.length === 0, fields: proposed, extras, values, scale, droppedScales, ...(segmentField ? { segmentField } : {}) });
  }

  const writebackFields = await schemaOf(inUse.writeback.object);
  const taskFields = await schemaOf(inUse.tasks.object);
  const has = (list: FieldDescription[], name: string) => list.some((f) => f.name.toLowerCase() === name.toLowerCase());
  return {
    objects,
    writeback: {
      object: inUse.writeback.object,
      fields: Object.entries(inUse.writeback.fields).flatMap(([output, target]) => (target ? [{ output, field: target.field, policy: target.policy, present: has(writebackFields, target.field) }] : [])),
    },
    tasks: { object: inUse.tasks.object, dedupeField: inUse.tasks.dedupeField, present: has(taskFields, inUse.tasks.dedupeField) },
    warnings,
  };
}
