import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsMatching, WRITE_ENDPOINTS } from '../../bench/minimumCalls.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../emulators/hubspot/startHubSpotEmulator.js';
import { startSalesforceEmulator, type SalesforceEmulator, type SalesforceEmulatorOptions } from '../../emulators/salesforce/startSalesforceEmulator.js';
import { openConnector } from '../../src/cli/connectorsFor.js';
import type { Config, ConnectorConfig } from '../../src/config/config.js';
import type { Connector } from '../../src/contracts/connector.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import type { Book } from '../../emulators/book/bookTypes.js';
import { generateBook } from '../../emulators/book/generateBook.js';
import { runSync } from '../../src/sync/runSync.js';
import { ensureScoreFields } from '../support/scoreFields.js';
import { runWriteback, type WritebackOptions, type WritebackResult } from '../../src/writeback/writebackRun.js';
import { openState, type State } from '../../state/openState.js';
import { runCli } from '../support/runCli.js';
import { silentLogger } from '../support/writebackFixture.js';

export type Crm = 'salesforce' | 'hubspot';
export const CONNECTOR = 'crm';

export interface Pipeline {
  crm: Crm;
  dir: string;
  configFile: string;
  config: Config;
  state: State;
  sf?: SalesforceEmulator;
  hs?: HubSpotEmulator;
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
  options: { accounts: number; yaml?: string; mappingOverrides?: string; book?: Book; salesforce?: Pick<SalesforceEmulatorOptions, 'taskKeyField'> },
): Promise<Pipeline> {
  const dir = mkdtempSync(join(tmpdir(), 'vitals-wb-'));
  const book = options.book ?? generateBook({ accounts: options.accounts, seed: 7 });
  let sf: SalesforceEmulator | undefined;
  let hs: HubSpotEmulator | undefined;
  let entry: string;
  if (crm === 'salesforce') {
    sf = await startSalesforceEmulator({ book, ...options.salesforce });
    entry = `  - name: ${CONNECTOR}\n    type: salesforce\n    loginUrl: ${sf.url}\n    auth: { clientId: ${sf.credentials.clientId}, clientSecret: ${sf.credentials.clientSecret} }\n    limits: { concurrency: 8 }`;
  } else {
    hs = await startHubSpotEmulator({ book, requestsPer10s: 100_000, searchPerSecond: 1000 });
    entry = `  - name: ${CONNECTOR}\n    type: hubspot\n    baseUrl: ${hs.url}\n    auth: { accessToken: "${hs.accessToken}" }\n    limits: { requestsPer10s: 190, searchPerSecond: 5 }`;
  }
  if (options.mappingOverrides) entry += `\n    mappingOverrides: ${options.mappingOverrides}`;
  const configFile = join(dir, 'vitals.yaml');
  writeFileSync(configFile, `state: ./vitals.db\nconnectors:\n${entry}\n${options.yaml ?? ''}\n`);
  const config = await loadConfig(configFile, {});
  const state = openState(config.statePath);
  const connectorEntry = config.connectors[0]!;
  await ensureScoreFields(connectorEntry);

  // Score writes: Salesforce sObject Collections updates, HubSpot batch updates (task updates
  // would count there too: tests that count field writes on HubSpot run without tasks).
  // Task writes: Salesforce sObject Collections creates, HubSpot batch creates.
  const calls = (byEndpoint: Record<string, number>, pattern: RegExp) => callsMatching({ total: 0, byEndpoint }, pattern);
  const fieldCalls = (counts: Record<string, number>) => calls(counts, WRITE_ENDPOINTS[crm].fields);
  const taskCalls = (counts: Record<string, number>) => calls(counts, WRITE_ENDPOINTS[crm].tasks);
  const counts = () => (sf ? sf.callCounts() : hs!.callCounts());

  return {
    crm, dir, configFile, config, state, sf, hs,
    writeCalls: () => ({ fields: fieldCalls(counts()), tasks: taskCalls(counts()) }),
    resetCalls: () => (sf ? sf.resetCallCounts() : hs!.resetCallCounts()),
    sync: async () => {
      const result = await runSync(state, config.connectors, openConnector, silentLogger, { kind: 'sync' });
      if (!result.ok) throw new Error(`sync failed: ${result.results.map((r) => r.stopped?.message).join('; ')}`);
    },
    score: () => {
      // Through the CLI (dist/), as cron would run it; scoring makes no CRM call.
      const result = runCli(['-c', configFile, 'score', '--json'], { env: { VITALS_LOG_LEVEL: 'error' } });
      if (result.status !== 0) throw new Error(`vitals score failed (${result.status}): ${result.stderr}`);
    },
    writeback: (options = {}, with_ = {}) => {
      const used = with_.config ?? config;
      const open = async (e: ConnectorConfig) => (with_.wrap ?? ((c: Connector) => c))(await openConnector(e));
      return runWriteback(state, used.connectors, open, used, silentLogger, { dryRun: false, ...options });
    },
    crmTaskKeys: () =>
      sf
        ? sf.store.query(`SELECT Id, ${connectorEntry.mapping.tasks.dedupeField} FROM Task`).map((t) => String(t[connectorEntry.mapping.tasks.dedupeField]))
        : hs!.store
            .table('tasks')
            .records.filter((r) => !r.archived)
            .map((r) => hs!.store.reader('tasks', connectorEntry.mapping.tasks.dedupeField)(r) ?? ''),
    editAccount: (id, fields) => (sf ? sf.store.update('Account', id, fields) : void hs!.store.update('companies', id, fields)),
    startTask: (crmId) => (sf ? sf.store.update('Task', crmId, { Status: 'In Progress' }) : void hs!.store.update('tasks', crmId, { hs_task_status: 'IN_PROGRESS' })),
    hideAccount: (id) => (sf ? sf.store.delete('Account', id) : void hs!.store.archive('companies', id)),
    restoreAccount: (id) => {
      if (sf) sf.store.undelete('Account', id);
      else hs!.store.get('companies', id)!.archivedAt = null;
    },
    close: async () => {
      state.close();
      await (sf ?? hs)!.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
