import type { SalesforceEmulator } from '../../emulators/salesforce/startSalesforceEmulator.js';
import { Client } from '@hubspot/api-client';
import { Connection } from 'jsforce';
import { runCliAsync } from '../support/runCli.js';
import { serveBookWithConfig, type ServedBook } from '../support/demoBook.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * `vitals run` as cron runs it: the built CLI against both emulators (jsforce and
 * @hubspot/api-client over HTTP), with the shipped example config.
 */
describe('vitals run against both emulators', () => {
  let book: ServedBook;
  const cli = async (...args: string[]) => runCliAsync(['-c', book.configFile, ...args], { env: book.env });
  const runJson = async () => {
    const result = await cli('run', '--json');
    return { status: result.status, stderr: result.stderr, job: JSON.parse(result.stdout) as Json };
  };
  const connector = (job: Json, name: string) => (job.connectors as Json[]).find((c) => c.connector === name)!;

  beforeAll(async () => {
    book = await serveBookWithConfig({ accounts: 120 });
  }, 60_000);
  afterAll(async () => book?.close());

  it('records a rejected write and a quarantined record, reports them in status, and retries the write next run', async () => {
    // A case whose priority the mapping does not know: quarantined with its reason, the run goes on.
    const sf = book.crm<SalesforceEmulator>('salesforce').native.store;
    const victim = sf.query('SELECT Id FROM Case LIMIT 1')[0]!.Id as string;
    sf.update('Case', victim, { Priority: 'Critical' });

    // HubSpot's score properties are not created yet (no setup-fields): every write is refused.
    const first = await runJson();
    expect(first.status).toBe(1);
    const sfJob = connector(first.job, 'acme-sf');
    const hsJob = connector(first.job, 'acme-hs');
    expect(sfJob.failures).toEqual([expect.stringMatching(/1 record quarantined/)]);
    expect(sfJob.writeback.writes.written).toBe(sfJob.score.summary.accounts);
    expect(sfJob.writeback.tasks.created).toBeGreaterThan(0);
    expect(hsJob.writeback.writes.written).toBe(0);
    expect(hsJob.failures.join(' ')).toMatch(/rejected by the CRM, retried next run; PROPERTY_DOESNT_EXIST/);

    const status = JSON.parse((await cli('status', '--json')).stdout) as Json;
    expect(status.runs[0]).toMatchObject({ kind: 'run', status: 'failed' });
    expect(status.runs[0].error).toMatch(/acme-hs write-back/);
    expect(status.quarantined).toEqual([{ connector: 'acme-sf', object: 'tickets', count: 1 }]);
    expect(status.failedWrites.length).toBeGreaterThan(0);
    expect(status.failedWrites[0]).toMatchObject({ connector: 'acme-hs', errorCode: 'PROPERTY_DOESNT_EXIST' });
    expect(status.lock).toBeNull();

    expect((await cli('setup-fields', '--connector', 'acme-hs')).status).toBe(0);
    const second = await runJson();
    expect(second.status).toBe(0);
    const retried = connector(second.job, 'acme-hs');
    expect(retried.writeback.writes.written).toBe(retried.score.summary.accounts);
    expect(retried.writeback.tasks.created).toBeGreaterThan(0);
    expect(connector(second.job, 'acme-sf').writeback.writes.written).toBe(0);
    const after = JSON.parse((await cli('status', '--json')).stdout) as Json;
    expect(after.failedWrites).toEqual([]);
    expect(after.quarantined).toEqual([{ connector: 'acme-sf', object: 'tickets', count: 1 }]);
  });

  it('puts the scores into both CRMs, and a second run with no change writes nothing', async () => {
    const conn = new Connection({ loginUrl: book.env.SF_LOGIN_URL, version: '62.0', oauth2: { loginUrl: book.env.SF_LOGIN_URL, clientId: book.env.SF_CLIENT_ID, clientSecret: book.env.SF_CLIENT_SECRET } });
    await conn.authorize({ grant_type: 'client_credentials' });
    const scored = await conn.query<{ Health_Band__c: string | null }>('SELECT Id, Health_Score__c, Health_Band__c FROM Account WHERE Health_Band__c != null');
    const hubspot = new Client({ accessToken: book.env.HUBSPOT_TOKEN, basePath: book.env.HUBSPOT_BASE_URL });
    const companies = await hubspot.crm.companies.basicApi.getPage(100, undefined, ['vitals_health_band', 'vitals_health_score']);
    const state = JSON.parse((await cli('status', '--json')).stdout) as Json;
    const live = (name: string) => (state.records as Json[]).find((r) => r.connector === name && r.object === 'accounts')!.live as number;
    expect(live('acme-sf')).toBe(120);
    // Churned accounts are not scored; every scored one carries a band in the CRM.
    expect(scored.totalSize).toBeGreaterThan(60);
    expect(companies.results.filter((c) => c.properties.vitals_health_band).length).toBeGreaterThan(50);

    // One connector per CRM for the whole run: Salesforce sees one login and one read of /limits.
    const requests: string[] = [];
    book.crm('salesforce').onRequest((endpoint) => void requests.push(endpoint));
    const again = await runJson().finally(() => book.crm('salesforce').onRequest(undefined));
    expect(again.status).toBe(0);
    expect(requests.filter((e) => e.endsWith('/oauth2/token'))).toHaveLength(1);
    expect(requests.filter((e) => e.endsWith('/limits'))).toHaveLength(1);
    // The run records the connector's own budget: every call of both phases (the login is no API call).
    const sfRun = connector(again.job, 'acme-sf');
    const recorded = (JSON.parse((await cli('status', '--json')).stdout) as Json).apiBudget as Json[];
    expect(sfRun.sync.apiCalls + sfRun.writeback.apiCalls).toBe(requests.length - 1);
    expect(recorded.find((b) => b.connector === 'acme-sf')).toMatchObject({ runId: again.job.runId, budget: { callsThisRun: requests.length - 1 } });
    for (const name of ['acme-sf', 'acme-hs']) {
      const c = connector(again.job, name);
      expect(c.writeback.writes).toMatchObject({ written: 0, calls: 0, failed: [] });
      expect(c.writeback.tasks).toMatchObject({ created: 0, closed: 0, calls: 0 });
    }
  });

  it('prints the summary, saying why accounts are not scored; per-object lines only with --verbose', async () => {
    const quiet = await cli('run');
    expect(quiet.stdout).toMatch(/^ {2}score {3}[\d,]+ customers scored; [\d,]+ churned accounts are not scored \(last renewal lost, nothing won since\)$/m);
    expect(quiet.stderr).not.toMatch(/"msg":"pulled"/);
    const verbose = await cli('run', '--verbose');
    expect(verbose.stderr).toMatch(/"msg":"pulled"/);
  });

  it('refuses to start beside a run that holds the lock', async () => {
    const { takeRunLock } = await import('../../src/run/runLock.js');
    const { openState } = await import('../../state/openState.js');
    const state = openState(book.statePath);
    const lock = takeRunLock(state, 'a test standing in for cron');
    try {
      const refused = await cli('run');
      // Its own code, so cron alerting tells "try later" from broken credentials or failed records.
      expect(refused.status).toBe(75);
      expect(refused.stderr).toMatch(/another run holds the lock \(a test standing in for cron, pid \d+/);
    } finally {
      if ('held' in lock) lock.held.release();
      state.close();
    }
  });
});
