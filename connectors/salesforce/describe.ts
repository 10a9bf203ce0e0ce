import type { FieldDescription, FieldKind } from '../../src/contracts/connector.js';
import { SalesforceRequestRejected } from './errors.js';
import type { SalesforceApi } from './salesforceApi.js';
import { identifier } from './soql.js';

/** A field as `GET /sobjects/{T}/describe` returns it (the parts the connector reads). */
export interface DescribedField {
  name: string;
  label: string;
  type: string;
  updateable: boolean;
  createable: boolean;
  custom: boolean;
  externalId: boolean;
  unique: boolean;
  length: number;
  precision: number;
  scale: number;
  picklistValues?: { value: string; label: string | null; active: boolean }[];
}

/**
 * Describes objects once per run: validate, setup-fields and Bulk pulls all read the same
 * schema, and a describe is a full API call each time.
 */
export class Describer {
  private readonly cache = new Map<string, Promise<DescribedField[] | undefined>>();

  constructor(private readonly api: SalesforceApi) {}

  /** The object's fields, or undefined when the org has no such object (or hides it from the user). */
  fields(object: string): Promise<DescribedField[] | undefined> {
    let found = this.cache.get(object);
    if (!found) {
      found = this.load(object);
      found.catch(() => this.cache.delete(object));
      this.cache.set(object, found);
    }
    return found;
  }

  /** Field name → describe type, for typing Bulk CSV cells. */
  async types(object: string): Promise<Map<string, string>> {
    return new Map((await this.fields(object))?.map((f) => [f.name, f.type]) ?? []);
  }

  private async load(object: string): Promise<DescribedField[] | undefined> {
    try {
      const { body } = await this.api.call<{ fields: DescribedField[] }>({ method: 'GET', path: `/sobjects/${identifier(object)}/describe` });
      return body.fields;
    } catch (error) {
      if (error instanceof SalesforceRequestRejected && (error.status === 404 || error.code === 'INVALID_TYPE' || error.code === 'NOT_FOUND')) return undefined;
      throw error;
    }
  }
}

/** Describe field types by what they hold (Field Types in the Object Reference). */
const KINDS: Record<string, FieldKind> = {
  string: 'text', textarea: 'text', email: 'text', phone: 'text', url: 'text', encryptedstring: 'text',
  picklist: 'picklist', combobox: 'picklist', multipicklist: 'picklist',
  double: 'number', int: 'number', long: 'number', currency: 'number', percent: 'number',
  date: 'date', datetime: 'datetime', boolean: 'boolean', reference: 'reference', id: 'reference',
};

/** The live schema of one object for `vitals validate` (an unknown object has no fields, so each mapped one is reported). */
export async function describeFields(describer: Describer, object: string): Promise<FieldDescription[]> {
  const fields = (await describer.fields(object)) ?? [];
  return fields.map((f) => ({
    name: f.name,
    label: f.label,
    type: f.type,
    kind: KINDS[f.type] ?? 'other',
    updateable: f.updateable,
    ...(f.picklistValues?.length ? { options: f.picklistValues.filter((p) => p.active).map((p) => ({ value: p.value, label: p.label ?? p.value })) } : {}),
  }));
}
