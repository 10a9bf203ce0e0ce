import type { Connector, FieldDescription } from '../contracts/connector.js';
import type { Mapping } from '../mapping/mappingSchema.js';
import { MONEY_OBJECTS, mapsCurrency } from '../sync/readCurrencies.js';
import { mappedFields } from './mappedFields.js';

export interface ConnectorCheck {
  connector: string;
  identity: string;
  ok: boolean;
  problems: string[];
  budget: { dailyLimit?: number; dailyRemaining?: number; reserve: number };
}

/**
 * Online validation of one connector: credentials and budget (the connector's own check), then
 * every mapped field against the live schema, each problem naming the field, the object and the
 * mapping entry. A multi-currency org whose mapping reads no record currency would add yen to
 * dollars: that is a problem too.
 */
export async function checkConnector(connector: Connector, mapping: Mapping, locate: (entry: string) => string): Promise<ConnectorCheck> {
  const check = await connector.check();
  const problems = [...check.problems];
  if (check.ok) {
    const fields = mappedFields(mapping);
    const schemas = new Map<string, Map<string, FieldDescription>>();
    for (const object of new Set(fields.map((f) => f.object))) {
      const described = await connector.describeFields(object);
      schemas.set(object, new Map(described.map((d) => [d.name, d])));
    }
    for (const field of fields) {
      const found = schemas.get(field.object)?.get(field.field);
      if (!found) {
        // Fields the engine writes are ours to create: setup-fields creates them, or lists how an admin does.
        // Fields it reads are the org's: `map` finds what the org calls them.
        const fix = field.written ? '; run `vitals setup-fields` to create it' : '; `vitals map` proposes a mapping from the fields this org has';
        problems.push(`${field.object}.${field.field} does not exist (mapping entry ${field.entry}, ${locate(field.entry)})${fix}`);
      } else if (field.written && !found.updateable) {
        problems.push(`${field.object}.${field.field} is not updateable, so crm-vitals cannot write it (mapping entry ${field.entry}); check field-level security for the integration user`);
      }
    }
    problems.push(...(await unmappedCurrencies(connector, mapping, locate)));
  }
  const budget = connector.budget();
  return {
    connector: connector.name,
    identity: check.identity,
    ok: check.ok && problems.length === 0,
    problems,
    budget: { dailyLimit: budget.dailyLimit, dailyRemaining: budget.dailyRemaining, reserve: budget.reserve },
  };
}

/** A money object of a multi-currency org whose records' currency the mapping does not read. */
async function unmappedCurrencies(connector: Connector, mapping: Mapping, locate: (entry: string) => string): Promise<string[]> {
  if (!connector.currencies) return [];
  const facts = await connector.currencies();
  if (!facts) return [];
  const others = facts.rates.map((r) => r.code).filter((c) => c !== facts.corporate);
  if (others.length === 0) return [];
  return MONEY_OBJECTS.flatMap((object) => {
    const source = mapping.objects[object].source;
    const field = facts.recordFields[source];
    if (!field || mapsCurrency(mapping, object)) return [];
    const entry = `objects.${object}.fields.currency`;
    return [
      `${source} records keep their money in ${facts.corporate} or ${others.join(', ')}, but the mapping reads no currency, so every amount would count as ${facts.corporate}: ` +
        `add \`currency: ${field}\` under objects.${object}.fields (${locate(entry)}), or run \`vitals map\``,
    ];
  });
}
