import { startSalesforceEmulator, type SalesforceEmulator } from '../../emulators/salesforce/startSalesforceEmulator.js';
import { generateBook } from '../../emulators/book/generateBook.js';
import { openConnector } from '../../src/cli/connectorsFor.js';
import { runSync } from '../../src/sync/runSync.js';
import { readCursor } from '../../state/cursors.js';
import { recentRuns } from '../../state/runs.js';
import type { State } from '../../state/openState.js';
import { useTempDir } from '../support/tempDir.js';
import { smallBook } from './salesforceEmulatorFixture.js';
import { callsTo, expectStateMatchesOrg, log, open, opener, orgConfig, sync } from './salesforceConnectorFixture.js';

const AS_OF = '2025-03-01T00:00:00.000Z';

describe('salesforce connector: pulls through jsforce into the state', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let state: State | undefined;
  afterEach(async () => {
    state?.close();
    state = undefined;
    await emulator.close();
  });

  it('a full pull of a multi-page org equals the org exactly, with ceil(n/2000) query pages per object', async () => {
    emulator = await startSalesforceEmulator({ book: generateBook({ accounts: 300, seed: 7, asOf: AS_OF }) });
    const config = await orgConfig(dir(), emulator);
    state = open(config);
    const result = await runSync(state, config.connectors, openConnector, log, { kind: 'sync' });
    expect(result.ok).toBe(true);
    const counts = expectStateMatchesOrg(state, emulator, config.connectors[0]!.mapping);
    expect(counts.tickets).toBeGreaterThan(2000);
    const pages = Object.values(counts).reduce((n, c) => n + Math.max(1, Math.ceil(c / 2000)), 0);
    // Per object: one COUNT() to choose REST or Bulk, then the pages; plus /limits once.
    expect(callsTo(emulator, '/query')).toBe(pages + 4);
    expect(result.results[0]!.apiCalls).toBe(pages + 4 + 1);
    const run = recentRuns(state, 1)[0]!;
    expect(run).toMatchObject({ kind: 'sync', status: 'ok', apiCalls: pages + 5 });
    expect(run.counts.pulled).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
  });

  it('an incremental pull after edits, inserts and deletes converges exactly; a no-change run costs one query per object', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(400) });
    const config = await orgConfig(dir(), emulator);
    const mapping = config.connectors[0]!.mapping;
    state = open(config);
    expect((await sync(state, config, { pageSize: 200 })).ok).toBe(true);
    expectStateMatchesOrg(state, emulator, mapping);

    const store = emulator.store;
    store.update('Account', store.idOf('Account', 3), { Name: 'Renamed', AnnualRevenue: 123456 });
    store.update('Opportunity', store.idOf('Opportunity', 10), { StageName: 'Closed Lost' });
    store.update('Case', store.idOf('Case', 5), { Status: 'Closed', CSAT__c: 2 });
    const inserted = store.insert('Account', { Name: 'Brand New', Segment__c: 'SMB' });
    store.insert('Case', { AccountId: inserted, Subject: 'First issue', Priority: 'High' });
    store.delete('Account', store.idOf('Account', 7)); // cascades to its opportunities and cases
    store.delete('Case', store.idOf('Case', 100));
    store.update('User', store.idOf('User', 1), { IsActive: false });

    emulator.resetCallCounts();
    const second = await sync(state, config, { pageSize: 200 });
    expect(second.ok).toBe(true);
    expectStateMatchesOrg(state, emulator, mapping);
    const pulled = second.results[0]!.outcomes;
    expect(pulled.find((o) => o.object === 'accounts')).toMatchObject({ inserted: 1, updated: 1, deleted: 1 });
    expect(pulled.find((o) => o.object === 'tickets')?.deleted).toBe(3);

    emulator.resetCallCounts();
    const idle = await sync(state, config, { pageSize: 200 });
    expect(idle.results[0]!.outcomes.every((o) => o.pulled === 0 && o.pages === 0)).toBe(true);
    expect(callsTo(emulator, '/query')).toBe(4);
    expect(idle.results[0]!.apiCalls).toBe(5); // + /limits
    expect(recentRuns(state, 1)[0]!.apiCalls).toBe(5);
  });

  it('a page boundary inside one SystemModstamp neither skips nor repeats a record (tie-break on Id)', async () => {
    const book = smallBook(900);
    // One instant for every account: a data load, as real orgs have after an import.
    for (const account of book.accounts) account.modifiedAt = '2025-01-15T10:00:00.000Z';
    emulator = await startSalesforceEmulator({ book });
    const config = await orgConfig(dir(), emulator);
    state = open(config);
    const controller = new AbortController();
    let pages = 0;
    await sync(state, config, { pageSize: 200 }, {
      objects: ['accounts'],
      signal: controller.signal,
      onPage: () => {
        if (++pages === 2) controller.abort();
      },
    });
    expect(state.db.prepare('SELECT COUNT(*) AS n FROM accounts').get()).toEqual({ n: 400 });
    expect(readCursor(state, 'org', 'accounts')).toEqual({ after: { modstamp: '2025-01-15T10:00:00.000Z', id: emulator.store.idOf('Account', 399) } });
    const rest = await sync(state, config, { pageSize: 200 }, { objects: ['accounts'] });
    expect(rest.results[0]!.outcomes[0]).toMatchObject({ pulled: 500, inserted: 500, updated: 0, unchanged: 0 });
    expect(state.db.prepare('SELECT COUNT(*) AS n FROM accounts').get()).toEqual({ n: 900 });
  });

  it('a pull killed mid-way (the org fails after some pages) resumes from the last committed page and converges', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(600) });
    const config = await orgConfig(dir(), emulator);
    state = open(config);
    // Every query-more page fails from the fourth on, past the retries: the run dies mid-object.
    let served = 0;
    const realCall = emulator.setFaults.bind(emulator);
    const first = await sync(state, config, { pageSize: 200, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }, {
      onPage: () => {
        if (++served === 4) realCall({ serverErrorRate: 1 });
      },
    });
    expect(first.ok).toBe(false);
    expect(first.results[0]!.stopped?.reason).toBe('error');
    expect(recentRuns(state, 1)[0]!.status).toBe('failed');
    const stored = (state.db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n;
    expect(stored).toBe(600);
    expect((state.db.prepare('SELECT COUNT(*) AS n FROM opportunities').get() as { n: number }).n).toBe(200);

    emulator.setFaults({ serverErrorRate: 0 });
    const second = await sync(state, config, { pageSize: 200 });
    expect(second.ok).toBe(true);
    const opportunities = second.results[0]!.outcomes.find((o) => o.object === 'opportunities')!;
    expect(opportunities).toMatchObject({ pulled: 1000, inserted: 1000, unchanged: 0 });
    expectStateMatchesOrg(state, emulator, config.connectors[0]!.mapping);
  });

  it('retries 503s and connection resets with its own policy only (jsforce retries are off) and converges', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(300) });
    const config = await orgConfig(dir(), emulator);
    state = open(config);
    emulator.setFaults({ serverErrorRate: 0.15, connectionResetRate: 0.1 }, 42);
    const result = await sync(state, config, { pageSize: 200, retry: { attempts: 8, baseDelayMs: 1, maxDelayMs: 5 } });
    expect(result.ok).toBe(true);
    expectStateMatchesOrg(state, emulator, config.connectors[0]!.mapping);
    const dataCalls = emulator.totalCalls() - callsTo(emulator, '/oauth2/token');
    expect(dataCalls).toBeGreaterThan(emulator.apiUsage().used); // some attempts failed
    expect(result.results[0]!.apiCalls).toBe(dataCalls); // every attempt is ours, counted once
  });

  it('records crm-vitals wrote itself come back unchanged: score fields are returned as the org holds them', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(30) });
    const config = await orgConfig(dir(), emulator);
    state = open(config);
    await sync(state, config);
    const connector = await opener()(config.connectors[0]!);
    const id = emulator.store.idOf('Account', 4);
    const values = { Health_Score__c: 42, Health_Band__c: 'yellow', Churn_Risk__c: 37.5, Health_Scored_At__c: '2025-03-01T06:00:00.000Z' };
    expect(await connector.writeFields([{ object: 'Account', id, values }])).toEqual([{ ok: true, id, key: id }]);
    await connector.close();
    const { recordOwnWrites } = await import('../../state/upsertPage.js');
    recordOwnWrites(state, 'org', [{ crmId: id, outputs: { health_score: 42, health_band: 'yellow', churn_risk: 37.5, scored_at: '2025-03-01T06:00:00.000Z' } }]);
    const next = await sync(state, config);
    expect(next.results[0]!.outcomes.find((o) => o.object === 'accounts')).toMatchObject({ pulled: 1, unchanged: 1, updated: 0 });
  });
});
