import { orgData } from '../../../emulators/salesforce/kit.js';
import { startSalesforceEmulator, type SalesforceEmulator, type SalesforceEmulatorOptions } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import type { SalesforceTuning } from '../../../connectors/salesforce/pullContext.js';
import type { CanonicalObject, Connector } from '../../../src/contracts/connector.js';
import { useTempDir } from '../../support/tempDir.js';
import { smallBook } from '../../emulators/salesforce/fixture.js';
import { opener, orgConfig } from './fixture.js';

const QUERY = 'GET /services/data/:version/query';
const QUERY_MORE = 'GET /services/data/:version/query/:locator';
const CREATE_JOB = 'POST /services/data/:version/jobs/query';
const RESULTS = 'GET /services/data/:version/jobs/query/:id/results';
const DELETE_JOB = 'DELETE /services/data/:version/jobs/query/:id';

describe('salesforce connector: listIds', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let connector: Connector;
  afterEach(async () => {
    await connector.close();
    await emulator.close();
  });

  async function setUp(accounts: number, org: Partial<SalesforceEmulatorOptions> = {}, tuning: SalesforceTuning = {}, bulkThreshold?: number) {
    emulator = await startSalesforceEmulator({ book: smallBook(accounts), ...org });
    const config = await orgConfig(dir(), emulator, bulkThreshold ? { bulkThreshold } : {});
    connector = await opener(tuning)(config.connectors[0]!);
  }

  async function pages(object: CanonicalObject, source: string, signal?: AbortSignal): Promise<string[][]> {
    const out: string[][] = [];
    for await (const page of connector.listIds!({ object, source, ...(signal ? { signal } : {}) })) out.push(page);
    return out;
  }

  /** Ids of the records the org holds outside the recycle bin. */
  const live = (object: CanonicalObject, source: string) =>
    orgData(emulator)
      .records(object, source, [])
      .filter((r) => !r.deleted)
      .map((r) => r.record.id)
      .sort();

  it('names its delete retention: the recycle bin keeps records 15 days', async () => {
    await setUp(1);
    expect(connector.deleteRetentionDays).toBe(15);
  });

  it('lists exactly the live ids through query (never queryAll), in ceil(n / page) calls and no COUNT()', async () => {
    await setUp(500, { maxQueryBatch: 150 });
    // One account to the recycle bin: it and its opportunities and cases are no longer live.
    emulator.store.delete('Account', emulator.store.idOf('Account', 7));
    emulator.store.delete('Opportunity', emulator.store.idOf('Opportunity', 20));
    const soql: string[] = [];
    emulator.onRequest((endpoint, _total, request) => {
      if (endpoint === QUERY) soql.push(request.query.get('q') ?? '');
    });

    const accounts = await pages('accounts', 'Account');
    expect(accounts.flat().sort()).toEqual(orgData(emulator).accountIds().sort());
    expect(accounts.flat()).toHaveLength(499);
    expect(accounts.map((p) => p.length)).toEqual([150, 150, 150, 49]);
    expect(emulator.callCounts()[QUERY]).toBe(1);
    expect(emulator.callCounts()[QUERY_MORE]).toBe(3);
    expect(soql).toEqual(['SELECT Id, SystemModstamp FROM Account ORDER BY SystemModstamp ASC, Id ASC']);
    expect(Object.keys(emulator.callCounts()).filter((e) => e.includes('queryAll'))).toEqual([]);

    const opportunities = (await pages('opportunities', 'Opportunity')).flat().sort();
    expect(opportunities).toEqual(live('opportunities', 'Opportunity'));
    expect(opportunities).toHaveLength(1000 - 2 - 1);
    // Every call went through the connector's budget: /limits once, then the queries.
    expect(connector.budget().callsThisRun).toBe(1 + 4 + Math.ceil(997 / 150));
  });

  it('lists every user, inactive ones too, as the owners pull reads them', async () => {
    await setUp(3);
    const owners = (await pages('owners', 'User')).flat().sort();
    expect(owners).toEqual(live('owners', 'User'));
    expect(owners).toContain(emulator.store.idOf('User', 2)); // Alan Turing, inactive
    expect(emulator.callCounts()[QUERY]).toBe(1);
  });

  it('hands off to Bulk API 2.0 when the first page says more than bulkThreshold remain, as the pull does', async () => {
    await setUp(1500, {}, { pageSize: 200, bulkPageSize: 400 }, 1000);
    emulator.store.delete('Account', emulator.store.idOf('Account', 9));
    const accounts = await pages('accounts', 'Account');
    const ids = accounts.flat();
    expect(ids.sort()).toEqual(orgData(emulator).accountIds().sort());
    expect(new Set(ids).size).toBe(1499);
    expect(emulator.callCounts()[CREATE_JOB]).toBe(1);
    expect(emulator.callCounts()[RESULTS]).toBe(Math.ceil((1499 - 200) / 400));
    expect(emulator.callCounts()[DELETE_JOB]).toBe(1);
    // The first REST page, the newest stamp that bounds the job, and the REST tail after it.
    expect(emulator.callCounts()[QUERY]).toBe(3);
    expect(Object.keys(emulator.callCounts()).filter((e) => e.includes('queryAll'))).toEqual([]);
  });

  it('stops between pages once the signal fires', async () => {
    await setUp(500, { maxQueryBatch: 100 });
    const controller = new AbortController();
    const seen: string[][] = [];
    for await (const page of connector.listIds!({ object: 'accounts', source: 'Account', signal: controller.signal })) {
      seen.push(page);
      controller.abort();
    }
    expect(seen.map((p) => p.length)).toEqual([100]);
    expect(await pages('accounts', 'Account', AbortSignal.abort())).toEqual([]);
    // At most the page read ahead while the first one was handed over (in flight, dropped unread);
    // nothing after it. Closing waits for that call to settle.
    await connector.close();
    expect(emulator.callCounts()[QUERY]).toBe(1);
    expect(emulator.callCounts()[QUERY_MORE] ?? 0).toBeLessThanOrEqual(1);
  });
});
