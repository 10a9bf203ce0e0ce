import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Book } from '../../emulators/book/bookTypes.js';
import type { EmulatorStart } from '../../emulators/emulatorKit.js';
import { openConnector } from '../../src/cli/connectorsFor.js';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { canonicalObjects, type CanonicalObject, type Connector } from '../../src/contracts/connector.js';
import { configureLogging, createLogger } from '../../src/log/logger.js';
import { applyMapping, fieldsToPull } from '../../src/mapping/applyMapping.js';
import { runSync, type SyncRunOptions } from '../../src/sync/runSync.js';
import { openState, type State } from '../../state/openState.js';
import { startEmulated, type Crm, type StartedEmulator } from '../support/emulatedCrms.js';

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
    expectStateMatchesCrm: (objects = canonicalObjects) => expectStateMatchesCrm(state, emulator, mapping, objects),
    close: async () => {
      state.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type SqlValue = string | number | null;
const toSql = (v: unknown): SqlValue =>
  v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);

function expectStateMatchesCrm(state: State, emulator: StartedEmulator, mapping: Config['connectors'][number]['mapping'], objects: readonly CanonicalObject[]): Record<CanonicalObject, number> {
  const counts = {} as Record<CanonicalObject, number>;
  const deletedAccounts = new Set(emulator.data.records('accounts', mapping.objects.accounts.source, []).filter((r) => r.deleted).map((r) => r.record.id));
  for (const object of objects) {
    const stored = new Map((state.db.prepare(`SELECT * FROM ${object} WHERE connector = ?`).all(CONNECTOR) as Record<string, SqlValue>[]).map((r) => [r.crm_id as string, r]));
    let live = 0;
    for (const { record, deleted } of emulator.data.records(object, mapping.objects[object].source, fieldsToPull(mapping, object))) {
      const row = stored.get(record.id);
      stored.delete(record.id);
      if (deleted) {
        if (row) expect({ object, id: record.id, deleted: row.deleted_at !== null }).toEqual({ object, id: record.id, deleted: true });
        continue;
      }
      live += 1;
      const mapped = applyMapping(object, mapping, record);
      if (!('row' in mapped)) throw new Error(`${emulator.label} record ${object} ${record.id} does not map: ${mapped.quarantine.reason}`);
      const expected = Object.fromEntries(Object.entries(mapped.row).map(([k, v]) => [k, toSql(v)]));
      const actual = row ? Object.fromEntries(Object.keys(expected).map((k) => [k, row[k] ?? null])) : undefined;
      // A CRM that drops a deleted account's links without touching its children's stamps (HubSpot)
      // leaves an unchanged child pointing at the deleted account until it changes: the same account, gone.
      if (actual && expected.account_id === null && typeof actual.account_id === 'string' && deletedAccounts.has(actual.account_id)) actual.account_id = null;
      expect({ object, id: record.id, row: actual, deleted_at: row?.deleted_at ?? null }).toEqual({ object, id: record.id, row: expected, deleted_at: null });
    }
    expect({ object, unexpected: [...stored.keys()] }).toEqual({ object, unexpected: [] });
    counts[object] = live;
  }
  return counts;
}

/** Calls the emulator answered on endpoints matching `pattern`. */
export function callsMatching(emulator: StartedEmulator, pattern: RegExp): number {
  return Object.entries(emulator.callCounts()).reduce((n, [endpoint, calls]) => (pattern.test(endpoint) ? n + calls : n), 0);
}
