import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHubSpotConnector, type HubSpotConnector, type HubSpotTuning } from '../../../connectors/hubspot/createHubSpotConnector.js';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import type { HubSpotOptions } from '../../../connectors/hubspot/optionsSchema.js';
import type { Config, ConnectorConfig } from '../../../src/config/config.js';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { canonicalObjects, type CanonicalObject, type CrmRecord } from '../../../src/contracts/connector.js';
import type { Book } from '../../../emulators/book/bookTypes.js';
import { generateBook } from '../../../emulators/book/generateBook.js';
import { configureLogging, createLogger } from '../../../src/log/logger.js';
import { applyMapping } from '../../../src/mapping/applyMapping.js';
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

type SqlValue = string | number | null;
const toSql = (v: unknown): SqlValue =>
  v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);

/**
 * The portal as the emulator's store holds it, as CRM records: every property, the company
 * links primary first, a ticket's closed state from its stage, owners from the owner list.
 * Read from the store directly, not through the API the connector uses.
 */
export function portalRecords(emulator: HubSpotEmulator, object: CanonicalObject): { record: CrmRecord; archived: boolean }[] {
  const { store } = emulator;
  if (object === 'owners') {
    return store.owners.map((o) => ({
      record: { id: o.id, fields: { firstName: o.firstName, lastName: o.lastName, email: o.email, active: !o.archived }, modifiedAt: new Date(o.updatedAt).toISOString() },
      archived: false,
    }));
  }
  const type = ({ accounts: 'companies', opportunities: 'deals', tickets: 'tickets' } as const)[object];
  const companies = store.table('companies').records;
  return store.table(type).records.map((r) => {
    const view = store.view(type, r.id);
    if (!view) throw new Error(`no view of ${type} ${r.id}`);
    const fields: Record<string, unknown> = { ...view.properties };
    const links: Record<string, string[]> = {};
    if (type !== 'companies') {
      const edges = store.associations.list(type, r.seq, 'companies').filter((e) => !companies[e.toSeq]?.archived);
      const primary = (e: { typeIds: readonly number[] }) => e.typeIds.includes(5) || e.typeIds.includes(26);
      links.companies = [...edges.filter(primary), ...edges.filter((e) => !primary(e))].map((e) => companies[e.toSeq]!.id);
    }
    if (type === 'tickets') {
      const stage = store.pipelines.stage('tickets', view.properties.hs_pipeline ?? '0', view.properties.hs_pipeline_stage ?? '');
      fields.stageIsClosed = stage ? stage.metadata.ticketState === 'CLOSED' : null;
    }
    return { record: { id: r.id, fields, modifiedAt: view.properties.hs_lastmodifieddate ?? view.updatedAt, links }, archived: r.archived };
  });
}

/**
 * Compares every canonical row in the state with the portal mapped through the same mapping:
 * live records present with equal values, archived ones marked deleted, nothing else. Returns
 * the number of live records per object.
 */
export function expectStateMatchesPortal(
  state: State,
  emulator: HubSpotEmulator,
  mapping: Mapping,
  objects: readonly CanonicalObject[] = canonicalObjects,
  connector = 'portal',
): Record<CanonicalObject, number> {
  const counts = {} as Record<CanonicalObject, number>;
  for (const object of objects) {
    const stored = new Map((state.db.prepare(`SELECT * FROM ${object} WHERE connector = ?`).all(connector) as Record<string, SqlValue>[]).map((r) => [r.crm_id as string, r]));
    let live = 0;
    for (const { record, archived } of portalRecords(emulator, object)) {
      const row = stored.get(record.id);
      stored.delete(record.id);
      if (archived) {
        if (row) expect({ object, id: record.id, deleted: row.deleted_at !== null }).toEqual({ object, id: record.id, deleted: true });
        continue;
      }
      live += 1;
      const mapped = applyMapping(object, mapping, record);
      if (!('row' in mapped)) throw new Error(`portal record ${object} ${record.id} does not map: ${mapped.quarantine.reason}`);
      const expected = Object.fromEntries(Object.entries(mapped.row).map(([k, v]) => [k, toSql(v)]));
      const actual = row ? Object.fromEntries(Object.keys(expected).map((k) => [k, row[k] ?? null])) : undefined;
      // Deleting a company drops its links without touching the deals' stamps, so an unchanged
      // deal keeps pointing at the (soft-deleted) company until it changes: the same account, gone.
      if (actual && expected.account_id === null && typeof actual.account_id === 'string' && emulator.store.get('companies', actual.account_id)?.archived) actual.account_id = null;
      expect({ object, id: record.id, row: actual, deleted_at: row?.deleted_at ?? null }).toEqual({ object, id: record.id, row: expected, deleted_at: null });
    }
    expect({ object, unexpected: [...stored.keys()] }).toEqual({ object, unexpected: [] });
    counts[object] = live;
  }
  return counts;
}

/** Calls the emulator saw on endpoints whose pattern contains `fragment`. */
export function callsTo(emulator: HubSpotEmulator, fragment: string): number {
  return Object.entries(emulator.callCounts())
    .filter(([endpoint]) => endpoint.includes(fragment))
    .reduce((n, [, c]) => n + c, 0);
}
