import { fullMoney } from '../reporting/formatNumbers.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/loadConfig.js';
import type { Config } from '../config/config.js';
import { openConnector } from '../cli/connectorsFor.js';
import { serveEmulators } from '../../emulators/serveEmulators.js';
import { usageConfigSnippet } from '../../emulators/usage/usageConfigSnippet.js';
import { writeUsageFiles } from '../../emulators/usage/writeUsageFiles.js';
import { usageReadText } from '../usage/usageText.js';
import { configureLogging, createLogger } from '../log/logger.js';
import { packageFile } from '../model/packagePaths.js';
import { writeReport } from '../reporting/writeReport.js';
import { runJob, type JobResult } from '../run/runJob.js';
import { scoreFieldSpecs } from '../writeback/scoreFieldSpecs.js';
import { scoredText } from '../scoring/snapshotRecord.js';
import { rereadText } from '../sync/pullObject.js';
import { minimumCalls } from './minimumCalls.js';
import { riskiestAccounts, openTasksByRule } from '../../state/bookView.js';
import { openState, type State } from '../../state/openState.js';

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const print = (text = '') => process.stdout.write(`${text}\n`);

/**
 * `npm run demo`: both emulators in this process serving one generated book, a config and state in
 * a temporary folder, the whole job run twice against both CRMs, and what a RevOps lead wants to
 * see. The emulators are closed at the end; the folder stays so the offline commands can be tried.
 */
export async function demo(accounts: number): Promise<void> {
  if (!process.env.VITALS_LOG_LEVEL) configureLogging({ level: 'warn' });
  const started = Date.now();
  const served = await serveEmulators({ accounts, port: 0 });
  try {
    print(`crm-vitals demo: ${n(served.book.accounts.length)} accounts, served by local ${served.emulators.map((s) => `${s.label} (${s.emulator.url})`).join(' and ')} emulators`);
    const dir = mkdtempSync(join(tmpdir(), 'vitals-demo-'));
    Object.assign(process.env, served.env);
    const configFile = join(dir, 'vitals.yaml');
    // The product usage of the same customers, as a product team keeps it: daily aggregates in Parquet.
    const usage = await writeUsageFiles(served.book, join(dir, 'usage'), { csv: false });
    print(`Product usage: ${n(usage.daily.rows)} daily figures of ${n(usage.usage.keys.length)} workspaces in ${usage.daily.parquet}`);
    // The shipped example config, unchanged but for where the state goes, and the usage read by
    // website for the Salesforce org (HubSpot's portal holds the same customers: see README).
    const example = readFileSync(packageFile('config.example.yaml'), 'utf8').replace(/^state: .*$/m, `state: ${join(dir, 'vitals.db')}`);
    writeFileSync(configFile, `${example}\n${usageConfigSnippet(usage, 'acme-sf')}\n`);
    const config = await loadConfig(configFile);
    const log = createLogger('demo');

    for (const entry of config.connectors) {
      const connector = await openConnector(entry);
      try {
        const fields = await connector.ensureFields(scoreFieldSpecs(entry.mapping));
        print(`${entry.name}: score fields ${fields.created.length} created, ${fields.present.length} already there`);
      } finally {
        await connector.close();
      }
    }

    const state = openState(config.statePath);
    try {
      print('\nFirst run: sync, score, tasks and write-back against both CRMs ...');
      const first = await runJob(state, config, config.connectors, openConnector, log, { dryRun: false });
      await printFirstRun(state, config, first);
      print('\nSecond run, nothing changed in either CRM ...');
      const second = await runJob(state, config, config.connectors, openConnector, log, { dryRun: false });
      for (const c of second.connectors) {
        const w = c.writeback;
        const reread = rereadText(c.sync?.outcomes ?? []);
        print(`  ${c.connector}: ${n(c.sync?.outcomes.reduce((s, o) => s + o.inserted + o.updated, 0) ?? 0)} records changed${reread ? ` (${reread})` : ''}, ${n(w?.writes?.written ?? 0)} written, ${n(w?.tasks?.created ?? 0)} tasks created, ${n((c.sync?.apiCalls ?? 0) + (w?.apiCalls ?? 0))} API calls`);
      }
      if (!first.ok || !second.ok) process.exitCode = 1;
      const report = await writeReport(state, config, { htmlPath: join(dir, 'report.html') });
      print(`\n${report.summaryText}`);
      print(`\nPortfolio report (one self-contained HTML file): ${report.path}`);
    } finally {
      state.close();
    }
    print(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s. The emulators are stopped; the config and state stay in ${dir}:`);
    print(`  npx vitals -c ${configFile} status`);
    print(`  npx vitals -c ${configFile} explain "<account name>"`);
    print(`  npx vitals -c ${configFile} backtest`);
  } finally {
    await served.close();
  }
}

async function printFirstRun(state: State, config: Config, job: JobResult): Promise<void> {
  for (const c of job.connectors) {
    const entry = config.connectors.find((e) => e.name === c.connector)!;
    print(`\n== ${c.connector} (${entry.type}) ==`);
    for (const failure of c.failures) print(`  FAILED ${failure}`);
    for (const u of c.usage) if (!u.error) print(`  usage ${usageReadText(u)}`);
    const summary = c.score?.summary;
    if (!summary) continue;
    const share = (k: number) => `${((100 * k) / Math.max(1, summary.accounts)).toFixed(1)}%`;
    const { red, yellow, green } = summary.bands;
    print(`  ${scoredText(summary)}`);
    print(`  ${n(green)} green (${share(green)}), ${n(yellow)} yellow (${share(yellow)}), ${n(red)} red (${share(red)})`);
    print('  Riskiest accounts:');
    for (const a of riskiestAccounts(state, c.connector, 5)) {
      const arr = a.arr === null ? '' : `  ARR ${fullMoney(a.currency, a.arr)}`;
      print(`    ${(a.name ?? a.accountId).slice(0, 32).padEnd(32)} health ${String(Math.round(a.health)).padStart(3)} ${a.band.padEnd(6)} churn risk ${String(Math.round(100 * a.churnRisk)).padStart(3)}%${arr}${a.renewalDate ? `  renews ${a.renewalDate.slice(0, 10)}` : ''}`);
      if (a.driversText) print(`      ${a.driversText}`);
    }
    const tasks = openTasksByRule(state, c.connector);
    const total = Object.values(tasks).reduce((s, k) => s + k, 0);
    print(`  CSM tasks created: ${n(total)}${total ? ` (${Object.entries(tasks).map(([rule, k]) => `${rule} ${n(k)}`).join(', ')})` : ''}`);
    const connector = await openConnector(entry);
    try {
      const least = minimumCalls(connector, c);
      const used = (c.sync?.apiCalls ?? 0) + (c.writeback?.apiCalls ?? 0);
      print(`  API calls: ${n(used)}, against a minimum of ${n(least.total)} (pull ${n(least.pull)}, write ${n(least.write)}, tasks ${n(least.tasks)}): ${(used / Math.max(1, least.total)).toFixed(2)}x`);
    } finally {
      await connector.close();
    }
  }
}

const accounts = Number.parseInt(process.argv[2] ?? process.env.DEMO_ACCOUNTS ?? '2000', 10);
demo(Number.isFinite(accounts) && accounts > 0 ? accounts : 2000).catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(3);
});
