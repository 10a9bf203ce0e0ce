import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openState } from '../../state/openState.js';
import { runCliAsync } from '../support/runCli.js';
import { serveBookWithConfig, type ServedBook } from '../support/demoBook.js';

/**
 * Commands that only read the state (status, explain, score, backtest, report) send nothing to a
 * CRM, so they start with the CRM variables the config's connectors reference unset; commands that
 * talk to a CRM still refuse, naming the variable.
 */
describe('read-only commands without CRM secrets (spawned)', () => {
  let book: ServedBook;
  let configFile: string;
  // No SF_* or HUBSPOT_* variable: only what runCli always passes (PATH, HOME) and the log level.
  const noSecrets = { VITALS_LOG_LEVEL: 'warn' };
  const cli = (...args: string[]) => runCliAsync(['-c', configFile, ...args], { env: noSecrets });

  beforeAll(async () => {
    book = await serveBookWithConfig({ accounts: 60 });
    // The shipped example falls back to the emulators when a variable is unset; a real config does not.
    configFile = join(book.dir, 'strict.yaml');
    const strict = readFileSync(book.configFile, 'utf8').replace(/\$\{([A-Z_][A-Z0-9_]*):-[^}]*\}/g, '${$1}');
    expect(strict).toContain('clientSecret: ${SF_CLIENT_SECRET}');
    writeFileSync(configFile, strict);
    const run = await runCliAsync(['-c', configFile, 'run', '--json'], { env: book.env });
    expect(run.stderr).not.toMatch(/is not set/);
    expect(JSON.parse(run.stdout)).toMatchObject({ connectors: [expect.anything(), expect.anything()] });
  }, 120_000);
  afterAll(async () => book?.close());

  it('status, explain, score, backtest and report work on the state of a real run', async () => {
    const status = await cli('status', '--json');
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);
    expect((JSON.parse(status.stdout) as { runs: { kind: string }[] }).runs[0]).toMatchObject({ kind: 'run' });

    const state = openState(book.statePath);
    const account = state.db.prepare("SELECT crm_id FROM accounts WHERE connector = 'acme-sf' AND crm_id IN (SELECT account_id FROM score_snapshots) LIMIT 1").get() as { crm_id: string };
    state.close();
    const explain = await cli('explain', account.crm_id, '--connector', 'acme-sf', '--history', '3');
    expect(explain.stderr).toBe('');
    expect(explain.status).toBe(0);
    expect(explain.stdout).toMatch(/churn risk/);

    const score = await cli('score');
    expect(score.stderr).toBe('');
    expect(score.status).toBe(0);
    expect(score.stdout).toMatch(/^Scored acme-sf in [\d.]+ s: [\d,]+ customers scored/m);

    const backtest = await cli('backtest', '--json');
    expect(backtest.stderr).toBe('');
    expect(backtest.status).toBe(0);

    const report = await cli('report', '--html', join(book.dir, 'report.html'));
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    expect(report.stdout).toContain('Report written to');
  }, 120_000);

  it('commands that talk to a CRM still name the missing variable', async () => {
    for (const command of [['sync'], ['writeback', '--dry-run'], ['validate']]) {
      const result = await cli(...command);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('environment variable SF_CLIENT_SECRET is not set; export SF_CLIENT_SECRET=...');
    }
  });
});
