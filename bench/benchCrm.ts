import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchEmulator, type BenchEmulator } from './benchEmulator.js';
import type { BenchApiShape, BenchCrm, BenchEndpoints, CallCounts, EmulatorInfo, RecordCounts } from './emulatorProtocol.js';
import { measureProcess, type Measured } from './measureProcess.js';
import { authCalls, callsMatching, minimumNoChangeCalls, minimumPullCalls, minimumWriteCalls, writeCalls } from './minimumCalls.js';
import { naiveBaselineTypes } from './naiveBaseline.js';

/** The full pull, as a user starts it on a new state. */
export const BACKFILL_COMMAND = ['backfill'];

export interface BenchOptions {
  seed: number;
  /** Burst limit of a CRM limited over a rolling window (HubSpot), given to both the emulator and the connector (100 default tier, 190 Pro). */
  hubspotRequestsPer10s: number;
  /** Accounts the naive write baseline updates (one call each); extrapolated to the whole book. */
  naiveWriteSample: number;
  /** HubSpot pages per object the naive pull reads (0: all); extrapolated. Salesforce reads all. */
  naivePullPages: number;
  /** Directory for `--cpu-prof` profiles of every engine step; none when unset. */
  profileDir?: string;
  log: (line: string) => void;
}

export interface StepResult {
  wallMs: number;
  peakRssMb: number;
  cpuMs: number;
  /** CPU the emulated CRM spent answering the step (it runs beside the engine, on the same machine). */
  crmCpuMs: number;
  /** The machine's 1-minute load average when the step ended: other work slows wall times. */
  load: number;
  /** Calls the emulator answered (OAuth token requests excluded: they are not API calls). */
  calls: number;
  authCalls: number;
  writeCalls: number;
  byEndpoint: Record<string, number>;
  /** The command's --json output, when it printed one. */
  json: Record<string, unknown> | null;
  exitCode: number | null;
}

export interface NaiveResult {
  /** Measured on what was read; extrapolated to the whole book when sampled. */
  pullMs: number;
  pullCalls: number;
  pullPeakRssMb: number;
  pullSampled: boolean;
  /** Per record, from the sample. */
  writeMsPerRecord: number;
  writeCallsPerRecord: number;
  writeSample: number;
}

