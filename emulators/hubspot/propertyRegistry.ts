import { HubSpotApiError, validationError } from './errors.js';
import type { ObjectTypeName } from './objectTypes.js';
import { OBJECT_TYPES } from './objectTypes.js';
import type { PipelineCatalog } from './pipelines.js';
import type { PortalProperties } from './propertyDefinitions.js';
import {
  boolOptions,
  standardGroups,
  standardProperties,
  type FieldType,
  type PropertyDefinition,
  type PropertyGroup,
  type PropertyOption,
  type PropertyType,
} from './propertyDefinitions.js';
import { refuseUniqueBeyondLimit, refuseUniqueOnActivity } from './uniqueProperties.js';

/**
 * Valid `fieldType` values per `type`, from the table "Property type and fieldType values" of the
 * Properties API guide (developers.hubspot.com/docs/api-reference/crm-properties-v3/guide).
 */
const FIELD_TYPES_BY_TYPE: Record<PropertyType, readonly FieldType[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file', 'calculation_equation'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation'],
  bool: ['booleancheckbox', 'calculation_equation'],
};

const MAX_PROPERTY_NAME_LENGTH = 100;

/** What a client may send when creating or updating a property definition. */
export interface PropertyInput {
  name?: unknown;
  label?: unknown;
  type?: unknown;
  fieldType?: unknown;
  groupName?: unknown;
  description?: unknown;
  options?: unknown;
  displayOrder?: unknown;
  hidden?: unknown;
  hasUniqueValue?: unknown;
  formField?: unknown;
}

/** Property and group definitions per object type, as the Properties API manages them. */
export class PropertyRegistry {
  private readonly properties = new Map<ObjectTypeName, Map<string, PropertyDefinition>>();
  private readonly groups = new Map<ObjectTypeName, Map<string, PropertyGroup>>();

  constructor(pipelines: PipelineCatalog, industries: readonly [string, string][], portal: PortalProperties, private readonly now: () => number) {
    const standard = standardProperties(pipelines, industries, portal);
    for (const { name } of OBJECT_TYPES) {
      this.properties.set(name, new Map(standard[name].map((p) => [p.name, p])));
      this.groups.set(name, new Map(standardGroups(name).map((g) => [g.name, g])));
    }
  }

  /** A live (not archived) definition, or undefined. */
  get(type: ObjectTypeName, name: string): PropertyDefinition | undefined {
    const def = this.table(type).get(name);
    return def && !def.archived ? def : undefined;
  }

  getIncludingArchived(type: ObjectTypeName, name: string): PropertyDefinition | undefined {
    return this.table(type).get(name);
  }

  list(type: ObjectTypeName, archived: boolean): PropertyDefinition[] {
    return [...this.table(type).values()].filter((p) => p.archived === archived);
  }

