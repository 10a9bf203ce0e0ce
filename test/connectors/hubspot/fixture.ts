import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHubSpotConnector, type HubSpotConnector, type HubSpotTuning } from '../../../connectors/hubspot/createHubSpotConnector.js';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import type { HubSpotOptions } from '../../../connectors/hubspot/optionsSchema.js';
import type { Config, ConnectorConfig } from '../../../src/config/config.js';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { canonicalObjects, type CanonicalObject } from '../../../src/contracts/connector.js';
import type { Book } from '../../../emulators/book/bookTypes.js';
import { generateBook } from '../../../emulators/book/generateBook.js';
import { configureLogging, createLogger } from '../../../src/log/logger.js';
import { portalData } from '../../../emulators/hubspot/kit.js';
import { expectStateMatchesCrm } from '../../support/stateMatchesCrm.js';
import type { Mapping } from '../../../src/mapping/mappingSchema.js';
import { runSync, type SyncRunOptions } from '../../../src/sync/runSync.js';
import { openState, type State } from '../../../state/openState.js';

configureLogging({ level: 'error' });
export const log = createLogger('test');

/** Old enough that nothing seeded falls inside a lookback window of the test's wall clock. */
export const AS_OF = '2025-03-01T00:00:00.000Z';

export function smallBook(accounts = 60, seed = 11): Book {
  return generateBook({ accounts, seed, asOf: AS_OF });
}

/** Both sides fast unless a test is about limits. */
export const FAST = { requestsPer10s: 5_000, searchPerSecond: 500 } as const;

export async function startPortal(options: Partial<HubSpotEmulatorOptions> = {}): Promise<HubSpotEmulator> {
  return startHubSpotEmulator({ book: options.book ?? smallBook(), ...FAST, ...options });
}

export interface PortalConfigOptions {
  limits?: Partial<HubSpotOptions['limits']>;
  lookbackSeconds?: number;
}

/**
 * A vitals.yaml with one hubspot connector at the emulator, loaded as the CLI loads it. Limits
 * above what the schema allows are patched in after loading (tests that are not about limits
 * should not wait on them).
 */
export async function portalConfig(dir: string, emulator: HubSpotEmulator, extra: PortalConfigOptions = {}): Promise<Config> {
  const file = join(dir, 'vitals.yaml');
  const lines = [
    `state: ${join(dir, 'vitals.db')}`,
    'connectors:',
    '  - name: portal',
    '    type: hubspot',
    `    baseUrl: ${emulator.url}`,
    `    auth: { accessToken: ${emulator.accessToken} }`,
    `    searchLookbackSeconds: ${extra.lookbackSeconds ?? 300}`,
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  const config = await loadConfig(file, {});
  const entry = config.connectors[0] as ConnectorConfig<HubSpotOptions>;
  entry.options = { ...entry.options, limits: { ...entry.options.limits, ...FAST, reserveDailyApiPercent: 0, ...extra.limits } };
  return config;
}

export const fastRetry: HubSpotTuning = { retry: { baseDelayMs: 5, maxDelayMs: 50 } };

export function openConnector(config: Config, tuning: HubSpotTuning = fastRetry): Promise<HubSpotConnector> {
  const entry = config.connectors[0] as ConnectorConfig<HubSpotOptions>;
  return createHubSpotConnector({ name: entry.name, options: entry.options, logger: log.child(entry.name), tasks: entry.mapping.tasks }, tuning);
}

/** Runs the engine's sync (per-page transactions, cursors) and keeps the connector for its counters. */
export async function sync(state: State, config: Config, options: Partial<SyncRunOptions> & { tuning?: HubSpotTuning } = {}) {
  let opened: HubSpotConnector | undefined;
  const result = await runSync(
    state,
    config.connectors,
    async () => (opened = await openConnector(config, options.tuning)),
    log,
    { kind: 'sync', ...options },
  );
  return { ...result, connector: opened as HubSpotConnector };
}

export function open(config: Config): State {
  return openState(config.statePath);
}

/** The state equals the portal as the emulator holds it (see `expectStateMatchesCrm`). */
export function expectStateMatchesPortal(
  state: State,
  emulator: HubSpotEmulator,
  mapping: Mapping,
  objects: readonly CanonicalObject[] = canonicalObjects,
  connector = 'portal',
): Record<CanonicalObject, number> {
  return expectStateMatchesCrm(state, portalData(emulator), mapping, objects, connector);
}

/** Calls the emulator saw on endpoints whose pattern contains `fragment`. */
export function callsTo(emulator: HubSpotEmulator, fragment: string): number {
  return Object.entries(emulator.callCounts())
    .filter(([endpoint]) => endpoint.includes(fragment))
    .reduce((n, [, c]) => n + c, 0);
}
