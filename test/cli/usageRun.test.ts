import { existsSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { loadUsageIntoPostgres } from '../../emulators/usage/loadUsageIntoPostgres.js';
import { writeUsageFiles } from '../../emulators/usage/writeUsageFiles.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { startPostgres, type RunningPostgres } from '../support/embeddedPostgres.js';
import { runCliAsync, startCli } from '../support/runCli.js';
import { serveBookWithConfig, type ServedBook } from '../support/demoBook.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const METRICS = '{ activeUsers: dau, activeUsers30d: mau, events: sessions, features30d: features_30d, seats: seats }';

/**
 * Product usage end to end: the built CLI against both CRM emulators, usage read from Parquet
 * files (for the Salesforce org) and from a real PostgreSQL (for the HubSpot portal), with the
 * shipped example config plus `usage:` entries as a user would add them.
 */
describe('vitals with usage sources', () => {
  let book: ServedBook;
  let postgres: RunningPostgres;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCliAsync(['-c', book.configFile, ...args], { env });
  const connector = (job: Json, name: string) => (job.connectors as Json[]).find((c) => c.connector === name)!;
  const sql = async (text: string) => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    book = await serveBookWithConfig({ accounts: 80 });
    postgres = await startPostgres();
    const files = await writeUsageFiles(book.served.book, join(book.dir, 'usage'), { csv: false, historyDays: 400 });
    await loadUsageIntoPostgres(postgres.url, book.served.book, { historyDays: 400 });
    env = { ...book.env, USAGE_DATABASE_URL: postgres.url };
    appendFileSync(
      book.configFile,
      `
usage:
  - name: product-usage
    type: usage-files
    path: ${files.daily.parquet}
    format: daily
    columns: { account: account_domain, day: day, metric: metric, value: value }
    metrics: ${METRICS}
    match: { connector: acme-sf, field: website }
  - name: warehouse
    type: usage-postgres
    url: \${USAGE_DATABASE_URL}
    query: SELECT * FROM usage_daily
    format: daily
    columns: { account: account_domain, day: day, metric: metric, value: value }
    metrics: ${METRICS}
    match: { connector: acme-hs, field: website }
`,
    );
  }, 180_000);
  afterAll(async () => {
    await book?.close();
    await postgres?.stop();
  });

  it('validates the sources, reads them in the run, scores with usage, and shows in status what matched', async () => {
    // The score fields first: validate checks them too.
    expect((await cli('setup-fields', '--connector', 'acme-hs')).status).toBe(0);
    const validated = await cli('validate');
    expect({ status: validated.status, stdout: validated.stdout }).toEqual({ status: 0, stdout: expect.any(String) });
    expect(validated.stdout).toMatch(/OK {3}product-usage: 1 Parquet file, [\d,]+ rows, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
    expect(validated.stdout).toMatch(/OK {3}warehouse: /);
    expect(validated.stdout).not.toContain(postgres.url);

    const run = await cli('run', '--json');
    expect(run.status).toBe(0);
    const job = JSON.parse(run.stdout) as Json;
    for (const name of ['acme-sf', 'acme-hs']) {
      const usage = (connector(job, name).usage as Json[])[0]!;
      expect(usage.error).toBeUndefined();
      expect(usage.rows).toBeGreaterThan(1_000);
      expect(usage.matched.accounts).toBeGreaterThan(60);
    }
    // Both CRMs hold the same customers and both sources the same usage: the same rows stored.
    expect(connector(job, 'acme-sf').usage[0].rows).toBe(connector(job, 'acme-hs').usage[0].rows);

    const status = JSON.parse((await cli('status', '--json')).stdout) as Json;
    const files = (status.usage as Json[]).find((u) => u.source === 'product-usage')!;
    expect(files).toMatchObject({ type: 'usage-files', connector: 'acme-sf', field: 'website', error: null });
    expect(files.unmatchedKeys).toBeGreaterThan(0);
    expect(files.unmatchedExamples[0].key).toMatch(/trial-\d+\.example/i);
    const text = (await cli('status')).stdout;
    expect(text).toMatch(/Usage sources:\n {2}product-usage \(usage-files, matched to acme-sf accounts by website\):/);
    expect(text).toMatch(/keys? match no account, e\.g\. \S*trial-\d+\.example/i);

    // The measures are there and named in explain.
    const db = new Database(book.statePath, { readonly: true });
    const [accountId] = db.prepare("SELECT account_id FROM usage_links WHERE connector = 'acme-sf' LIMIT 1").pluck().all() as string[];
    db.close();
    const explained = await cli('explain', accountId!, '--connector', 'acme-sf');
    expect(explained.status).toBe(0);
    expect(explained.stdout).toMatch(/Active seats .*seats active/);
    expect(explained.stdout).toMatch(/Usage trend/);

    // A second run re-reads only the late-data window.
    const again = JSON.parse((await cli('run', '--json')).stdout) as Json;
    const usage = connector(again, 'acme-sf').usage[0];
    expect(usage.read.to).toBe(new Date().toISOString().slice(0, 10));
    expect(usage.rows).toBeLessThan(connector(job, 'acme-sf').usage[0].rows / 20);
  }, 180_000);

  it('a failing source fails the run (exit 1) but not the CRM part, and status says why until it reads again', async () => {
    await sql('ALTER TABLE usage_daily RENAME TO usage_daily_old');
    const run = await cli('run', '--json');
    expect(run.status).toBe(1);
    const job = JSON.parse(run.stdout) as Json;
    const hs = connector(job, 'acme-hs');
    expect(hs.failures).toEqual([expect.stringMatching(/^usage: usage source warehouse: .*usage_daily.*does not exist/)]);
    // The CRM part went on: synced and scored, written back as usual.
    expect(hs.sync.stopped).toBeUndefined();
    expect(hs.score.summary.accounts).toBeGreaterThan(0);
    expect(connector(job, 'acme-sf').failures).toEqual([]);
    const status = (await cli('status')).stdout;
    expect(status).toMatch(/warehouse \(usage-postgres[^\n]*\n(?: {4}[^\n]*\n)*? {4}FAILED [^\n]*usage source warehouse: [^\n]*usage_daily[^\n]*does not exist/);
    expect(status).not.toContain(postgres.url);

    await sql('ALTER TABLE usage_daily_old RENAME TO usage_daily');
    const fixed = await cli('run', '--json');
    expect(fixed.status).toBe(0);
    expect((JSON.parse((await cli('status', '--json')).stdout) as Json).usage.find((u: Json) => u.source === 'warehouse').error).toBeNull();
  }, 180_000);

  it('validate names a missing column and the config key to change, exit 2', async () => {
    const bad = join(book.dir, 'bad.yaml');
    const yaml = (await import('node:fs')).readFileSync(book.configFile, 'utf8').replaceAll('columns: { account: account_domain, day: day, metric: metric, value: value }', 'columns: { account: account_domain, day: usage_day, metric: metric, value: value }');
    writeFileSync(bad, yaml);
    const validated = await runCliAsync(['-c', bad, 'validate'], { env });
    expect(validated.status).toBe(2);
    expect(validated.stdout).toMatch(/FAIL usage source product-usage: column "usage_day" \(columns\.day\) not found in \S*usage_daily\.parquet; it has: account_domain, day, metric, value/);
  }, 120_000);
});

describe('a usage read killed mid-way', () => {
  it('resumes on the next run without losing or doubling a day', async () => {
    const book = await serveBookWithConfig({ accounts: 40 });
    try {
      const files = await writeUsageFiles(book.served.book, join(book.dir, 'usage'), { csv: false, historyDays: 300 });
      // The files source, wrapped to stall in its fourth window when told to, so the test can kill the run there.
      const marker = join(book.dir, 'stalled');
      const stalling = join(book.dir, 'stallingUsage.mjs');
      writeFileSync(
        stalling,
        `import { filesUsageSource } from ${JSON.stringify(packageFile('dist', 'src', 'usage', 'sources', 'files', 'definition.js'))};
import { writeFileSync } from 'node:fs';
let windows = 0;
export default {
  ...filesUsageSource,
  type: 'stalling-files',
  create(options, context) {
    const source = filesUsageSource.create(options, context);
    return {
      ...source,
      name: source.name,
      check: () => source.check(),
      close: () => source.close(),
      async *readDays(range) {
        windows += 1;
        for await (const chunk of source.readDays(range)) {
          yield chunk;
          if (process.env.STALL && windows === 4) {
            writeFileSync(${JSON.stringify(marker)}, range.from);
            await new Promise((resolve) => setTimeout(resolve, 60_000));
          }
        }
      },
    };
  },
};
`,
      );
      appendFileSync(
        book.configFile,
        `
usage:
  - name: product-usage
    type: module
    module: ./stallingUsage.mjs
    options:
      path: ${files.daily.parquet}
      format: daily
      columns: { account: account_domain, day: day, metric: metric, value: value }
      metrics: ${METRICS}
    match: { connector: acme-sf, field: website }
`,
      );
      const { child, done } = startCli(['-c', book.configFile, 'sync', '--connector', 'acme-sf'], { env: { ...book.env, STALL: '1' } });
      for (let waited = 0; !existsSync(marker); waited += 100) {
        if (waited > 60_000) throw new Error('the read never reached its fourth window');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      child.kill('SIGKILL');
      await done;
      const stored = () => {
        const db = new Database(book.statePath, { readonly: true });
        try {
          return {
            reads: db.prepare('SELECT read_from, read_through FROM usage_reads').raw().get() as [number, number],
            rows: db.prepare('SELECT k.key, d.* FROM usage_daily d JOIN usage_keys k ON k.id = d.key_id ORDER BY k.key, d.day').raw().all(),
          };
        } finally {
          db.close();
        }
      };
      const killed = stored();
      // Three windows of 31 days were stored whole; the fourth, in flight, left nothing.
      expect(killed.reads[1] - killed.reads[0] + 1).toBe(93);

      const resumed = await runCliAsync(['-c', book.configFile, 'sync', '--connector', 'acme-sf'], { env: book.env });
      expect(resumed.status).toBe(0);
      const after = stored();
      // Against a clean read of the same files into a fresh state.
      const clean = join(book.dir, 'clean.yaml');
      writeFileSync(clean, (await import('node:fs')).readFileSync(book.configFile, 'utf8').replace(/^state: .*$/m, `state: ${join(book.dir, 'clean.db')}`));
      expect((await runCliAsync(['-c', clean, 'sync', '--connector', 'acme-sf'], { env: book.env })).status).toBe(0);
      const db = new Database(join(book.dir, 'clean.db'), { readonly: true });
      const expected = db.prepare('SELECT k.key, d.* FROM usage_daily d JOIN usage_keys k ON k.id = d.key_id ORDER BY k.key, d.day').raw().all() as unknown[][];
      db.close();
      // Key ids differ between the two states; the keys, days and figures do not.
      const withoutIds = (rows: unknown[]) => (rows as unknown[][]).map(([key, , ...rest]) => [key, ...rest]);
      expect(withoutIds(after.rows)).toEqual(withoutIds(expected));
      expect(expected.length).toBeGreaterThan(1_000);
    } finally {
      await book.close();
    }
  }, 240_000);
});
