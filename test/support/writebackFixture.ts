import type { Config, ConnectorConfig } from '../../src/config/config.js';
import { scoringConfigSchema } from '../../src/config/scoringConfig.js';
import { tasksConfigSchema } from '../../src/config/tasksConfig.js';
import { currencyConfigSchema } from '../../src/config/currencyConfig.js';
import { deletesConfigSchema } from '../../src/config/deletesConfig.js';
import { writebackConfigSchema } from '../../src/config/writebackConfig.js';
import { alertsConfigSchema } from '../../src/config/alertsConfig.js';
import type { ConnectorDefinition, Logger } from '../../src/contracts/connector.js';
import { loadMapping } from '../../src/mapping/loadMapping.js';
import type { Mapping } from '../../src/mapping/mappingSchema.js';
import { packageFile } from '../../src/model/packagePaths.js';
import type { State } from '../../state/openState.js';
import type { AccountRow } from '../../src/model/rows.js';
import { writeScorePass, type SnapshotRecord } from '../../state/snapshots.js';
import { upsertPage } from '../../state/upsertPage.js';

/** The bundled mapping of a CRM, optionally with some fields' overwrite policy changed. */
export function bundledMapping(crm: string, policies: Record<string, 'always' | 'if-unchanged' | 'if-empty'> = {}): Mapping {
  const file = packageFile('mappings', `${crm}.yaml`);
  const base = loadMapping(file, undefined, () => undefined, file).mapping as Mapping;
  const fields = Object.fromEntries(Object.entries(base.writeback.fields).map(([output, target]) => [output, target ? { ...target, policy: policies[output] ?? target.policy } : target]));
  const { mapping, problems } = loadMapping(file, { writeback: { fields } }, () => undefined, file);
  if (!mapping) throw new Error(problems.map((p) => p.message).join('; '));
  return mapping;
}

/** A normalised config for engine tests: one entry per connector, the given `tasks:` section. */
export function engineConfig(connectors: { name: string; mapping: Mapping }[], tasks: unknown = {}, writeback: unknown = {}): Config {
  const definition = { type: 'test' } as unknown as ConnectorDefinition<unknown>;
  return {
    file: '/dev/null',
    baseDir: '/',
    statePath: ':memory:',
    connectors: connectors.map((c): ConnectorConfig => ({ name: c.name, type: 'test', definition, options: {}, mappingFile: '', mapping: c.mapping, locateMappingEntry: (entry) => entry })),
    usage: [],
    schedule: { jobs: [], timezone: 'UTC' },
    scoring: scoringConfigSchema.parse({}),
    tasks: tasksConfigSchema.parse(tasks),
    writeback: writebackConfigSchema.parse(writeback),
    deletes: deletesConfigSchema.parse({}),
    currency: currencyConfigSchema.parse({}),
    alerts: alertsConfigSchema.parse({}),
    log: { level: 'error' },
  };
}

/** Stores `n` live accounts (`A0001`...) as a sync would, with an empty CRM copy of their score fields. */
export function seedAccounts(state: State, connector: string, n: number, over: (i: number) => Partial<AccountRow> = () => ({})): string[] {
  const rows: AccountRow[] = Array.from({ length: n }, (_, i) => ({
    crm_id: accountId(i),
    name: `Account ${i}`,
    owner_id: 'U1',
    segment: 'SMB',
    arr: 1000,
    renewal_date: null,
    last_activity_at: null,
    created_at: null,
    extras: {},
    crm_outputs: {},
    modified_at: '2025-01-01T00:00:00.000Z',
    ...over(i),
  }));
  upsertPage(state, { connector, object: 'accounts', rows, deletedIds: [], quarantined: [], cursor: {} });
  upsertPage(state, {
    connector,
    object: 'owners',
    rows: [{ crm_id: 'U1', name: 'Ada', email: 'ada@example.com', is_active: true, modified_at: null }],
    deletedIds: [],
    quarantined: [],
    cursor: {},
  });
  return rows.map((r) => r.crm_id);
}

export function accountId(i: number): string {
  return `A${String(i).padStart(4, '0')}`;
}

/** A scoring pass as `vitals score` would store it, with the given health/risk per account. */
export function writePass(
  state: State,
  connector: string,
  asOf: string,
  accounts: { id: string; health: number; churnRisk?: number; trendChange?: number | null; drivers?: string }[],
): void {
  const records: SnapshotRecord[] = accounts.map((a) => ({
    accountId: a.id,
    health: a.health,
    band: a.health < 40 ? 'red' : a.health < 70 ? 'yellow' : 'green',
    churnRisk: a.churnRisk ?? 0.1,
    riskSource: 'prior',
    coverage: 0.9,
    measures: {},
    drivers: { level: [], change: [], risk: [] },
    driversText: a.drivers ?? `Ticket load (-${Math.round((100 - a.health) / 3)})`,
    trend: 'flat',
    trendChange: a.trendChange ?? null,
    trendSlope: null,
    flags: [],
  }));
  writeScorePass(state, { connector, asOf, runId: null, modelVersion: 'test', riskSource: 'prior', summary: {} }, records);
}

/** A logger that keeps quiet: the tests assert on results, not on log lines. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
