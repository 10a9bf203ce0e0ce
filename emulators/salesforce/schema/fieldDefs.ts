/**
 * Field metadata as `describe` reports it, plus the few builders the object files use. The same
 * definitions drive describe output, SOQL checks and write validation, so the three can't disagree.
 */

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'combobox'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'email'
  | 'phone'
  | 'url';

/** Stored values: datetimes as canonical ISO strings, dates as `YYYY-MM-DD`, the rest as JSON scalars. */
export type FieldValue = string | number | boolean | null;

export interface PicklistEntry {
  active: boolean;
  defaultValue: boolean;
  label: string;
  value: string;
  validFor: null;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  digits: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  custom: boolean;
  externalId: boolean;
  unique: boolean;
  defaultedOnCreate: boolean;
  calculated: boolean;
  autoNumber: boolean;
  picklistValues: PicklistEntry[];
  restrictedPicklist: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  nameField: boolean;
  idLookup: boolean;
  filterable: boolean;
  sortable: boolean;
  groupable: boolean;
  /** Value given on create when the request leaves the field out. */
  defaultValue: FieldValue;
}

export interface FieldOptions {
  /** Not nillable and no default: creates must supply it. */
  required?: boolean;
  /** System-maintained: neither createable nor updateable. */
  readOnly?: boolean;
  /** Createable but fixed afterwards. */
  createOnly?: boolean;
  unique?: boolean;
  externalId?: boolean;
  restricted?: boolean;
  defaultValue?: FieldValue;
  nameField?: boolean;
  idLookup?: boolean;
}

function base(name: string, label: string, type: FieldType, o: FieldOptions): FieldDef {
  const readOnly = o.readOnly ?? false;
  const longText = type === 'textarea';
  return {
    name,
    label,
    type,
    length: 0,
    precision: 0,
    scale: 0,
    digits: 0,
    nillable: !(o.required ?? false) && type !== 'boolean',
    createable: !readOnly,
    updateable: !readOnly && !(o.createOnly ?? false),
    custom: name.endsWith('__c'),
    externalId: o.externalId ?? false,
    unique: o.unique ?? false,
    defaultedOnCreate: type === 'boolean' || o.defaultValue !== undefined,
    calculated: false,
    autoNumber: false,
    picklistValues: [],
    restrictedPicklist: false,
    referenceTo: [],
    relationshipName: null,
    nameField: o.nameField ?? false,
    idLookup: o.idLookup ?? o.externalId ?? false,
    filterable: !longText,
    sortable: !longText,
    groupable: !longText && type !== 'double' && type !== 'currency' && type !== 'percent' && type !== 'datetime',
    defaultValue: o.defaultValue ?? (type === 'boolean' ? false : null),
  };
}

export const text = (name: string, label: string, length: number, o: FieldOptions = {}): FieldDef => ({
  ...base(name, label, 'string', o),
  length,
});

export const email = (name: string, label: string, o: FieldOptions = {}): FieldDef => ({ ...base(name, label, 'email', o), length: 80 });
export const url = (name: string, label: string, o: FieldOptions = {}): FieldDef => ({ ...base(name, label, 'url', o), length: 255 });

/** Long text area: Salesforce refuses to filter or sort on these. */
export const textarea = (name: string, label: string, length: number, o: FieldOptions = {}): FieldDef => ({
  ...base(name, label, 'textarea', o),
  length,
});

export function picklist(name: string, label: string, values: string[], o: FieldOptions = {}, type: 'picklist' | 'combobox' = 'picklist'): FieldDef {
  return {
    ...base(name, label, type, o),
    length: 255,
    restrictedPicklist: o.restricted ?? false,
    picklistValues: values.map((value) => ({ active: true, defaultValue: value === o.defaultValue, label: value, value, validFor: null })),
  };
}

export const bool = (name: string, label: string, o: FieldOptions = {}): FieldDef => base(name, label, 'boolean', o);
export const date = (name: string, label: string, o: FieldOptions = {}): FieldDef => base(name, label, 'date', o);
export const datetime = (name: string, label: string, o: FieldOptions = {}): FieldDef => base(name, label, 'datetime', o);

export function num(name: string, label: string, type: 'double' | 'currency' | 'percent', precision: number, scale: number, o: FieldOptions = {}): FieldDef {
  return { ...base(name, label, type, o), precision, scale };
}

export const int = (name: string, label: string, digits: number, o: FieldOptions = {}): FieldDef => ({
  ...base(name, label, 'int', o),
  digits,
});

export function reference(name: string, label: string, referenceTo: string[], relationshipName: string, o: FieldOptions = {}): FieldDef {
  return { ...base(name, label, 'reference', o), length: 18, referenceTo, relationshipName };
}

export function idField(): FieldDef {
  return { ...base('Id', 'Record ID', 'id', { readOnly: true, required: true, idLookup: true }), length: 18, defaultedOnCreate: true };
}

/** Audit fields every object carries; `IsDeleted` only on objects that go to the recycle bin. */
export function systemFields(withIsDeleted: boolean): FieldDef[] {
  const fields = [
    { ...datetime('CreatedDate', 'Created Date', { readOnly: true, required: true }), defaultedOnCreate: true },
    { ...reference('CreatedById', 'Created By ID', ['User'], 'CreatedBy', { readOnly: true, required: true }), defaultedOnCreate: true },
    { ...datetime('LastModifiedDate', 'Last Modified Date', { readOnly: true, required: true }), defaultedOnCreate: true },
    { ...reference('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', { readOnly: true, required: true }), defaultedOnCreate: true },
    { ...datetime('SystemModstamp', 'System Modstamp', { readOnly: true, required: true }), defaultedOnCreate: true },
  ];
  return withIsDeleted ? [bool('IsDeleted', 'Deleted', { readOnly: true }), ...fields] : fields;
}

/** SOAP type names describe reports next to each field type. */
export function soapType(type: FieldType): string {
  switch (type) {
    case 'id':
    case 'reference':
      return 'tns:ID';
    case 'boolean':
      return 'xsd:boolean';
    case 'int':
      return 'xsd:int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'xsd:double';
    case 'date':
      return 'xsd:date';
    case 'datetime':
      return 'xsd:dateTime';
    default:
      return 'xsd:string';
  }
}

/** One sObject as describe shows it: its names, key prefix and fields. */
export interface ObjectDefinition {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  deletable: boolean;
  fields: FieldDef[];
}
