import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsMatching } from '../../bench/minimumCalls.js';
import { openConnector } from '../../src/cli/connectorsFor.js';
import type { Config, ConnectorConfig } from '../../src/config/config.js';
import type { Connector } from '../../src/contracts/connector.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import type { Book } from '../../emulators/book/bookTypes.js';
import { generateBook } from '../../emulators/book/generateBook.js';
import { runSync } from '../../src/sync/runSync.js';
import { ensureScoreFields } from './scoreFields.js';
import { runWriteback, type WritebackOptions, type WritebackResult } from '../../src/writeback/writebackRun.js';
import { openState, type State } from '../../state/openState.js';
import { startEmulated, type Crm, type StartedEmulator } from './emulatedCrms.js';
import { runCli } from './runCli.js';
import { silentLogger } from './writebackFixture.js';

export type { Crm };
export const CONNECTOR = 'crm';

export interface Pipeline {
  crm: Crm;
  dir: string;
  configFile: string;
  config: Config;
  state: State;
  emulator: StartedEmulator;
  /** Write calls the emulator answered: score-field batches and task upserts. */
  writeCalls(): { fields: number; tasks: number };
  resetCalls(): void;
  sync(): Promise<void>;
  /** A scoring pass: `vitals score` (the built CLI; run `npm run build` first). */
  score(): void;
  /** In-process write-back; `wrap` swaps the connector (to fail after a real call), `config` the config. */
  writeback(options?: Partial<WritebackOptions>, with_?: { config?: Config; wrap?: (connector: Connector) => Connector }): Promise<WritebackResult>;
  /** Dedupe keys of the live tasks in the CRM, one entry per task (duplicates show twice). */
  crmTaskKeys(): string[];
  /** A person's edit of a field of an account, in the CRM. */
  editAccount(id: string, fields: Record<string, unknown>): void;
  /** Deletes (archives) an account in the CRM, so writes to it are rejected; `restore` brings it back. */
  hideAccount(id: string): void;
  /** A person starts working on a task in the CRM (status In Progress). */
  startTask(crmId: string): void;
  restoreAccount(id: string): void;
  close(): Promise<void>;
}

/**
 * An emulated CRM holding a generated book, a config file pointing the real connector at it, and
 * the state after `setup-fields` (HubSpot creates the score properties) — the pipeline every
 * write-back end-to-end test starts from. Scoring runs through the built CLI (`npm run build`).
 */
export async function startPipeline(
  crm: Crm,
  options: { accounts: number; yaml?: string; mappingOverrides?: string; book?: Book; native?: Record<string, unknown> },
): Promise<Pipeline> {
  const dir = mkdtempSync(join(tmpdir(), 'vitals-wb-'));
  const book = options.book ?? generateBook({ accounts: options.accounts, seed: 7 });
  const emulator = await startEmulated(crm, { book, profile: 'test', native: options.native });
  const entry = [`  - name: ${CONNECTOR}`, ...emulator.connectorYaml, ...(options.mappingOverrides ? [`    mappingOverrides: ${options.mappingOverrides}`] : [])];
  const configFile = join(dir, 'vitals.yaml');
  writeFileSync(configFile, `state: ./vitals.db\nconnectors:\n${entry.join('\n')}\n${options.yaml ?? ''}\n`);
  const config = await loadConfig(configFile, emulator.env);
  const state = openState(config.statePath);
  const connectorEntry = config.connectors[0]!;
  await ensureScoreFields(connectorEntry);

  // Score writes: batch updates (task closes would count there too: tests that count field writes
  // run without tasks). Task writes: batch creates.
  const calls = (byEndpoint: Record<string, number>, pattern: RegExp) => callsMatching({ total: 0, byEndpoint }, pattern);
  const fieldCalls = (counts: Record<string, number>) => calls(counts, emulator.endpoints.fieldWrites);
  const taskCalls = (counts: Record<string, number>) => calls(counts, emulator.endpoints.taskCreates);
  const counts = () => emulator.callCounts();
  const { tasks } = connectorEntry.mapping;

  return {
    crm, dir, configFile, config, state, emulator,
    writeCalls: () => ({ fields: fieldCalls(counts()), tasks: taskCalls(counts()) }),
    resetCalls: () => emulator.resetCallCounts(),
    sync: async () => {
      const result = await runSync(state, config.connectors, openConnector, silentLogger, { kind: 'sync' });
      if (!result.ok) throw new Error(`sync failed: ${result.results.map((r) => r.stopped?.message).join('; ')}`);
    },
    score: () => {
      // Through the CLI (dist/), as cron would run it; scoring makes no CRM call.
      const result = runCli(['-c', configFile, 'score', '--json'], { env: { ...emulator.env, VITALS_LOG_LEVEL: 'error' } });
      if (result.status !== 0) throw new Error(`vitals score failed (${result.status}): ${result.stderr}`);
    },
    writeback: (options = {}, with_ = {}) => {
      const used = with_.config ?? config;
      const open = async (e: ConnectorConfig) => (with_.wrap ?? ((c: Connector) => c))(await openConnector(e));
      return runWriteback(state, used.connectors, open, used, silentLogger, { dryRun: false, ...options });
    },
    crmTaskKeys: () => emulator.data.tasks(tasks.object, tasks.dedupeField).map((t) => t.key),
    editAccount: (id, fields) => emulator.data.editAccount(id, fields),
    startTask: (crmId) => emulator.data.startTask(crmId),
    hideAccount: (id) => emulator.data.remove('accounts', id),
    restoreAccount: (id) => emulator.data.restoreAccount(id),
    close: async () => {
      state.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Keys that appear more than once among the CRM's tasks. */
export function duplicates(keys: string[]): string[] {
  const seen = new Set<string>();
  return keys.filter((k) => (seen.has(k) ? true : (seen.add(k), false)));
}

/** The task ledger: one row per dedupe key, with its state. */
export function ledger(p: Pipeline): { key: string; state: string }[] {
  return p.state.db.prepare('SELECT dedupe_key AS key, state FROM tasks ORDER BY dedupe_key').all() as { key: string; state: string }[];
}
