import { generateBook } from '../../../emulators/book/generateBook.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { recentRuns } from '../../../state/runs.js';
import type { State } from '../../../state/openState.js';
import { useTempDir } from '../../support/tempDir.js';
import { smallBook } from '../../emulators/salesforce/fixture.js';
import { callsTo, expectStateMatchesOrg, open, opener, orgConfig, sync } from './fixture.js';

describe('salesforce connector: pulls through jsforce into the state', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let state: State | undefined;
  afterEach(async () => {
    state?.close();
    state = undefined;
    await emulator.close();
  });

  it('calls: per object one COUNT() to choose REST or Bulk and ceil(n/2000) query pages, /limits once; a no-change run one query per object', async () => {
    emulator = await startSalesforceEmulator({ book: generateBook({ accounts: 300, seed: 7, asOf: '2025-03-01T00:00:00.000Z' }) });
    const config = await orgConfig(dir(), emulator);
    state = open(config);
    const result = await sync(state, config);
    expect(result.ok).toBe(true);
    const counts = expectStateMatchesOrg(state, emulator, config.connectors[0]!.mapping);
    expect(counts.tickets).toBeGreaterThan(2000);
    const pages = Object.values(counts).reduce((n, c) => n + Math.max(1, Math.ceil(c / 2000)), 0);
    expect(callsTo(emulator, '/query')).toBe(pages + 4);
    expect(result.results[0]!.apiCalls).toBe(pages + 4 + 1);

    emulator.resetCallCounts();
    const idle = await sync(state, config);
    expect(idle.results[0]!.outcomes.every((o) => o.pulled === 0 && o.pages === 0)).toBe(true);
    expect(callsTo(emulator, '/query')).toBe(4);
    expect(idle.results[0]!.apiCalls).toBe(5); // + /limits
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
    const { recordOwnWrites } = await import('../../../state/upsertPage.js');
    recordOwnWrites(state, 'org', [{ crmId: id, outputs: { health_score: 42, health_band: 'yellow', churn_risk: 37.5, scored_at: '2025-03-01T06:00:00.000Z' } }]);
    const next = await sync(state, config);
    expect(next.results[0]!.outcomes.find((o) => o.object === 'accounts')).toMatchObject({ pulled: 1, unchanged: 1, updated: 0 });
  });
});
