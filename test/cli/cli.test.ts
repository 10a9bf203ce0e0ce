import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openState } from '../../state/openState.js';
import { finishRun, startRun } from '../../state/runs.js';
import { upsertPage } from '../../state/upsertPage.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { runCli } from '../support/runCli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('vitals CLI (spawned)', () => {
  it('lists only the commands that exist in --help, and exits 0', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    const commands = [...result.stdout.matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]);
    expect(commands).toEqual(['init', 'map', 'validate', 'sync', 'backfill', 'setup-fields', 'score', 'writeback', 'run', 'schedule', 'status', 'explain', 'backtest', 'report', 'emulate', 'help']);
  });

  it('exits 2 on an unknown command or option', () => {
    expect(runCli(['frobnicate']).status).toBe(2);
    const result = runCli(['status', '--bogus']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
  });

  it('validates the shipped example offline', () => {
    const result = runCli(['validate', '--offline', '-c', 'config.example.yaml']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('connector acme-sf (salesforce)');
  });

  it('exits 2 with every problem named for an invalid config, and never prints a secret', () => {
    const file = join(tempDir(), 'vitals.yaml');
    writeFileSync(file, 'connectors:\n  - name: hs\n    type: hubspot\n    auth: { accessToken: "${TOKEN}" }\n    limits: { requestsPer10s: fast }\nschedule: { run: "61 * * * *" }\n');
    const result = runCli(['validate', '--offline', '-c', file], { env: { TOKEN: 'pat-secret-value-123' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('connectors[0].limits.requestsPer10s: expected number, got "fast"');
    expect(result.stderr).toContain('schedule.run: not a valid cron expression');
    expect(result.stderr + result.stdout).not.toContain('pat-secret-value-123');
  });

  it('exits 2 naming a missing config file', () => {
    const result = runCli(['status', '-c', join(tempDir(), 'none.yaml')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/none\.yaml.*file not found/s);
  });

  it('init --emulator writes the demo config and refuses to overwrite it', () => {
    const file = join(tempDir(), 'vitals.yaml');
    expect(runCli(['init', '--emulator', '-c', file]).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(packageFile('config.example.yaml'), 'utf8'));
    const again = runCli(['init', '--emulator', '-c', file]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists; pass --force');
    expect(runCli(['init', '--emulator', '-c', file, '--force']).status).toBe(0);
    expect(runCli(['validate', '--offline', '-c', file]).status).toBe(0);
  });

  it('stops quietly when the reader of its output goes away (`| head`)', () => {
    const dir = tempDir();
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${packageFile('bin', 'vitals.js')}" init --crm salesforce,hubspot | true`], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('init asks which config to write, and names the CRMs it knows', () => {
    const file = join(tempDir(), 'vitals.yaml');
    const bare = runCli(['init', '-c', file]);
    expect({ status: bare.status, said: bare.stderr }).toEqual({ status: 2, said: expect.stringContaining('`vitals init --crm salesforce` for your own org (salesforce, hubspot), or `vitals init --emulator`') });
    const typo = runCli(['init', '--crm', 'salesforse', '-c', file]);
    expect({ status: typo.status, said: typo.stderr }).toEqual({ status: 2, said: expect.stringContaining('--crm expects salesforce, hubspot') });
    expect(existsSync(file)).toBe(false);
  });

  it('init --crm writes a config for a real org: only that CRM, no emulator fallbacks, a missing variable named', () => {
    const file = join(tempDir(), 'vitals.yaml');
    const written = runCli(['init', '--crm', 'hubspot', '-c', file]);
    expect(written.status).toBe(0);
    expect(written.stdout).toContain('export HUBSPOT_BASE_URL=...');
    expect(written.stdout).toContain('export HUBSPOT_TOKEN=...');
    const yaml = readFileSync(file, 'utf8');
    expect(yaml).not.toMatch(/127\.0\.0\.1|emulator-|type: salesforce/);
    expect(yaml).toContain('accessToken: ${HUBSPOT_TOKEN}');
    // Without the variables: the error names each one, instead of the emulator's token reaching a real portal.
    const unset = runCli(['validate', '--offline', '-c', file]);
    expect(unset.status).toBe(2);
    expect(unset.stderr).toMatch(/environment variable HUBSPOT_TOKEN is not set/);
    const set = runCli(['validate', '--offline', '-c', file], { env: { HUBSPOT_TOKEN: 'pat-na1-x', HUBSPOT_BASE_URL: 'https://api.hubapi.com' } });
    expect(set.stdout).toMatch(/connector acme-hs \(hubspot\)/);
    expect(set.status).toBe(0);
  });

  it('status says nothing has run yet without creating a state file', () => {
    const file = join(tempDir(), 'vitals.yaml');
    writeFileSync(file, 'connectors:\n  - { name: hs, type: hubspot, auth: { accessToken: x } }\n');
    const result = runCli(['status', '-c', file, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ statePath: join(tempDir(), 'vitals.db'), exists: false });
    expect(existsSync(join(tempDir(), 'vitals.db'))).toBe(false);
  });

  it('status --json reports runs, cursors, counts and quarantined records from the state', () => {
    const file = join(tempDir(), 'vitals.yaml');
    writeFileSync(file, 'connectors:\n  - { name: hs, type: hubspot, auth: { accessToken: x } }\n');
    const state = openState(join(tempDir(), 'vitals.db'));
    const run = startRun(state, 'sync', 'hs');
    upsertPage(state, {
      connector: 'hs',
      object: 'owners',
      rows: [{ crm_id: 'o1', name: 'Ada', email: 'ada@example.com', is_active: true, modified_at: null }],
      deletedIds: [],
      quarantined: [{ crm_id: 'o2', reason: 'email: missing', record: {} }],
      cursor: { after: '100' },
    });
    finishRun(state, run, { status: 'ok', counts: { pulled: 1 }, apiCalls: 2, pulled: { hs: { owners: 1 } } });
    state.close();

    const result = runCli(['status', '-c', file, '--json']);
    expect(result.status).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.runs[0]).toMatchObject({ kind: 'sync', status: 'ok', counts: { pulled: 1 }, apiCalls: 2 });
    expect(status.cursors).toEqual([expect.objectContaining({ connector: 'hs', object: 'owners', cursor: { after: '100' }, pulled: 1 })]);
    expect(status.records).toEqual([{ connector: 'hs', object: 'owners', live: 1, deleted: 0 }]);
    expect(status.quarantined).toEqual([{ connector: 'hs', object: 'owners', count: 1 }]);

    const human = runCli(['status', '-c', file]);
    expect(human.stdout).toMatch(/^ {2}hs owners: up to \d{4}-\d\d-\d\d \d\d:\d\d UTC; 1 record stored \(1 pulled by run #1, 1 since its last full pull\)$/m);
    expect(human.stdout).toMatch(/^ {2}#1 sync \(hs\) \d{4}-\d\d-\d\d \d\d:\d\d UTC, \d+\.\d s, ok: 1 pulled, 2 calls$/m);
    expect(statSync(join(tempDir(), 'vitals.db')).mode & 0o777).toBe(0o600);
  });

  it('refuses a numeric flag it cannot use with exit 2, naming the flag, without a stack trace', () => {
    const file = join(tempDir(), 'vitals.yaml');
    writeFileSync(file, 'connectors:\n  - { name: hs, type: hubspot, auth: { accessToken: x } }\n');
    const state = openState(join(tempDir(), 'vitals.db'));
    finishRun(state, startRun(state, 'sync', 'hs'), { status: 'ok' });
    state.close();

    const cases: [string[], RegExp][] = [
      [['status', '--runs', 'abc'], /--runs expects a whole number of at least 1, got "abc"/],
      // Runs exist: 0 would show none of them, so it is refused rather than read as "none yet".
      [['status', '--runs', '0'], /--runs expects a whole number of at least 1, got "0"/],
      [['status', '--runs', '2.5'], /--runs expects a whole number of at least 1, got "2.5"/],
      [['status', '--runs', '-3'], /--runs expects a whole number of at least 1, got "-3"/],
      [['explain', 'Acme', '--history', 'abc'], /--history expects a whole number of at least 1, got "abc"/],
      [['explain', 'Acme', '--history', '0'], /--history expects a whole number of at least 1, got "0"/],
      [['emulate', '--port', '70000'], /--port expects a whole number from 0 to 65525, got "70000"/],
      [['emulate', '--schema', 'bogus'], /--schema expects one of standard, renamed, sparse, got "bogus"/],
      [['report', '--since', '2024-02-31'], /--since expects a date as YYYY-MM-DD \(UTC\) or an ISO instant/],
      [['backfill', '--since', '2024-13-01'], /--since expects a date as YYYY-MM-DD \(UTC\) or an ISO instant/],
    ];
    for (const [args, message] of cases) {
      const result = runCli([...args, '-c', file]);
      expect({ args, status: result.status }).toEqual({ args, status: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).not.toMatch(/SqliteError|datatype mismatch/);
    }
    expect(runCli(['status', '-c', file, '--runs', '1', '--json']).status).toBe(0);
  });

  it('validates online through an external connector module: fields checked against its live schema', () => {
    const file = join(tempDir(), 'vitals.yaml');
    const connector = `{ name: mem, type: module, module: "${packageFile('test', 'fixtures', 'inMemoryConnector.js')}", mapping: "${packageFile('test', 'fixtures', 'inMemoryMapping.yaml')}"`;
    writeFileSync(file, `connectors:\n  - ${connector}, options: { greeting: hello } }\n`);
    const ok = runCli(['validate', '-c', file]);
    expect(ok.stdout).toContain('OK   mem: hello from memory, API 997/1000 left today');
    expect(ok.status).toBe(0);

    writeFileSync(file, `connectors:\n  - ${connector}, options: { greeting: hi, readOnly: [Band] }, mappingOverrides: { objects: { accounts: { fields: { segment: Tier } } } } }\n`);
    const bad = runCli(['validate', '-c', file, '--json']);
    expect(bad.status).toBe(2);
    const { checks } = JSON.parse(bad.stdout);
    expect(checks[0].problems).toEqual([
      // The override in vitals.yaml named the field, so the problem points there, not at the mapping file.
      expect.stringMatching(/^Thing\.Tier does not exist \(mapping entry objects\.accounts\.fields\.segment, .*vitals\.yaml:2 \(mappingOverrides\)\); `vitals map` proposes a mapping from the fields this org has$/),
      expect.stringMatching(/^Thing\.Band is not updateable, so crm-vitals cannot write it \(mapping entry writeback\.fields\.health_band\)/),
    ]);
  });
});
