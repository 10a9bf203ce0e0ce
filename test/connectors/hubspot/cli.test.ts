import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import { packageFile, packageRoot } from '../../../src/model/packagePaths.js';
import { runCli } from '../../support/runCli.js';
import { useTempDir } from '../../support/tempDir.js';
import { expectStateMatchesPortal, open, portalConfig, smallBook, startPortal, sync } from './fixture.js';

// These tests run the built CLI (dist/): `npm run build` first.
const tempDir = useTempDir();
const vitals = join(packageRoot(), 'bin', 'vitals.js');
let emulator: HubSpotEmulator | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await emulator?.close();
  emulator = undefined;
});

beforeAll(() => {
  if (!existsSync(packageFile('dist', 'connectors', 'hubspot', 'createHubSpotConnector.js'))) throw new Error('dist/ has no hubspot connector: run `npm run build` first');
});

/** `vitals emulate` in the background (spawnSync-based runCli would block an in-process emulator). */
async function emulateInBackground(): Promise<string> {
  child = spawn(process.execPath, [vitals, 'emulate', '--port', '0', '--accounts', '30', '--seed', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulators did not start: ${output}`)), 20_000);
    child!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ctrl-C stops them')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return /HUBSPOT_BASE_URL=(\S+)/.exec(output)![1]!;
}

function hubspotConfig(baseUrl: string, token = 'emulator-token'): string {
  const file = join(tempDir(), 'vitals.yaml');
  writeFileSync(file, `state: ${join(tempDir(), 'vitals.db')}\nconnectors:\n  - name: portal\n    type: hubspot\n    baseUrl: ${baseUrl}\n    auth: { accessToken: ${token} }\n`);
  return file;
}

const scoreProperties = ['health_score', 'health_band', 'churn_risk', 'health_trend', 'health_drivers', 'scored_at'];

describe('vitals validate and setup-fields against HubSpot (spawned CLI, spawned emulator)', () => {
  it('validate names the missing score properties; setup-fields creates them once; validate is then OK', async () => {
    const baseUrl = await emulateInBackground();
    const refused = runCli(['validate', '-c', hubspotConfig(baseUrl, 'pat-na1-wrong')]);
    expect({ status: refused.status, out: refused.stdout, err: refused.stderr }).toMatchObject({ status: 2 });
    expect(refused.stdout).toContain('HubSpot refused the access token (401 INVALID_AUTHENTICATION): check auth.accessToken for this connector');

    const file = hubspotConfig(baseUrl);
    const before = runCli(['validate', '-c', file]);
    expect(before.status).toBe(2);
    expect(before.stdout).toMatch(/^FAIL portal: HubSpot portal \d+/m);
    const names = ['vitals_health_score', 'vitals_health_band', 'vitals_churn_risk', 'vitals_health_trend', 'vitals_health_drivers', 'vitals_scored_at'];
    names.forEach((name, i) => expect(before.stdout).toMatch(new RegExp(`companies\\.${name} does not exist \\(mapping entry writeback\\.fields\\.${scoreProperties[i]}, .*hubspot\\.yaml:\\d+\\); run \`vitals setup-fields\` to create it`)));
    expect(before.stdout).toMatch(/tasks\.vitals_key does not exist \(mapping entry tasks\.dedupeField, .*hubspot\.yaml:\d+\); run `vitals setup-fields` to create it/);
    expect(before.stdout.match(/does not exist/g)).toHaveLength(7);

    const setup = runCli(['setup-fields', '-c', file]);
    expect(setup.status).toBe(0);
    expect(setup.stdout).toContain('portal: 7 created, 0 already present, 0 to do by hand');
    expect(setup.stdout).toContain('created  tasks.vitals_key (crm-vitals task key)');

    const twice = runCli(['setup-fields', '-c', file]);
    expect(twice.status).toBe(0);
    expect(twice.stdout).toContain('portal: 0 created, 7 already present, 0 to do by hand');

    const after = runCli(['validate', '-c', file]);
    expect(after.stdout).toMatch(/^OK {3}portal: HubSpot portal \d+ .*, API \d+\/\d+ left today$/m);
    expect(after.status).toBe(0);
  }, 60_000);

  it('a sync killed mid-pull (SIGKILL, during the list and during a single-stamp slice) resumes and converges', async () => {
    emulator = await startPortal({ book: smallBook(10) });
    const { store } = emulator;
    store.clock.pin('2025-02-01T00:00:00.000Z');
    const bulk = Array.from({ length: 3_000 }, (_, i) => store.create('companies', { name: `Bulk ${i}` }).id);
    store.clock.unpin();
    emulator.setFaults({ latencyMs: 15 });
    const config = await portalConfig(tempDir(), emulator);
    const file = join(tempDir(), 'vitals.yaml');
    const dbPath = config.statePath;

    // Killed during the full list pull, after some pages are committed.
    await killWhen(file, dbPath, (c) => c.pulled >= 800 && c.cursor.phase === 'list');
    const mid = readCursor(dbPath);
    expect(mid).toMatchObject({ cursor: { phase: 'list' } });
    const state = open(config);
    const resumed = await sync(state, config, { objects: ['accounts'] });
    expect(resumed.ok).toBe(true);
    // The rerun started at the saved page, not from scratch.
    expect(resumed.results[0]!.outcomes[0]!.pulled).toBe(3_010 - mid!.pulled);
    expectStateMatchesPortal(state, emulator, config.connectors[0]!.mapping, ['accounts']);
    state.close();

    // A bulk edit on one stamp; killed while the slice of that stamp is being read by id.
    store.clock.pin(Date.now());
    bulk.forEach((id, i) => store.update('companies', id, { annualrevenue: String(i) }));
    store.clock.unpin();
    await killWhen(file, dbPath, (c) => typeof c.cursor.sliceAfterId === 'string' && c.cursor.sliceAfterId !== '0');
    const inSlice = readCursor(dbPath)!;
    expect(inSlice.cursor).toMatchObject({ phase: 'search' });
    const reopened = open(config);
    const finished = await sync(reopened, config, { objects: ['accounts'] });
    expect(finished.ok).toBe(true);
    expect(finished.results[0]!.outcomes[0]!.pulled).toBeLessThan(3_000);
    expect(finished.results[0]!.outcomes[0]!.updated).toBe(finished.results[0]!.outcomes[0]!.pulled);
    expectStateMatchesPortal(reopened, emulator, config.connectors[0]!.mapping, ['accounts']);
    reopened.close();
  }, 90_000);
});

