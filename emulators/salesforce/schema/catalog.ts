import type { FieldDef, FieldValue, ObjectDefinition } from './fieldDefs.js';
import { standardObjects, type OrgSchema } from './standardObjects.js';

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string;
  cascadeDelete: boolean;
}

/** Child relationship names Salesforce gives the standard lookups the emulator models. */
const CHILD_RELATIONSHIP_NAMES: Record<string, string> = {
  'Opportunity.AccountId': 'Opportunities',
  'Case.AccountId': 'Cases',
  'Task.WhatId': 'Tasks',
  'Task.AccountId': 'AccountTasks',
  'Account.ParentId': 'ChildAccounts',
};

/** One sObject's metadata with case-insensitive lookups (SOQL and JSON bodies ignore case). */
export class SObjectSchema {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly deletable: boolean;
  readonly fields: FieldDef[];
  readonly fieldNames: string[];
  readonly hasIsDeleted: boolean;
  readonly childRelationships: ChildRelationship[] = [];
  private readonly byLowerName = new Map<string, FieldDef>();
  private readonly byRelationship = new Map<string, FieldDef>();
  private readonly rowFactory: (values: Record<string, FieldValue | undefined>) => Record<string, FieldValue>;
  private readonly blankFactory: () => Record<string, FieldValue>;

  constructor(def: ObjectDefinition) {
    this.name = def.name;
    this.label = def.label;
    this.labelPlural = def.labelPlural;
    this.keyPrefix = def.keyPrefix;
    this.deletable = def.deletable;
    this.fields = def.fields;
    this.fieldNames = def.fields.map((f) => f.name);
    for (const f of def.fields) {
      this.byLowerName.set(f.name.toLowerCase(), f);
      if (f.relationshipName) this.byRelationship.set(f.relationshipName.toLowerCase(), f);
    }
    this.hasIsDeleted = this.byLowerName.has('isdeleted');
    // One object literal with every field: V8 keeps such rows in fast, compact form. Adding 25
    // properties one by one under computed names turns objects into ~1 KB dictionaries instead,
    // which at 1.5M rows is gigabytes.
    const body = this.fieldNames.map((n) => `${JSON.stringify(n)}: v[${JSON.stringify(n)}] ?? null`).join(',\n');
    this.rowFactory = new Function('v', `return {\n${body}\n};`) as typeof this.rowFactory;
    const blank = this.fieldNames.map((n) => `${JSON.stringify(n)}: null`).join(',\n');
    this.blankFactory = new Function(`return {\n${blank}\n};`) as typeof this.blankFactory;
  }

  /** A row with every field null, for loaders that then set fields by name (no temporary objects). */
  blankRow(): Record<string, FieldValue> {
    return this.blankFactory();
  }

  /** A new row holding every field of the object in describe order (missing values are null). */
  newRow(values: Record<string, FieldValue | undefined>): Record<string, FieldValue> {
    return this.rowFactory(values);
  }

  field(name: string): FieldDef | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  /** The lookup field behind a relationship name (`Account` -> `AccountId`). */
  relationship(name: string): FieldDef | undefined {
    return this.byRelationship.get(name.toLowerCase());
  }

  /** The field describe marks as the record's name (`Name`, `Subject`, `CaseNumber`). */
  nameField(): FieldDef | undefined {
    return this.fields.find((f) => f.nameField);
  }
}

export class SchemaCatalog {
  private readonly byName = new Map<string, SObjectSchema>();
  private readonly byPrefix = new Map<string, SObjectSchema>();

  constructor(org: OrgSchema) {
    for (const def of standardObjects(org)) {
      const schema = new SObjectSchema(def);
      this.byName.set(def.name.toLowerCase(), schema);
      this.byPrefix.set(def.keyPrefix, schema);
    }
    for (const child of this.byName.values()) {
      for (const f of child.fields) {
        const relationshipName = CHILD_RELATIONSHIP_NAMES[`${child.name}.${f.name}`];
        if (!relationshipName) continue;
        for (const parentName of f.referenceTo) {
          this.get(parentName)?.childRelationships.push({
            childSObject: child.name,
            field: f.name,
            relationshipName,
            cascadeDelete: f.name !== 'ParentId',
          });
        }
      }
    }
  }

  get(name: string): SObjectSchema | undefined {
    return this.byName.get(name.toLowerCase());
  }

  forKeyPrefix(prefix: string): SObjectSchema | undefined {
    return this.byPrefix.get(prefix);
  }

  all(): SObjectSchema[] {
    return [...this.byName.values()];
  }
}
