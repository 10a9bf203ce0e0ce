import type { CanonicalObject, Connector, CurrencyFacts } from '../contracts/connector.js';
import type { Logger } from '../log/logger.js';
import type { Mapping } from '../mapping/mappingSchema.js';
import { FatalError } from '../model/errors.js';
import { storeOrgCurrencies } from '../../state/currencies.js';
import type { State } from '../../state/openState.js';

/** Canonical objects that hold money, and so may map their records' currency. */
export const MONEY_OBJECTS = ['accounts', 'opportunities'] as const satisfies readonly CanonicalObject[];

export function mapsCurrency(mapping: Mapping, object: CanonicalObject): boolean {
  return (MONEY_OBJECTS as readonly string[]).includes(object) && (mapping.objects[object].fields as Record<string, unknown>).currency !== undefined;
}

/**
 * Before a sync: when the mapping reads a record currency, the org's corporate currency and rates
 * are read (fresh every run: amounts are converted when read, so a changed rate re-converts
 * without a re-pull). An object whose mapping starts reading the currency is pulled again
 * (`remappedFields.ts`).
 */
export async function readOrgCurrencies(state: State, connector: Connector, mapping: Mapping, log: Logger): Promise<void> {
  const mapped = MONEY_OBJECTS.filter((o) => mapsCurrency(mapping, o));
  if (mapped.length === 0) return;
  if (!connector.currencies) {
    throw new FatalError(
      'CURRENCY_UNSUPPORTED',
      `${connector.name}: the mapping reads a record currency (objects.${mapped[0]}.fields.currency), but the ${connector.type} connector cannot read the org's exchange rates; remove the currency entry`,
    );
  }
  const facts = await connector.currencies();
  storeOrgCurrencies(state, connector.name, facts && toStored(facts), new Date().toISOString());
  if (facts) log.debug(`money in ${facts.corporate}: ${facts.rates.length} currencies${facts.dated.length > 0 ? `, ${facts.dated.length} dated rates` : ''}`);
}

function toStored(facts: CurrencyFacts) {
  return {
    corporate: facts.corporate,
    rates: [
      ...facts.rates.map((r) => ({ code: r.code, perCorporate: r.perCorporate, from: null, to: null })),
      ...facts.dated.map((r) => ({ code: r.code, perCorporate: r.perCorporate, from: r.from ?? '0001-01-01', to: r.to ?? null })),
    ],
  };
}
