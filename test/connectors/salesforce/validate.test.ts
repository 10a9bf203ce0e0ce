import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { packageFile, packageRoot } from '../../../src/model/packagePaths.js';
import type { CliResult } from '../../support/runCli.js';
import { useTempDir } from '../../support/tempDir.js';
import { smallBook } from '../../emulators/salesforce/fixture.js';

/**
 * The built CLI in a child process, without blocking this process: the emulator it talks to
 * runs here (test/support/runCli.ts waits synchronously, which would stall the emulator).
 */
function runCliAsync(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'vitals.js'), ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('vitals validate, online against the Salesforce emulator (spawned CLI; run `npm run build` first)', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(10) });
    env = { SF_CLIENT_ID: emulator.credentials.clientId, SF_CLIENT_SECRET: emulator.credentials.clientSecret };
  });
  afterEach(async () => {
    await emulator.close();
  });

  function writeConfig(mapping?: string): string {
    const file = join(dir(), 'vitals.yaml');
    writeFileSync(
      file,
      [
        'state: ./vitals.db',
        'connectors:',
        '  - name: acme-sf',
        '    type: salesforce',
        `    loginUrl: ${emulator.url}`,
        '    auth:',
        '      clientId: ${SF_CLIENT_ID}',
        '      clientSecret: ${SF_CLIENT_SECRET}',
        '    apiVersion: "62.0"',
        ...(mapping ? [`    mapping: ${mapping}`] : []),
        '',
      ].join('\n'),
    );
    return file;
  }

  it('logs in, reads the API budget and finds every mapped field: exit 0', async () => {
    const result = await runCliAsync(['validate', '-c', writeConfig()], { cwd: dir(), env });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^OK {3}acme-sf: vitals-integration@example\\.com \\(org 00D\\w+\\) at ${emulator.url.replace(/\./g, '\\.')}, API v62\\.0, API \\d+/100000 left today$`, 'm'),
    );
    // Login is free; /limits, one describe per mapped object (Account, Opportunity, Case, User, Task),
    // and one CurrencyType query (a multi-currency org whose mapping reads no currency is a problem).
    expect(emulator.apiUsage().used).toBe(7);
  });

  it('names the missing field, its object and the mapping entry, and a score field it cannot write: exit 2', async () => {
    const mapping = readFileSync(packageFile('mappings', 'salesforce.yaml'), 'utf8')
      .replace('csat: CSAT__c', 'csat: Satisfaction__c')
      .replace('health_trend: Health_Trend__c', 'health_trend: LastActivityDate');
    writeFileSync(join(dir(), 'sf.yaml'), mapping);
    const result = await runCliAsync(['validate', '-c', writeConfig('./sf.yaml')], { cwd: dir(), env });
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/^FAIL acme-sf: vitals-integration@example\.com/m);
    expect(result.stdout).toMatch(/- Case\.Satisfaction__c does not exist \(mapping entry objects\.tickets\.fields\.csat, sf\.yaml:\d+\); `vitals map` proposes a mapping from the fields this org has\n/);
    expect(result.stdout).toContain('- Account.LastActivityDate is not updateable, so crm-vitals cannot write it (mapping entry writeback.fields.health_trend)');
    expect(result.stdout.match(/^ {7}- /gm)).toHaveLength(2);
  });

  it('reports refused credentials without a stack trace: exit 2', async () => {
    const result = await runCliAsync(['validate', '-c', writeConfig()], { cwd: dir(), env: { ...env, SF_CLIENT_SECRET: 'wrong' } });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(`FAIL acme-sf: ${emulator.url} (client credentials)`);
    expect(result.stdout).toContain(`- login to ${emulator.url} with client credentials failed: invalid_client: invalid client credentials - check loginUrl, auth.clientId and auth.clientSecret`);
  });
});