  create(type: ObjectTypeName, input: PropertyInput): PropertyDefinition {
    const problems: string[] = [];
    const name = typeof input.name === 'string' ? input.name : '';
    if (!/^[a-z][a-z0-9_]*$/.test(name)) problems.push(`name must be lower case letters, digits and underscores, starting with a letter (got ${JSON.stringify(input.name)})`);
    // "Understand the property editor" (knowledge.hubspot.com/properties/understand-the-property-editor):
    // the internal name takes at most 100 characters.
    if (name.length > MAX_PROPERTY_NAME_LENGTH) problems.push(`name must be at most ${MAX_PROPERTY_NAME_LENGTH} characters (got ${name.length})`);
    for (const key of ['label', 'type', 'fieldType', 'groupName'] as const) {
      if (typeof input[key] !== 'string' || input[key] === '') problems.push(`${key} is required`);
    }
    const type_ = input.type as PropertyType;
    const fieldType = input.fieldType as FieldType;
    if (typeof input.type === 'string' && !(input.type in FIELD_TYPES_BY_TYPE)) problems.push(`type ${input.type} is not one of ${Object.keys(FIELD_TYPES_BY_TYPE).join(', ')}`);
    else if (typeof input.fieldType === 'string' && FIELD_TYPES_BY_TYPE[type_] && !FIELD_TYPES_BY_TYPE[type_].includes(fieldType)) {
      problems.push(`fieldType ${fieldType} is not valid for type ${type_}`);
    }
    if (typeof input.groupName === 'string' && input.groupName !== '' && !this.groupTable(type).get(input.groupName)) {
      problems.push(`property group ${input.groupName} does not exist`);
    }
    const opts = parseOptions(input.options, problems);
    if (type_ === 'enumeration' && opts.length === 0 && fieldType !== 'booleancheckbox') problems.push('enumeration properties need at least one option');
    if (problems.length > 0) throw validationError(`Invalid input for property ${name || '(unnamed)'}: ${problems.join('; ')}`);
    refuseUniqueOnActivity(type, input.hasUniqueValue);
    if (input.hasUniqueValue === true) refuseUniqueBeyondLimit(typeIdOf(type), this.list(type, false).filter((p) => p.hasUniqueValue).length);
    const existing = this.table(type).get(name);
    if (existing && !existing.archived) {
      throw new HubSpotApiError(409, 'OBJECT_ALREADY_EXISTS', `A property named '${name}' already exists.`, { context: { name: [name] } });
    }
    const at = this.now();
    const def: PropertyDefinition = {
      name,
      label: input.label as string,
      type: type_,
      fieldType,
      groupName: input.groupName as string,
      description: typeof input.description === 'string' ? input.description : '',
      options: type_ === 'bool' && opts.length === 0 ? boolOptions() : opts,
      displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1,
      hidden: input.hidden === true,
      hasUniqueValue: input.hasUniqueValue === true,
      formField: input.formField === true,
      calculated: false,
      externalOptions: false,
      hubspotDefined: false,
      readOnlyValue: false,
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.table(type).set(name, def);
    return def;
  }

  /** PATCH: label, description, options, displayOrder, hidden, groupName may change; name and type may not. */
  update(type: ObjectTypeName, name: string, input: PropertyInput): PropertyDefinition {
    const def = this.get(type, name);
    if (!def) throw propertyNotFound(type, name);
    if (def.hubspotDefined && def.readOnlyValue) throw validationError(`The property ${name} is read-only and cannot be modified`);
    const problems: string[] = [];
    if (input.options !== undefined) def.options = parseOptions(input.options, problems);
    if (typeof input.groupName === 'string' && !this.groupTable(type).get(input.groupName)) problems.push(`property group ${input.groupName} does not exist`);
    if (problems.length > 0) throw validationError(`Invalid input for property ${name}: ${problems.join('; ')}`);
    if (typeof input.label === 'string') def.label = input.label;
    if (typeof input.description === 'string') def.description = input.description;
    if (typeof input.groupName === 'string') def.groupName = input.groupName;
    if (typeof input.displayOrder === 'number') def.displayOrder = input.displayOrder;
    if (typeof input.hidden === 'boolean') def.hidden = input.hidden;
    def.updatedAt = this.now();
    return def;
  }

  archive(type: ObjectTypeName, name: string): void {
    const def = this.get(type, name);
    if (!def) throw propertyNotFound(type, name);
    if (def.hubspotDefined) throw validationError(`The property ${name} is a HubSpot default property and cannot be archived`);
    def.archived = true;
    def.updatedAt = this.now();
  }

  listGroups(type: ObjectTypeName): PropertyGroup[] {
    return [...this.groupTable(type).values()].filter((g) => !g.archived);
  }

  getGroup(type: ObjectTypeName, name: string): PropertyGroup | undefined {
    const group = this.groupTable(type).get(name);
    return group && !group.archived ? group : undefined;
  }

  createGroup(type: ObjectTypeName, input: { name?: unknown; label?: unknown; displayOrder?: unknown }): PropertyGroup {
    if (typeof input.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(input.name)) throw validationError(`Invalid group name ${JSON.stringify(input.name)}`);
    if (typeof input.label !== 'string' || input.label === '') throw validationError('label is required');
    if (this.getGroup(type, input.name)) {
      throw new HubSpotApiError(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${input.name}' already exists.`, { context: { name: [input.name] } });
    }
    const group: PropertyGroup = { name: input.name, label: input.label, displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1, archived: false };
    this.groupTable(type).set(group.name, group);
    return group;
  }

  updateGroup(type: ObjectTypeName, name: string, input: { label?: unknown; displayOrder?: unknown }): PropertyGroup {
    const group = this.getGroup(type, name);
    if (!group) throw groupNotFound(type, name);
    if (typeof input.label === 'string') group.label = input.label;
    if (typeof input.displayOrder === 'number') group.displayOrder = input.displayOrder;
    return group;
  }

  archiveGroup(type: ObjectTypeName, name: string): void {
    const group = this.getGroup(type, name);
    if (!group) throw groupNotFound(type, name);
    group.archived = true;
  }

  private table(type: ObjectTypeName): Map<string, PropertyDefinition> {
    const t = this.properties.get(type);
    if (!t) throw new Error(`no property table for ${type}`);
    return t;
  }

  private groupTable(type: ObjectTypeName): Map<string, PropertyGroup> {
    const t = this.groups.get(type);
    if (!t) throw new Error(`no group table for ${type}`);
    return t;
  }
}

function parseOptions(raw: unknown, problems: string[]): PropertyOption[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push('options must be an array');
    return [];
  }
  const out: PropertyOption[] = [];
  raw.forEach((o: unknown, i) => {
    const opt = (o ?? {}) as Record<string, unknown>;
    if (typeof opt.value !== 'string' || typeof opt.label !== 'string') {
      problems.push(`option ${i} needs a string label and value`);
      return;
    }
    out.push({ label: opt.label, value: opt.value, displayOrder: typeof opt.displayOrder === 'number' ? opt.displayOrder : i, hidden: opt.hidden === true });
  });
  return out;
}

function typeIdOf(type: ObjectTypeName): string {
  return OBJECT_TYPES.find((t) => t.name === type)?.typeId ?? type;
}

export function propertyNotFound(type: ObjectTypeName, name: string): HubSpotApiError {
  const typeId = typeIdOf(type);
  return new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `Unable to find property named '${name}' for object type ${typeId}`, { context: { name: [name] } });
}

function groupNotFound(type: ObjectTypeName, name: string): HubSpotApiError {
  const typeId = typeIdOf(type);
  return new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `Unable to find property group named '${name}' for object type ${typeId}`, { context: { name: [name] } });
}
