import { DuckDBInstance } from '@duckdb/node-api';
import { Connection } from 'jsforce';
import { parse } from 'yaml';
import { startCli } from '../support/runCli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

/** What the engine does to a usage key or a website before matching the two. */
function normalise(key: string): string {
  return key.toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
}

describe('vitals emulate --usage (spawned, from dist)', () => {
  it("writes the served book's usage and prints the usage: entry that reads it; its keys are the served websites", async () => {
    const dir = tempDir();
    const { child, done } = startCli(['emulate', '--port', '0', '--accounts', '80', '--seed', '7', '--usage', dir]);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`emulators did not start: ${output}`)), 60_000);
        child.stdout!.on('data', () => {
          if (output.includes('Ctrl-C stops them')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(output).toMatch(/^Serving 80 accounts/);
      expect(output).toMatch(/Product usage: [\d,]+ rows \(a key, a day, a metric\) for \d+ keys in .*usage_daily\.parquet and .*usage_daily\.csv/);
      const snippet = output.slice(output.indexOf('  usage:'), output.indexOf('Ctrl-C')).replace(/^ {2}/gm, '');
      const config = parse(snippet) as { usage: Record<string, unknown>[] };
      expect(config.usage).toEqual([
        {
          name: 'product-usage',
          type: 'usage-files',
          path: `${dir}/usage_daily.parquet`,
          format: 'daily',
          columns: { account: 'account_domain', day: 'day', metric: 'metric', value: 'value' },
          metrics: { activeUsers: 'dau', activeUsers30d: 'mau', events: 'sessions', features30d: 'features_30d', seats: 'seats' },
          match: { connector: 'acme-sf', field: 'website' },
        },
      ]);

      const instance = await DuckDBInstance.create(':memory:');
      const db = await instance.connect();
      const keys = (await db.runAndReadAll(`SELECT DISTINCT account_domain FROM '${dir}/usage_daily.parquet'`)).getColumnsJS()[0] as string[];
      db.closeSync();
      instance.closeSync();
      const sfUrl = /SF_LOGIN_URL=(\S+)/.exec(output)![1]!;
      const conn = new Connection({ loginUrl: sfUrl, version: '62.0', oauth2: { loginUrl: sfUrl, clientId: 'emulator-client', clientSecret: 'emulator-secret' } });
      await conn.authorize({ grant_type: 'client_credentials' });
      const accounts = await conn.query<{ Website: string | null }>('SELECT Website FROM Account');
      const websites = new Set(accounts.records.map((a) => normalise(a.Website ?? '')));
      const matched = keys.filter((k) => websites.has(normalise(k)));
      expect(matched.length).toBeGreaterThan(60);
      expect(keys.filter((k) => !websites.has(normalise(k)) && !/^trial-\d+\.example$/.test(normalise(k)))).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
    expect((await done).status).toBe(0);
  }, 120_000);
});
