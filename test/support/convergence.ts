import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EmulatorStart, OrgCurrencies, RunningEmulator } from '../../emulators/emulatorKit.js';
import { openConnector } from '../../src/cli/connectorsFor.js';
import type { Config, ConnectorConfig } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import type { Connector } from '../../src/contracts/connector.js';
import type { Book } from '../../emulators/book/bookTypes.js';
import type { RequestObserver } from '../../emulators/http/emulatorServer.js';
import type { FaultSettings } from '../../emulators/http/faults.js';
import { generateBook } from '../../emulators/book/generateBook.js';
import { configureLogging, createLogger } from '../../src/log/logger.js';
import { runJob, type JobResult } from '../../src/run/runJob.js';
import { openState } from '../../state/openState.js';
import { startEmulated, type Crm, type StartedEmulator } from './emulatedCrms.js';
import { ensureScoreFields } from './scoreFields.js';

/**
 * The convergence harness of the fault suites: an emulated CRM holding a generated book, a
 * config pointing the real connector at it (credentials through `${ENV}`, as users write them),
 * `vitals run` as one call, and a snapshot of everything a run leaves behind (the canonical
 * tables, the latest scores, the write and task ledgers, and the CRM's score fields and tasks)
 * that two runs can be compared on. Scoring and tasks read a fixed clock (`NOW`), so a faulted
 * run and its reruns are comparable with a fault-free one.
 */

export type { Crm };
export const CONNECTOR = 'crm';
/** The book's as-of: old enough that no seeded stamp falls inside HubSpot's search lookback. */
export const AS_OF = '2025-03-01T00:00:00.000Z';
/** The instant every run scores and plans tasks at. */
export const NOW = new Date('2025-03-01T15:00:00.000Z');

export interface CrmOptions {
  accounts?: number;
  seed?: number;
  /** Replaces the generated book (tests that plant bad records). */
  book?: Book;
  /** Log in with a stored OAuth refresh token (an OAuth app) instead of the CRM's default credentials. */
  auth?: EmulatorStart['auth'];
  /** A low rate limit over a rolling window, for a CRM that has one. */
  rateLimit?: EmulatorStart['rateLimit'];
  /** Options of this CRM's emulator alone. */
  native?: Record<string, unknown>;
  /** Extra connector keys (YAML lines, indented under the entry). */
  connectorYaml?: string[];
  /** Extra top-level config (YAML). */
  yaml?: string;
  /** Start a multi-currency org. */
  currencies?: OrgCurrencies;
  /**
   * The mapping reads each record's currency from the field the connector says holds it (as
   * `vitals map` proposes). @default true when `currencies` is given
   */
  mapCurrency?: boolean;
}

export interface CrmUnderTest {
  crm: Crm;
  dir: string;
  configFile: string;
  config: Config;
  /** What the config's `${...}` references read: the credentials (secrets) and URLs. */
  env: Record<string, string>;
  /** Secret values: credentials the config holds and tokens the CRM issues. */
  secrets(): string[];
  emulator: StartedEmulator;
  book: Book;
  setFaults(faults: Partial<FaultSettings>, seed?: number): void;
  totalCalls(): number;
  /** Answers by status, plus injected `reset`s and `lost` answers, since the runs began. */
  outcomeCounts(): Record<string, number>;
  /** Calls counted against the CRM's daily allowance so far (setup included). */
  dailyCallsUsed(): number;
  onRequest(observer: RequestObserver | undefined): void;
  /** One `vitals run` in this process (production connectors), at `NOW`. */
  run(options?: { open?: (entry: ConnectorConfig) => Promise<Connector>; signal?: AbortSignal }): Promise<JobResult>;
  /** Runs until a run succeeds; returns every run's result. Throws after `max` runs. */
  runUntilOk(max: number, between?: (attempt: number, last: JobResult) => void): Promise<JobResult[]>;
  snapshot(): Outcome;
  close(): Promise<void>;
}

// Failures the suites provoke on purpose are asserted on, not printed.
configureLogging({ level: 'error', sink: { write: () => undefined, isTTY: false } });
const log = createLogger('faults');

