import type { SObjectSchema } from './catalog.js';
import { soapType, type FieldDef } from './fieldDefs.js';

/** The per-field object of `describe`, with every key a real org sends (clients index into them). */
export function describeField(f: FieldDef): Record<string, unknown> {
  const isText = ['string', 'textarea', 'picklist', 'combobox', 'email', 'phone', 'url', 'id', 'reference'].includes(f.type);
  return {
    aggregatable: f.filterable,
    aiPredictionField: false,
    autoNumber: f.autoNumber,
    byteLength: isText ? f.length * 3 : 0,
    calculated: f.calculated,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.type === 'boolean' ? f.defaultValue : null,
    defaultValueFormula: null,
    defaultedOnCreate: f.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.digits,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: f.externalId,
    extraTypeInfo: f.type === 'textarea' ? 'plaintextarea' : null,
    filterable: f.filterable,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: f.groupable,
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: f.idLookup,
    inlineHelpText: null,
    label: f.label,
    length: f.length,
    mask: null,
    maskType: null,
    name: f.name,
    nameField: f.nameField,
    namePointing: f.referenceTo.length > 1,
    nillable: f.nillable,
    permissionable: f.custom || (f.nillable && f.updateable),
    picklistValues: f.picklistValues,
    polymorphicForeignKey: f.referenceTo.length > 1,
    precision: f.precision,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: f.restrictedPicklist,
    scale: f.scale,
    searchPrefilterable: false,
    soapType: soapType(f.type),
    sortable: f.sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
    writeRequiresMasterRead: false,
  };
}

function urls(schema: SObjectSchema, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${schema.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** The object summary used by `GET /sobjects` and `GET /sobjects/X`. */
export function describeGlobalEntry(schema: SObjectSchema, version: string): Record<string, unknown> {
  return {
    activateable: false,
    createable: true,
    custom: false,
    customSetting: false,
    deepCloneable: false,
    deletable: schema.deletable,
    deprecatedAndHidden: false,
    feedEnabled: schema.name !== 'Task',
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: schema.keyPrefix,
    label: schema.label,
    labelPlural: schema.labelPlural,
    layoutable: true,
    mergeable: schema.name === 'Account',
    mruEnabled: true,
    name: schema.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: schema.deletable,
    updateable: true,
    urls: urls(schema, version),
  };
}

export function describeSObject(schema: SObjectSchema, version: string): Record<string, unknown> {
  return {
    ...describeGlobalEntry(schema, version),
    actionOverrides: [],
    childRelationships: schema.childRelationships.map((r) => ({
      cascadeDelete: r.cascadeDelete,
      childSObject: r.childSObject,
      deprecatedAndHidden: false,
      field: r.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: r.relationshipName,
      restrictedDelete: false,
    })),
    compactLayoutable: true,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: schema.fields.map(describeField),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      { active: true, available: true, defaultRecordTypeMapping: true, developerName: 'Master', master: true, name: 'Master', recordTypeId: '012000000000000AAA', urls: {} },
    ],
    searchLayoutable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [{ label: 'All ' + schema.labelPlural.toLowerCase(), name: 'everything' }],
    urls: urls(schema, version),
  };
}
