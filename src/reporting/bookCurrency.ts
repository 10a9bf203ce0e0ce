import type { Config } from '../config/config.js';
import { ConfigError } from '../model/errors.js';
import { orgMoney } from '../../state/currencies.js';
import type { State } from '../../state/openState.js';

/**
 * The one currency a report or an alert digest adds money in. Each connector's amounts arrive in
 * its org's corporate currency (`src/model/money.ts`); connectors that share it need nothing more.
 * Connectors whose corporate currencies differ are joined at the rates `currency.rates` gives, or
 * refused: adding euros to dollars unconverted is the bug this exists to prevent.
 */
export interface BookCurrency {
  /** Null when no connector said which currency it keeps (single-currency orgs read as before). */
  code: string | null;
  /** What one unit of the connector's money is worth in `code`. */
  factor(connector: string): number;
}

export function bookCurrency(state: State, config: Config, connectors: readonly string[]): BookCurrency {
  const corporate = new Map(connectors.map((name) => [name, orgMoney(state, name).corporate]));
  const known = [...new Set([...corporate.values()].filter((c): c is string => c !== null))];
  const code = config.currency.report ?? (known.length === 1 ? known[0]! : null);
  if (code === null && known.length > 1) {
    const [a, b] = [...corporate].filter(([, c]) => c !== null) as [string, string][];
    throw new ConfigError(config.file, [
      {
        path: 'currency',
        message:
          `${a![0]} keeps its money in ${a![1]} and ${b![0]} in ${b![1]}: set the currency to report in and the rate joining them, ` +
          `e.g. currency: { report: ${a![1]}, rates: { ${b![1]}: <value of 1 ${b![1]} in ${a![1]}> } }, or report one connector with --connector`,
      },
    ]);
  }
  const factors = new Map<string, number>();
  for (const [name, own] of corporate) {
    if (own === null || own === code) {
      factors.set(name, 1);
      continue;
    }
    const rate = config.currency.rates[own];
    if (rate === undefined) {
      throw new ConfigError(config.file, [
        {
          path: `currency.rates.${own}`,
          message: `${name} keeps its money in ${own}, the report is in ${code}: set currency.rates.${own} to the value of 1 ${own} in ${code} (e.g. ${own}: 1.08), or report one connector with --connector`,
        },
      ]);
    }
    factors.set(name, rate);
  }
  return { code, factor: (connector) => factors.get(connector) ?? 1 };
}
