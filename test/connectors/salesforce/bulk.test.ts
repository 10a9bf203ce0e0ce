import { startSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { readCursor } from '../../../state/cursors.js';
import type { State } from '../../../state/openState.js';
import { useTempDir } from '../../support/tempDir.js';
import { clientCredentialsConnection, smallBook } from '../../emulators/salesforce/fixture.js';
import { callsTo, expectStateMatchesOrg, open, orgConfig, sync } from './fixture.js';

const CREATE_JOB = 'POST /services/data/:version/jobs/query';
const RESULTS = 'GET /services/data/:version/jobs/query/:id/results';

describe('salesforce connector: Bulk API 2.0 backfills', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let state: State | undefined;
  afterEach(async () => {
    state?.close();
    state = undefined;
    await emulator.close();
  });

  it('backfills objects above bulkThreshold through Bulk 2.0, paging the results itself, and equals the org', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(1500) });
    emulator.store.delete('Account', emulator.store.idOf('Account', 9));
    const config = await orgConfig(dir(), emulator, { bulkThreshold: 1000 });
    state = open(config);
    const result = await sync(state, config, { bulkPageSize: 700 });
    expect(result.ok).toBe(true);
    expectStateMatchesOrg(state, emulator, config.connectors[0]!.mapping);
    // Accounts, opportunities and cases go through Bulk (1499, 2998 and 2998 live records, deleted rows too);
    // the four users do not.
    expect(emulator.callCounts()[CREATE_JOB]).toBe(3);
    expect(emulator.callCounts()[RESULTS]).toBe(Math.ceil(1500 / 700) + Math.ceil(3000 / 700) * 2);
    // After each job, one REST query reads what changed meanwhile (here: the newest instant only).
    expect(callsTo(emulator, '/queryAll/')).toBe(0);
    expect(result.results[0]!.outcomes.find((o) => o.object === 'accounts')).toMatchObject({ inserted: 1499, deleted: 0 });
    expect(readCursor(state, 'org', 'accounts')).toEqual({ after: { modstamp: expect.any(String), id: emulator.store.idOf('Account', 9) } });
  });

  it('a backfill killed inside a Bulk job resumes from the saved locator of the same job, and picks up changes made meanwhile', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(1500) });
    const config = await orgConfig(dir(), emulator, { bulkThreshold: 1000 });
    state = open(config);
    const controller = new AbortController();
    let pages = 0;
    await sync(state, config, { bulkPageSize: 400 }, {
      objects: ['accounts'],
      signal: controller.signal,
      onPage: () => {
        if (++pages === 2) controller.abort();
      },
    });
    const saved = readCursor(state, 'org', 'accounts') as { after: null; bulk: { jobId: string; locator: string } };
    expect(saved).toEqual({ after: null, bulk: { jobId: expect.stringMatching(/^750/), locator: expect.any(String), before: expect.any(String) } });
    expect(state.db.prepare('SELECT COUNT(*) AS n FROM accounts').get()).toEqual({ n: 800 });

    emulator.store.update('Account', emulator.store.idOf('Account', 0), { Name: 'Changed during the backfill' });
    emulator.store.delete('Account', emulator.store.idOf('Account', 1200));
    emulator.resetCallCounts();
    const rest = await sync(state, config, { bulkPageSize: 400 }, { objects: ['accounts'] });
    expect(rest.ok).toBe(true);
    expect(emulator.callCounts()[CREATE_JOB]).toBeUndefined();
    expect(emulator.callCounts()[RESULTS]).toBe(2);
    expectStateMatchesOrg(state, emulator, config.connectors[0]!.mapping, ['accounts']);
    expect(readCursor(state, 'org', 'accounts')).not.toHaveProperty('bulk');
  });

  it('reads through REST when the interrupted job is gone', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(1500) });
    const config = await orgConfig(dir(), emulator, { bulkThreshold: 1000 });
    state = open(config);
    const controller = new AbortController();
    await sync(state, config, { bulkPageSize: 400 }, { objects: ['accounts'], signal: controller.signal, onPage: () => controller.abort() });
    const { bulk } = readCursor(state, 'org', 'accounts') as { bulk: { jobId: string } };
    const admin = await clientCredentialsConnection(emulator);
    await admin.request({ method: 'DELETE', url: `/services/data/v62.0/jobs/query/${bulk.jobId}` });

    emulator.resetCallCounts();
    const rest = await sync(state, config, { bulkPageSize: 400, pageSize: 2000 }, { objects: ['accounts'] });
    expect(rest.ok).toBe(true);
    expect(emulator.callCounts()[RESULTS]).toBeUndefined();
    expectStateMatchesOrg(state, emulator, config.connectors[0]!.mapping, ['accounts']);
  });

  it('an increment larger than bulkThreshold switches to Bulk after its first REST page', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(1500) });
    const config = await orgConfig(dir(), emulator, { bulkThreshold: 5000 });
    state = open(config);
    await sync(state, config, {}, { objects: ['accounts'] });
    expect(emulator.callCounts()[CREATE_JOB]).toBeUndefined();
    for (let i = 0; i < 1400; i++) emulator.store.update('Account', emulator.store.idOf('Account', i), { NPS__c: 50 });

    const lower = await orgConfig(dir(), emulator, { bulkThreshold: 1000 });
    emulator.resetCallCounts();
    const result = await sync(state, lower, { pageSize: 200, bulkPageSize: 1000 }, { objects: ['accounts'] });
    expect(result.results[0]!.outcomes[0]).toMatchObject({ pulled: 1400, updated: 1400 });
    expect(emulator.callCounts()[CREATE_JOB]).toBe(1);
    expectStateMatchesOrg(state, emulator, lower.connectors[0]!.mapping, ['accounts']);
  });
});
