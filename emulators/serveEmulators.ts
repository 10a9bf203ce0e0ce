import { generateBook } from './book/generateBook.js';
import type { Book } from './book/bookTypes.js';
import type { OrgCurrencies, OrgSchemaName, RunningEmulator } from './emulatorKit.js';
import { emulatedConnectors } from './registry.js';

export interface ServeOptions {
  accounts?: number;
  seed?: number;
  asOf?: string;
  /** The first emulator's port; each next one listens ten above. 0 picks free ports. */
  port?: number;
  /** The org schema every emulator starts as (see `EmulatorStart.schema`). @default 'standard' */
  schema?: OrgSchemaName;
  /** Every emulator starts as a multi-currency org (see `EmulatorStart.currencies`). @default single currency */
  currencies?: OrgCurrencies;
  /** Per connector type, the org's currencies instead of `currencies` (orgs in different corporate currencies). */
  currenciesOf?: Record<string, OrgCurrencies>;
}

export interface ServedEmulator {
  /** The connector `type:` it serves. */
  type: string;
  label: string;
  emulator: RunningEmulator;
}

export interface ServedEmulators {
  book: Book;
  emulators: ServedEmulator[];
  /** Every emulator's variables, as `config.example.yaml` reads them. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Every registered connector's emulator serving the same logical book, as `vitals emulate`, the demo and benches use them. */
export async function serveEmulators(options: ServeOptions = {}): Promise<ServedEmulators> {
  const book = generateBook({ accounts: options.accounts, seed: options.seed, asOf: options.asOf });
  const port = options.port ?? 0;
  const served: ServedEmulator[] = [];
  const close = async () => void (await Promise.all(served.map((s) => s.emulator.close())));
  try {
    for (const [i, { type, kit }] of (await emulatedConnectors()).entries()) {
      const currencies = options.currenciesOf?.[type] ?? options.currencies;
      served.push({ type, label: kit.label, emulator: await kit.start({ book, port: port === 0 ? 0 : port + 10 * i, schema: options.schema ?? 'standard', ...(currencies ? { currencies } : {}) }) });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { book, emulators: served, env: Object.assign({}, ...served.map((s) => s.emulator.env)) as Record<string, string>, close };
}
