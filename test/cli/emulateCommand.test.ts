import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@hubspot/api-client';
import { Connection } from 'jsforce';
import { packageRoot } from '../../src/model/packagePaths.js';
import { startCli } from '../support/runCli.js';

/** `vitals emulate` as a user runs it: both emulators answer their real SDKs, Ctrl-C stops them. */
/** Spawns `vitals emulate ARGS`, waits until it serves, hands `use` its output and clients, then stops it with SIGTERM; resolves to the exit code. */
async function serving(args: string[], use: (output: string, sf: Connection, hubspot: Client) => Promise<void>): Promise<number | null> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'vitals.js'), 'emulate', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`emulators did not start: ${output}`)), 20_000);
      child.stdout.on('data', () => {
        if (output.includes('Ctrl-C stops them')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const sfUrl = /SF_LOGIN_URL=(\S+)/.exec(output)![1]!;
    const hsUrl = /HUBSPOT_BASE_URL=(\S+)/.exec(output)![1]!;
    const conn = new Connection({ loginUrl: sfUrl, version: '62.0', oauth2: { loginUrl: sfUrl, clientId: 'emulator-client', clientSecret: 'emulator-secret' } });
    await conn.authorize({ grant_type: 'client_credentials' });
    await use(output, conn, new Client({ accessToken: 'emulator-token', basePath: hsUrl }));
  } finally {
    child.kill('SIGTERM');
  }
  return exited;
}

describe('vitals emulate (spawned)', () => {
  it('serves the same book to jsforce and @hubspot/api-client and exits cleanly on SIGTERM', async () => {
    const code = await serving(['--accounts', '60', '--seed', '7'], async (output, conn, hubspot) => {
      expect(output).toMatch(/^Serving 60 accounts, \d+ opportunities, \d+ tickets \(seed 7/);
      const count = await conn.query('SELECT COUNT() FROM Account');
      expect(count.totalSize).toBe(60);
      const companies = await hubspot.crm.companies.basicApi.getPage(100);
      expect(companies.results).toHaveLength(60);
      // Single-currency orgs unless asked otherwise.
      await expect(conn.query('SELECT IsoCode FROM CurrencyType')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    });
    expect(code).toBe(0);
  });

  it('--currencies serves multi-currency orgs: USD corporate, EUR, GBP and JPY; Salesforce with dated rates', async () => {
    const code = await serving(['--accounts', '40', '--currencies'], async (output, conn, hubspot) => {
      expect(output).toMatch(/^Serving 40 accounts, .*\(multi-currency: USD, EUR, GBP, JPY\)\n/);
      const types = await conn.query<{ IsoCode: string; IsCorporate: boolean }>('SELECT IsoCode, IsCorporate FROM CurrencyType WHERE IsActive = true');
      expect(types.records.map((t) => t.IsoCode).sort()).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
      expect(types.records.find((t) => t.IsCorporate)?.IsoCode).toBe('USD');
      expect((await conn.query('SELECT COUNT() FROM DatedConversionRate')).totalSize).toBeGreaterThan(4);
      const rates = (await (await hubspot.apiRequest({ method: 'GET', path: '/settings/v3/currencies/exchange-rates/current' })).json()) as { results: { fromCurrencyCode: string }[] };
      expect(rates.results.map((r) => r.fromCurrencyCode).sort()).toEqual(['EUR', 'GBP', 'JPY']);
    });
    expect(code).toBe(0);
  });

  it('names a busy port and the way out, exit 2 and no stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    const { child, done } = startCli(['emulate', '--port', String(port), '--accounts', '20']);
    // Should it start after all, it must not outlive the test.
    const timer = setTimeout(() => child.kill('SIGTERM'), 20_000);
    try {
      const result = await done;
      expect(result.stderr).toBe(`vitals: port ${port} is already in use; pass --port 0 to pick free ports, or another --port (each emulator listens 10 above the one before)\n`);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
    } finally {
      clearTimeout(timer);
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
