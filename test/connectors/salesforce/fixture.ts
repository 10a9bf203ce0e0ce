import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { createSalesforceConnector } from '../../../connectors/salesforce/createSalesforceConnector.js';
import type { SalesforceOptions } from '../../../connectors/salesforce/optionsSchema.js';
import type { SalesforceTuning } from '../../../connectors/salesforce/pullContext.js';
import type { ConnectorConfig, Config } from '../../../src/config/config.js';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { canonicalObjects, type CanonicalObject, type Connector } from '../../../src/contracts/connector.js';
import { configureLogging, createLogger } from '../../../src/log/logger.js';
import { orgData } from '../../../emulators/salesforce/kit.js';
import { expectStateMatchesCrm } from '../../support/stateMatchesCrm.js';
import type { Mapping } from '../../../src/mapping/mappingSchema.js';
import { runSync, type SyncRunOptions } from '../../../src/sync/runSync.js';
import { openState, type State } from '../../../state/openState.js';

// Failures the tests provoke on purpose are asserted on, not printed.
configureLogging({ level: 'error', sink: { write: () => undefined, isTTY: false } });

export const log = createLogger('test');

export type AuthFlow = 'client-credentials' | 'password' | 'refresh-token';

export function authFor(emulator: SalesforceEmulator, flow: AuthFlow): Record<string, string> {
  const { clientId, clientSecret, username, password, refreshToken } = emulator.credentials;
  if (flow === 'password') return { clientId, clientSecret, username, password };
  if (flow === 'refresh-token') return { clientId, clientSecret, refreshToken };
  return { clientId, clientSecret };
}

/** A vitals.yaml pointing one salesforce connector at the emulator, loaded the way the CLI loads it. */
export async function orgConfig(
  dir: string,
  emulator: SalesforceEmulator,
  extra: { flow?: AuthFlow; reserve?: number; bulkThreshold?: number; concurrency?: number; mapping?: string } = {},
): Promise<Config> {
  const auth = authFor(emulator, extra.flow ?? 'client-credentials');
  const lines = [
    `state: ${join(dir, 'vitals.db')}`,
    'connectors:',
    '  - name: org',
    '    type: salesforce',
    `    loginUrl: ${emulator.url}`,
    `    auth: ${JSON.stringify(auth)}`,
    '    apiVersion: "62.0"',
    `    limits: { reserveDailyApiPercent: ${extra.reserve ?? 0}, concurrency: ${extra.concurrency ?? 4} }`,
    ...(extra.bulkThreshold ? [`    bulkThreshold: ${extra.bulkThreshold}`] : []),
    ...(extra.mapping ? [`    mapping: ${extra.mapping}`] : []),
  ];
  const file = join(dir, 'vitals.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return loadConfig(file, {});
}

/** The engine's connector factory, optionally with tuning (small pages) that config does not offer. */
export function opener(tuning?: SalesforceTuning): (entry: ConnectorConfig) => Promise<Connector> {
  return (entry) =>
    createSalesforceConnector(
      { name: entry.name, options: entry.options as SalesforceOptions, logger: log.child(entry.name), tasks: entry.mapping.tasks },
      { retry: { baseDelayMs: 5, maxDelayMs: 50 }, bulkPollMs: 5, ...tuning },
    );
}

export function sync(state: State, config: Config, tuning?: SalesforceTuning, options: Partial<SyncRunOptions> = {}) {
  return runSync(state, config.connectors, opener(tuning), log, { kind: 'sync', ...options });
}

export function open(config: Config): State {
  return openState(config.statePath);
}

/** The state equals the org as the emulator holds it (see `expectStateMatchesCrm`). */
export function expectStateMatchesOrg(
  state: State,
  emulator: SalesforceEmulator,
  mapping: Mapping,
  objects: readonly CanonicalObject[] = canonicalObjects,
  connector = 'org',
): Record<CanonicalObject, number> {
  return expectStateMatchesCrm(state, orgData(emulator), mapping, objects, connector);
}

/** API calls the emulator saw, summed over endpoint patterns containing `fragment`. */
export function callsTo(emulator: SalesforceEmulator, fragment: string): number {
  return Object.entries(emulator.callCounts())
    .filter(([endpoint]) => endpoint.includes(fragment))
    .reduce((n, [, c]) => n + c, 0);
}
