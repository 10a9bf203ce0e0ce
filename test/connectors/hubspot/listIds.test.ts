import type { HubSpotConnector } from '../../../connectors/hubspot/createHubSpotConnector.js';
import { portalData } from '../../../emulators/hubspot/kit.js';
import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import type { CanonicalObject } from '../../../src/contracts/connector.js';
import { useTempDir } from '../../support/tempDir.js';
import { openConnector, portalConfig, smallBook, startPortal } from './fixture.js';

const LIST = 'GET /crm/v3/objects/:objectType';
const OWNERS = 'GET /crm/v3/owners';

const tempDir = useTempDir();
let emulator: HubSpotEmulator;
let connector: HubSpotConnector;
afterEach(async () => {
  await connector?.close();
  await emulator?.close();
});

async function setUp(accounts: number) {
  emulator = await startPortal({ book: smallBook(accounts) });
  connector = await openConnector(await portalConfig(tempDir(), emulator));
}

async function pages(object: CanonicalObject, source: string, signal?: AbortSignal): Promise<string[][]> {
  const out: string[][] = [];
  for await (const page of connector.listIds!({ object, source, ...(signal ? { signal } : {}) })) out.push(page);
  return out;
}

describe('hubspot connector: listIds', () => {
  it('names its delete retention: archived records can be restored for 90 days', async () => {
    await setUp(1);
    expect(connector.deleteRetentionDays).toBe(90);
  });

  it('lists exactly the live ids, archived ones left out, 100 a call, asking for the id property only', async () => {
    await setUp(250);
    const companies = emulator.store.table('companies').records.map((r) => r.id);
    emulator.store.archive('companies', companies[3]!);
    emulator.store.archive('companies', companies[200]!);
    const queries: URLSearchParams[] = [];
    emulator.onRequest((endpoint, _total, request) => {
      if (endpoint === LIST) queries.push(request.query);
    });

    const listed = await pages('accounts', 'companies');
    expect(listed.flat().sort()).toEqual(portalData(emulator).accountIds().sort());
    expect(listed.map((p) => p.length)).toEqual([100, 100, 48]);
    expect(emulator.callCounts()[LIST]).toBe(Math.ceil(248 / 100));
    expect(queries.map((q) => [q.getAll('properties'), q.get('archived'), q.get('limit'), q.has('associations')])).toEqual(
      queries.map(() => [['hs_object_id'], 'false', '100', false]),
    );
    // Every call went through the connector's caller: counted, paced, budgeted.
    expect(connector.stats.byLabel['list ids companies']).toBe(3);
    expect(connector.budget().callsThisRun).toBe(3);

    const deals = (await pages('opportunities', 'deals')).flat().sort();
    const liveDeals = emulator.store.table('deals').records.filter((r) => !r.archived).map((r) => r.id).sort();
    expect(deals).toEqual(liveDeals);
  });

  it('lists owners from the owners API as the pull reads them: active and deactivated (archived) ones', async () => {
    await setUp(5);
    const owners = (await pages('owners', 'owners')).flat().sort();
    expect(owners).toEqual(portalData(emulator).records('owners', 'owners', []).map((r) => r.record.id).sort());
    expect(emulator.store.owners.some((o) => o.archived)).toBe(true);
    expect(emulator.callCounts()[OWNERS]).toBe(2); // one listing each, as the owners pull
  });

  it('stops between pages once the signal fires', async () => {
    await setUp(250);
    const controller = new AbortController();
    const seen: string[][] = [];
    for await (const page of connector.listIds!({ object: 'accounts', source: 'companies', signal: controller.signal })) {
      seen.push(page);
      controller.abort();
    }
    expect(seen.map((p) => p.length)).toEqual([100]);
    expect(emulator.callCounts()[LIST]).toBe(1);
    expect(await pages('owners', 'owners', AbortSignal.abort())).toEqual([]);
    expect(emulator.callCounts()[OWNERS]).toBeUndefined();
  });
});