export async function startCrm(crm: Crm, options: CrmOptions = {}): Promise<CrmUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'vitals-faults-'));
  const book = options.book ?? generateBook({ accounts: options.accounts ?? 200, seed: options.seed ?? 5, asOf: AS_OF });
  // Small query pages, so a run makes enough calls for every fault to land on each phase.
  const emulator = await startEmulated(crm, {
    book, profile: 'test', smallPages: true, auth: options.auth, rateLimit: options.rateLimit, native: options.native,
    ...(options.currencies ? { currencies: options.currencies } : {}),
  });
  const { env } = emulator;
  const configFile = join(dir, 'vitals.yaml');
  const yaml = ['state: ./vitals.db', 'connectors:', `  - name: ${CONNECTOR}`, ...emulator.connectorYaml, ...(options.connectorYaml ?? []), options.yaml ?? ''];
  writeFileSync(configFile, `${yaml.join('\n')}\n`);
  let config = await loadConfig(configFile, env);
  if (options.currencies && options.mapCurrency !== false) {
    yaml.splice(3 + emulator.connectorYaml.length + (options.connectorYaml?.length ?? 0), 0, ...(await currencyOverrides(config.connectors[0]!)));
    writeFileSync(configFile, `${yaml.join('\n')}\n`);
    config = await loadConfig(configFile, env);
  }
  const connectorEntry = config.connectors[0]!;
  await ensureScoreFields(connectorEntry);
  emulator.resetCallCounts();

  const run: CrmUnderTest['run'] = async (runOptions = {}) => {
    const state = openState(config.statePath);
    try {
      return await runJob(state, config, config.connectors, runOptions.open ?? openConnector, log, { dryRun: false, now: NOW, signal: runOptions.signal });
    } finally {
      state.close();
    }
  };

  return {
    crm,
    dir,
    configFile,
    config,
    env,
    // Tokens change with every OAuth refresh: read them when asked.
    secrets: () => emulator.secrets(),
    emulator,
    book,
    setFaults: (faults, seed) => emulator.setFaults(faults, seed),
    totalCalls: () => emulator.totalCalls(),
    outcomeCounts: () => emulator.outcomeCounts(),
    dailyCallsUsed: () => emulator.apiUsage().used,
    onRequest: (observer) => emulator.onRequest(observer),
    run,
    runUntilOk: async (max, between) => {
      const results: JobResult[] = [];
      for (let attempt = 1; attempt <= max; attempt++) {
        const result = await run();
        results.push(result);
        if (result.ok) return results;
        between?.(attempt, result);
      }
      const last = results[results.length - 1]!;
      throw new Error(`no successful run in ${max}: last failures ${last.connectors.flatMap((c) => c.failures).join('; ')}`);
    },
    snapshot: () => snapshotOf(config, emulator),
    close: async () => {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `mappingOverrides` reading the record currency of every money object whose CRM object keeps one. */
async function currencyOverrides(entry: ConnectorConfig): Promise<string[]> {
  const connector = await openConnector(entry);
  try {
    const facts = await connector.currencies?.();
    if (!facts) throw new Error(`${entry.name}: the emulator did not start as a multi-currency org`);
    const lines = ['    mappingOverrides:', '      objects:'];
    for (const object of ['accounts', 'opportunities'] as const) {
      const field = facts.recordFields[entry.mapping.objects[object].source];
      if (field) lines.push(`        ${object}:`, '          fields:', `            currency: ${field}`);
    }
    return lines;
  } finally {
    await connector.close();
  }
}

type Row = Record<string, unknown>;

/** Everything a run leaves behind, in comparable form. */
export interface Outcome {
  /** Canonical rows, minus when they were synced and the CRM's modification stamps. */
  tables: Record<'accounts' | 'opportunities' | 'tickets' | 'owners', Row[]>;
  quarantine: Row[];
  /** The latest score pass. */
  scores: Row[];
  /** The write ledger: last value written per record and field. */
  writes: Row[];
  /** The task ledger, minus CRM ids (compared with the CRM's own below) and attempt counts. */
  tasks: Row[];
  crm: {
    /** Score fields of every live account, as the CRM holds them. */
    scoreFields: Record<string, Record<string, unknown>>;
    /** Every live task the engine made (one entry per CRM task: a duplicate shows twice). */
    tasks: Row[];
  };
  /** Ledger rows whose CRM id is not the CRM task carrying their key (should be none). */
  ledgerMismatches: string[];
}

const VOLATILE = new Set(['synced_at', 'modified_at', 'content_hash', 'connector']);

function snapshotOf(config: Config, emulator: RunningEmulator): Outcome {
  const db = new Database(config.statePath, { readonly: true, fileMustExist: true });
  try {
    const all = (sql: string) => db.prepare(sql).all() as Row[];
    const strip = (rows: Row[], drop: readonly string[] = []) =>
      rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE.has(k) && !drop.includes(k)).map(([k, v]) => [k, k === 'deleted_at' ? v !== null : v])));
    const tables = Object.fromEntries(
      (['accounts', 'opportunities', 'tickets', 'owners'] as const).map((t) => [t, strip(all(`SELECT * FROM ${t} ORDER BY crm_id`))]),
    ) as Outcome['tables'];
    const pass = db.prepare('SELECT MAX(as_of) AS asOf FROM score_passes').get() as { asOf: string | null };
    const scores = strip(
      db.prepare('SELECT account_id, as_of, health, band, churn_risk, risk_source, coverage, measures, drivers, drivers_text, trend, trend_change, trend_slope, flags, model_version FROM score_snapshots WHERE as_of = ? ORDER BY account_id').all(pass.asOf) as Row[],
    );
    const writes = strip(all('SELECT object, crm_id, field, last_written_value, pending_value, status, error_code FROM writes ORDER BY crm_id, field'));
    const ledger = all('SELECT * FROM tasks ORDER BY dedupe_key');
    const tasks = strip(ledger, ['crm_id', 'attempts', 'created_at', 'updated_at', 'closed_at', 'error', 'checked_as_of']);
    const quarantine = strip(all('SELECT object, crm_id, reason FROM quarantine ORDER BY object, crm_id'));
    const crm = crmContents(emulator, config);
    const byKey = new Map(crm.tasks.map((t) => [t.key as string, t.id as string]));
    const ledgerMismatches = ledger
      .filter((t) => t.crm_id !== null && byKey.get(t.dedupe_key as string) !== t.crm_id)
      .map((t) => `${String(t.dedupe_key)}: ledger ${String(t.crm_id)}, CRM ${byKey.get(t.dedupe_key as string) ?? 'none'}`);
    return { tables, quarantine, scores, writes, tasks, crm: { scoreFields: crm.scoreFields, tasks: crm.tasks.map(({ id: _id, ...t }) => t) }, ledgerMismatches };
  } finally {
    db.close();
  }
}

