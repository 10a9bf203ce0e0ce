import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsMatching } from '../../bench/minimumCalls.js';
import type { Book } from '../../emulators/book/bookTypes.js';
import type { EmulatorStart } from '../../emulators/emulatorKit.js';
import { openConnector } from '../../src/cli/connectorsFor.js';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { canonicalObjects, type CanonicalObject, type Connector } from '../../src/contracts/connector.js';
import { configureLogging, createLogger } from '../../src/log/logger.js';
import { runSync, type SyncRunOptions } from '../../src/sync/runSync.js';
import { openState, type State } from '../../state/openState.js';
import { startEmulated, type Crm, type StartedEmulator } from '../support/emulatedCrms.js';
import { expectStateMatchesCrm } from '../support/stateMatchesCrm.js';

// Failures the contract provokes on purpose are asserted on, not printed.
configureLogging({ level: 'error', sink: { write: () => undefined, isTTY: false } });
const log = createLogger('contract');

export const CONNECTOR = 'crm';

/** One emulated CRM, a config pointing the production connector at it, and the state it syncs into. */
export interface Org {
  crm: Crm;
  emulator: StartedEmulator;
  config: Config;
  state: State;
  sync(options?: Partial<SyncRunOptions>): ReturnType<typeof runSync>;
  /** The production connector, opened as a command opens it (the caller closes it). */
  open(): Promise<Connector>;
  /**
   * Every canonical row equals the CRM's record mapped through the same mapping; deleted records are
   * marked deleted; nothing else is stored. Returns the live records per object.
   */
  expectStateMatchesCrm(objects?: readonly CanonicalObject[]): Record<CanonicalObject, number>;
  close(): Promise<void>;
}

export interface OrgOptions extends Omit<EmulatorStart, 'book' | 'profile'> {
  /** The connector's `limits.reserveDailyApiPercent`. @default 0 */
  reservePercent?: number;
}

export async function startOrg(crm: Crm, book: Book, options: OrgOptions = {}): Promise<Org> {
  const { reservePercent = 0, ...start } = options;
  const dir = mkdtempSync(join(tmpdir(), 'vitals-contract-'));
  const emulator = await startEmulated(crm, { book, profile: 'test', ...start });
  const entry = emulator.connectorYaml.map((line) => line.replace(/reserveDailyApiPercent: \d+/, `reserveDailyApiPercent: ${reservePercent}`));
  const configFile = join(dir, 'vitals.yaml');
  writeFileSync(configFile, ['state: ./vitals.db', 'connectors:', `  - name: ${CONNECTOR}`, ...entry, ''].join('\n'));
  const config = await loadConfig(configFile, emulator.env);
  const state = openState(config.statePath);
  const mapping = config.connectors[0]!.mapping;
  return {
    crm,
    emulator,
    config,
    state,
    sync: (syncOptions = {}) => runSync(state, config.connectors, openConnector, log, { kind: 'sync', ...syncOptions }),
    open: () => openConnector(config.connectors[0]!),
    expectStateMatchesCrm: (objects = canonicalObjects) => expectStateMatchesCrm(state, emulator.data, mapping, objects, CONNECTOR),
    close: async () => {
      state.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts orgs for the tests of a `describe`, each closed after its test. */
export function orgPerTest(): { start: typeof startOrg } {
  const open: Org[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((org) => org.close()));
  });
  return {
    start: async (...args) => {
      const org = await startOrg(...args);
      open.push(org);
      return org;
    },
  };
}

/** Calls the emulator answered on endpoints matching `pattern`. */
export function callsTo(emulator: StartedEmulator, pattern: RegExp): number {
  return callsMatching({ total: emulator.totalCalls(), byEndpoint: emulator.callCounts() }, pattern);
}