interface SavedCursor {
  pulled: number;
  cursor: Record<string, unknown>;
}

function readCursor(dbPath: string): SavedCursor | undefined {
  if (!existsSync(dbPath)) return undefined;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT cursor, pulled FROM sync_cursors WHERE object = 'accounts'").get() as { cursor: string; pulled: number } | undefined;
    return row ? { pulled: row.pulled, cursor: JSON.parse(row.cursor) as Record<string, unknown> } : undefined;
  } catch {
    return undefined; // the schema is still being created
  } finally {
    db.close();
  }
}

/** Runs `vitals sync --objects accounts` and SIGKILLs it as soon as the committed cursor satisfies `when`. */
async function killWhen(file: string, dbPath: string, when: (cursor: SavedCursor) => boolean): Promise<void> {
  const sync = spawn(process.execPath, [vitals, 'sync', '-c', file, '--objects', 'accounts'], { stdio: 'ignore', env: { PATH: process.env.PATH, HOME: process.env.HOME, VITALS_LOG_LEVEL: 'error' } });
  child = sync;
  const exited = new Promise<number | null>((resolve) => sync.on('exit', (code) => resolve(code)));
  let finished = false;
  void exited.then(() => (finished = true));
  for (;;) {
    const saved = readCursor(dbPath);
    if (saved && when(saved)) break;
    if (finished) throw new Error(`sync finished before it could be killed (cursor ${JSON.stringify(saved)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
  sync.kill('SIGKILL');
  await exited;
  child = undefined;
}
