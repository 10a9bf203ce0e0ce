import { startHubSpotEmulator, type HubSpotEmulator } from './hubspot/startHubSpotEmulator.js';
import { startSalesforceEmulator, type SalesforceEmulator } from './salesforce/startSalesforceEmulator.js';
import { generateBook } from './book/generateBook.js';
import type { Book } from './book/bookTypes.js';

/** Credentials the emulators accept by default; `config.example.yaml` falls back to the same ones. */
export const emulatorCredentials = {
  salesforce: { clientId: 'emulator-client', clientSecret: 'emulator-secret' },
  hubspot: { accessToken: 'emulator-token' },
} as const;

export interface ServeOptions {
  accounts?: number;
  seed?: number;
  asOf?: string;
  /** Salesforce port; HubSpot listens on the same number plus ten. 0 picks free ports. */
  port?: number;
}

export interface ServedEmulators {
  book: Book;
  salesforce: SalesforceEmulator;
  hubspot: HubSpotEmulator;
  close(): Promise<void>;
}

/** Both emulators serving the same logical book, as `vitals emulate`, the demo and benches use them. */
export async function serveEmulators(options: ServeOptions = {}): Promise<ServedEmulators> {
  const book = generateBook({ accounts: options.accounts, seed: options.seed, asOf: options.asOf });
  const port = options.port ?? 0;
  const salesforce = await startSalesforceEmulator({ book, ...emulatorCredentials.salesforce, port });
  try {
    const hubspot = await startHubSpotEmulator({ book, ...emulatorCredentials.hubspot, port: port === 0 ? 0 : port + 10 });
    return { book, salesforce, hubspot, close: async () => void (await Promise.all([salesforce.close(), hubspot.close()])) };
  } catch (error) {
    await salesforce.close();
    throw error;
  }
}