function crmContents(emulator: RunningEmulator, config: Config): { scoreFields: Outcome['crm']['scoreFields']; tasks: Row[] } {
  const mapping = config.connectors[0]!.mapping;
  const fields = Object.values(mapping.writeback.fields).flatMap((f) => (f ? [f.field] : []));
  const scoreFields = emulator.data.accountFields(mapping.writeback.object, fields);
  const tasks = emulator.data.tasks(mapping.tasks.object, mapping.tasks.dedupeField).map((t) => ({ ...t }) as Row).sort(byTaskKey);
  return { scoreFields, tasks };
}

function byTaskKey(a: Row, b: Row): number {
  return String(a.key).localeCompare(String(b.key));
}

/**
 * Asserts that a faulted outcome is the reference outcome, section by section (so a failure
 * names what diverged), and that the CRM holds exactly one task per key.
 */
export function expectConverged(actual: Outcome, reference: Outcome): void {
  const keys = actual.crm.tasks.map((t) => t.key as string);
  const duplicates = keys.filter((k, i) => keys.indexOf(k) !== i);
  expect({ duplicateTasks: duplicates }).toEqual({ duplicateTasks: [] });
  expect({ ledgerMismatches: actual.ledgerMismatches }).toEqual({ ledgerMismatches: [] });
  for (const section of ['quarantine', 'scores', 'writes', 'tasks'] as const) {
    expect({ section, rows: actual[section] }).toEqual({ section, rows: reference[section] });
  }
  for (const table of Object.keys(reference.tables) as (keyof Outcome['tables'])[]) {
    expect({ table, rows: actual.tables[table] }).toEqual({ table, rows: reference.tables[table] });
  }
  expect({ crm: 'score fields', accounts: actual.crm.scoreFields }).toEqual({ crm: 'score fields', accounts: reference.crm.scoreFields });
  expect({ crm: 'tasks', tasks: actual.crm.tasks }).toEqual({ crm: 'tasks', tasks: reference.crm.tasks });
}
