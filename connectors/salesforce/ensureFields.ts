import type { EnsureFieldsResult, FieldSpec } from '../../src/contracts/connector.js';
import type { DescribedField, Describer } from './describe.js';

interface SalesforceType {
  /** Describe types that hold the value well enough. */
  accepts: string[];
  /** How to create it in Setup's "New Custom Field" wizard. */
  create(spec: FieldSpec): string;
}

const TYPES: Record<FieldSpec['type'], SalesforceType> = {
  number: { accepts: ['double', 'int', 'currency', 'percent'], create: () => 'Number, Length 3, Decimal Places 0' },
  // crm-vitals writes churn risk as 0-100, which is how a Percent field stores and shows it.
  percent: { accepts: ['percent', 'double'], create: () => 'Percent, Length 3, Decimal Places 2' },
  text: { accepts: ['string', 'textarea', 'picklist', 'combobox'], create: () => 'Text, Length 255' },
  'long-text': { accepts: ['textarea'], create: () => 'Text Area (Long), Length 32768, Visible Lines 5' },
  datetime: { accepts: ['datetime'], create: () => 'Date/Time' },
  enumeration: {
    accepts: ['picklist', 'string', 'combobox'],
    // Text rather than a picklist: a restricted picklist would refuse a value added in a later version.
    create: (spec) => `Text, Length 40 (crm-vitals writes ${(spec.options ?? []).join(', ')})`,
  },
};

const KEY_TYPE = 'Text, Length 255';

/** Task and Event custom fields are defined once, on Activity. */
function setupObject(object: string): string {
  return object === 'Task' || object === 'Event' ? `Activity (${object} fields are Activity custom fields)` : object;
}

function fieldsPage(object: string): string {
  return `Setup → Object Manager → ${setupObject(object)} → Fields & Relationships`;
}

/**
 * Salesforce custom fields are created by an admin (the Metadata API needs more than an
 * integration user should hold), so this only reports: present, or what exactly to create or fix.
 */
export async function ensureFields(describer: Describer, specs: FieldSpec[]): Promise<EnsureFieldsResult> {
  const result: EnsureFieldsResult = { created: [], present: [], manual: [] };
  for (const spec of specs) {
    const fields = await describer.fields(spec.object);
    if (!fields) {
      result.manual.push({ field: spec, instruction: `the object ${spec.object} does not exist or the integration user cannot see it; check the mapping and the user's object permissions` });
      continue;
    }
    const found = fields.find((f) => f.name.toLowerCase() === spec.name.toLowerCase());
    const problem = found ? mismatch(spec, found) : missing(spec);
    if (problem) result.manual.push({ field: spec, instruction: problem });
    else result.present.push(spec);
  }
  return result;
}

function missing(spec: FieldSpec): string {
  if (!spec.name.endsWith('__c')) {
    return `${spec.object}.${spec.name} does not exist and is not a custom field name (custom fields end in __c); point the mapping at a custom field`;
  }
  const type = spec.taskKey ? KEY_TYPE : TYPES[spec.type].create(spec);
  return (
    `create ${spec.object}.${spec.name}: ${fieldsPage(spec.object)} → New → ${type}; ` +
    `Field Label "${spec.label}", Field Name "${spec.name.slice(0, -3)}" (API name ${spec.name}); ` +
    `then give the integration user Edit access in field-level security`
  );
}

function mismatch(spec: FieldSpec, found: DescribedField): string | undefined {
  const where = `${fieldsPage(spec.object)} → ${found.label}`;
  // The key is read back with a SOQL filter, so it must be a (filterable) Text field; crm-vitals
  // keeps it unique itself, so External ID and Unique are not required.
  const accepted = spec.taskKey ? ['string'] : TYPES[spec.type].accepts;
  if (!accepted.includes(found.type)) {
    return `${spec.object}.${found.name} is a ${found.type} field, but crm-vitals writes ${spec.type} values there: change its type (${where}) to ${spec.taskKey ? KEY_TYPE : TYPES[spec.type].create(spec)}, or map the output to another field`;
  }
  if (!found.updateable || !found.createable) {
    return `${spec.object}.${found.name} exists but the integration user cannot edit it: grant Edit in field-level security (${where} → Set Field-Level Security)`;
  }
  return undefined;
}
