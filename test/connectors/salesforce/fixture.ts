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
import { applyMapping, fieldsToPull } from '../../../src/mapping/applyMapping.js';
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

type SqlValue = string | number | null;
const toSql = (v: unknown): SqlValue =>
  v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);

/**
 * Compares every canonical row in the state with the org as the emulator holds it, mapped
 * through the same mapping: live records present with equal values, deleted ones marked
 * deleted, nothing else. Returns the number of live records per object.
 */
export function expectStateMatchesOrg(
  state: State,
  emulator: SalesforceEmulator,
  mapping: Mapping,
  objects: readonly CanonicalObject[] = canonicalObjects,
  connector = 'org',
): Record<CanonicalObject, number> {
  const counts = {} as Record<CanonicalObject, number>;
  for (const object of objects) {
    const source = mapping.objects[object].source;
    const fields = [...new Set(['Id', 'SystemModstamp', ...fieldsToPull(mapping, object)])];
    const hasRecycleBin = source !== 'User';
    const records = emulator.store.query(`SELECT ${fields.join(', ')}${hasRecycleBin ? ', IsDeleted' : ''} FROM ${source}`, { includeDeleted: true });
    const stored = new Map(
      (state.db.prepare(`SELECT * FROM ${object} WHERE connector = ?`).all(connector) as Record<string, SqlValue>[]).map((r) => [r.crm_id as string, r]),
    );
    let live = 0;
    for (const record of records) {
      const id = record.Id as string;
      const row = stored.get(id);
      if (record.IsDeleted === true) {
        if (row) expect({ id, deleted: row.deleted_at !== null }).toEqual({ id, deleted: true });
        stored.delete(id);
        continue;
      }
      live += 1;
      const mapped = applyMapping(object, mapping, { id, fields: record, modifiedAt: record.SystemModstamp as string });
      if (!('row' in mapped)) throw new Error(`emulator record ${id} does not map: ${mapped.quarantine.reason}`);
      const expected = Object.fromEntries(Object.entries(mapped.row).map(([k, v]) => [k, toSql(v)]));
      const actual = row ? Object.fromEntries(Object.keys(expected).map((k) => [k, row[k] ?? null])) : undefined;
      expect({ object, id, row: actual, deleted_at: row?.deleted_at ?? null }).toEqual({ object, id, row: expected, deleted_at: null });
      stored.delete(id);
    }
    expect({ object, unexpected: [...stored.keys()] }).toEqual({ object, unexpected: [] });
    counts[object] = live;
  }
  return counts;
}

/** API calls the emulator saw, summed over endpoint patterns containing `fragment`. */
export function callsTo(emulator: SalesforceEmulator, fragment: string): number {
  return Object.entries(emulator.callCounts())
    .filter(([endpoint]) => endpoint.includes(fragment))
    .reduce((n, [, c]) => n + c, 0);
}