export interface CrmSizeResult {
  crm: BenchCrm;
  /** How people name the CRM ("Salesforce"). */
  label: string;
  accounts: number;
  records: RecordCounts;
  totalRecords: number;
  requestsPer10s: number | null;
  changed: Record<string, number>;
  minimum: { pull: number; noChange: number; write: number; sweep: number };
  backfill: StepResult;
  noChange: StepResult;
  incremental: StepResult;
  score: StepResult;
  writeback: StepResult & { written: number; tasksCreated: number; fieldCalls: number; taskCalls: number };
  echo: StepResult;
  steady: StepResult;
  /** A write-back with nothing to send: its calls are the task pass's reads (the scan for keys two open tasks hold). */
  idleWriteback: StepResult;
  /** A sync that also reads every id (`sync --sweep`), to find records deleted for good. */
  sweep: StepResult;
  /** None for a CRM the naive baseline has no script for. */
  naive: NaiveResult | null;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const vitals = join(root, 'bin', 'vitals.js');
const naiveScript = fileURLToPath(new URL('./naiveBaseline.js', import.meta.url));

/** Every measured step for one CRM at one book size, against a fresh emulator and state. */
export async function benchCrm(crm: BenchCrm, accounts: number, options: BenchOptions): Promise<CrmSizeResult> {
  const { log } = options;
  const limit = options.hubspotRequestsPer10s;
  log(`${crm} ${accounts}: generating the book and starting the emulator`);
  const emulator = await startBenchEmulator({ crm, accounts, seed: options.seed, requestsPer10s: limit });
  const dir = mkdtempSync(join(tmpdir(), `vitals-bench-${crm}-`));
  try {
    const { records } = emulator.info;
    const totalRecords = records.owners + records.accounts + records.opportunities + records.tickets;
    const configFile = join(dir, 'vitals.yaml');
    writeFileSync(configFile, configYaml(emulator.info));
    const { apiShape, endpoints, env } = emulator.info;
    let stepNo = 0;
    const step = async (name: string, args: string[]): Promise<StepResult> => {
      // A rolling window (HubSpot's): calls of the step before would still count against this one.
      await drainRateWindow(apiShape);
      await emulator.resetCounts();
      const crmCpuBefore = await emulator.cpuMs();
      const profile = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir, '--cpu-prof-name', `${crm}-${accounts}-${++stepNo}-${name}.cpuprofile`] : [];
      const measured = await measureProcess(vitals, ['-c', configFile, ...args], { env, nodeOptions: profile, cwd: dir });
      const result = { ...stepResult(endpoints, measured, await emulator.counts()), crmCpuMs: (await emulator.cpuMs()) - crmCpuBefore, load: loadavg()[0] ?? 0 };
      log(`${crm} ${accounts}: ${name} ${(result.wallMs / 1000).toFixed(1)} s (engine CPU ${(result.cpuMs / 1000).toFixed(1)} s, CRM CPU ${(result.crmCpuMs / 1000).toFixed(1)} s), ${result.calls} calls, peak RSS ${result.peakRssMb.toFixed(0)} MB, exit ${result.exitCode}`);
      if (result.exitCode !== 0 && result.exitCode !== 1) log(measured.stderr.slice(-2000));
      return result;
    };

    const backfill = await step('backfill', [...BACKFILL_COMMAND, '--json']);
    const noChange = await step('no-change sync', ['sync', '--json']);
    const changed = await emulator.change(100);
    log(`${crm} ${accounts}: changed ${JSON.stringify(changed)}`);
    const incremental = await step('incremental sync (1% changed)', ['sync', '--json']);
    const score = await step('score', ['score', '--json']);
    // Creates the HubSpot score properties; Salesforce admins create fields by hand (the emulator has them).
    await step('setup-fields', ['setup-fields', '--json']);
    const written = await step('first write-back', ['writeback', '--json']);
    const echo = await step('sync after write-back', ['sync', '--json']);
    const steady = await step('no-change sync (steady)', ['sync', '--json']);
    const idleWriteback = await step('write-back with nothing to send', ['writeback', '--json']);
    const sweep = await step('sync with an id sweep', ['sync', '--sweep', '--json']);
    const naive = naiveBaselineTypes.includes(crm) ? await naiveBaseline(crm, emulator, records, dir, options) : null;

    const wb = (written.json?.connectors as { writes?: { written: number }; tasks?: { created: number } }[] | undefined)?.[0];
    const writtenRecords = wb?.writes?.written ?? 0;
    return {
      crm,
      label: emulator.info.label,
      accounts,
      records,
      totalRecords,
      requestsPer10s: apiShape.rollingWindowMs ? limit : null,
      changed,
      minimum: {
        pull: minimumPullCalls(apiShape, records),
        noChange: minimumNoChangeCalls(apiShape),
        write: minimumWriteCalls(apiShape, writtenRecords),
        // Learning nothing changed, then every id a page at a time (a listing's page is the pull's).
        sweep: minimumNoChangeCalls(apiShape) + minimumPullCalls(apiShape, records),
      },
      backfill,
      noChange,
      incremental,
      score,
      writeback: {
        ...written,
        written: writtenRecords,
        tasksCreated: wb?.tasks?.created ?? 0,
        fieldCalls: callsMatching({ total: 0, byEndpoint: written.byEndpoint }, endpoints.fieldWrites),
        taskCalls: callsMatching({ total: 0, byEndpoint: written.byEndpoint }, endpoints.taskCreates),
      },
      echo,
      steady,
      idleWriteback,
      sweep,
      naive,
    };
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lets a rolling rate window (HubSpot's 10 seconds) empty, as the minutes between scheduled runs do; none, no wait. */
async function drainRateWindow(shape: BenchApiShape): Promise<void> {
  const windowMs = shape.rollingWindowMs;
  if (windowMs) await new Promise((resolve) => setTimeout(resolve, windowMs + 500));
}

/** The naive baseline's script is written per CRM (on each SDK): only the types of `naiveBaselineTypes`. */
async function naiveBaseline(crm: BenchCrm, emulator: BenchEmulator, records: RecordCounts, dir: string, options: BenchOptions): Promise<NaiveResult> {
  const { log } = options;
  const { apiShape, endpoints, env } = emulator.info;
  // Only the HubSpot script reads a sample of pages: the Salesforce one reads everything.
  const pages = crm === 'hubspot' ? options.naivePullPages : 0;
  await drainRateWindow(apiShape);
  await emulator.resetCounts();
  const pull = await measureProcess(naiveScript, ['--crm', crm, '--url', emulator.info.url, '--mode', 'pull', '--max-pages', String(pages)], { env });
  const pullCounts = await emulator.counts();
  if (pull.exitCode !== 0) throw new Error(`naive pull failed: ${pull.stderr.slice(-2000)}`);
  const { read, secondHalfMs } = JSON.parse(pull.stdout) as { read: Record<string, { records: number; pages: number }>; secondHalfMs: number };
  const readRecords = Object.values(read).reduce((n, r) => n + r.records, 0);
  const total = records.owners + records.accounts + records.opportunities + records.tickets;
  // A sampled pull is extrapolated by calls (every page is one call and the rate limit, not the
  // page's size, sets its pace), at the pace of the sample's second half: the first 10 seconds
  // ride on an empty rate window and would flatter the baseline.
  const fullCalls = minimumPullCalls(apiShape, records) - (crm === 'hubspot' ? 1 : 0); // the naive HubSpot script lists active owners only
  const sampledCalls = pullCounts.total - authCalls(endpoints, pullCounts);
  const sampled = readRecords < total;
  const pullMs = sampled ? pull.wallMs + (fullCalls - sampledCalls) * (secondHalfMs / (sampledCalls / 2)) : pull.wallMs;
  log(`${crm}: naive pull read ${readRecords} records in ${sampledCalls} calls, ${(pull.wallMs / 1000).toFixed(1)} s${sampled ? ` (sample; ${(pullMs / 1000).toFixed(0)} s for ${fullCalls} calls)` : ''}`);

  const ids = await emulator.sampleIds(options.naiveWriteSample);
  await drainRateWindow(apiShape);
  const idsFile = join(dir, 'naive-ids.json');
  writeFileSync(idsFile, JSON.stringify(ids));
  await emulator.resetCounts();
  const write = await measureProcess(naiveScript, ['--crm', crm, '--url', emulator.info.url, '--mode', 'write', '--ids-file', idsFile], { env });
  const writeCounts = await emulator.counts();
  if (write.exitCode !== 0) throw new Error(`naive write failed: ${write.stderr.slice(-2000)}`);
  const writeMs = (JSON.parse(write.stdout) as { elapsedMs: number }).elapsedMs;
  log(`${crm}: naive writes ${ids.length} records in ${writeCounts.total - authCalls(endpoints, writeCounts)} calls, ${(writeMs / 1000).toFixed(1)} s`);
  return {
    pullMs,
    pullCalls: sampled ? fullCalls : sampledCalls,
    pullPeakRssMb: pull.peakRssMb,
    pullSampled: sampled,
    writeMsPerRecord: writeMs / ids.length,
    writeCallsPerRecord: (writeCounts.total - authCalls(endpoints, writeCounts)) / ids.length,
    writeSample: ids.length,
  };
}

function stepResult(endpoints: BenchEndpoints, measured: Measured, counts: CallCounts): Omit<StepResult, 'crmCpuMs' | 'load'> {
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(measured.stdout) as Record<string, unknown>;
  } catch {
    json = null;
  }
  const auth = authCalls(endpoints, counts);
  return {
    wallMs: measured.wallMs,
    peakRssMb: measured.peakRssMb,
    cpuMs: measured.cpuMs,
    calls: counts.total - auth,
    authCalls: auth,
    writeCalls: writeCalls(endpoints, counts),
    byEndpoint: counts.byEndpoint,
    json,
    exitCode: measured.exitCode,
  };
}

/** The kit's connector entry, reading the emulator's variables (given to every measured process). */
function configYaml(info: EmulatorInfo): string {
  return `state: ./vitals.db\nconnectors:\n  - name: bench\n${info.connectorYaml.join('\n')}\n`;
}
