import { dealStageFor } from '../../../emulators/hubspot/bookPipeline.js';
import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import { useTempDir } from '../../support/tempDir.js';
import { rereadText } from '../../../src/sync/pullObject.js';
import { callsTo, expectStateMatchesPortal, open, portalConfig, smallBook, startPortal, sync } from './fixture.js';

const tempDir = useTempDir();
let emulator: HubSpotEmulator;
afterEach(async () => emulator?.close());

const pulled = (result: Awaited<ReturnType<typeof sync>>) => Object.fromEntries(result.results[0]!.outcomes.map((o) => [o.object, o]));

describe('hubspot connector: pull (SDK against the emulator, SQLite state)', () => {
  it('a full pull equals the portal exactly, at the minimum of list calls; a no-change run costs a few calls and changes nothing', async () => {
    const book = smallBook(120);
    emulator = await startPortal({ book });
    const config = await portalConfig(tempDir(), emulator);
    const state = open(config);

    const full = await sync(state, config);
    expect(full.ok).toBe(true);
    const counts = expectStateMatchesPortal(state, emulator, config.connectors[0]!.mapping);
    expect(counts).toEqual({ accounts: 120, opportunities: book.opportunities.length, tickets: book.tickets.length, owners: book.users.length });
    // Deals and tickets arrive with their primary company; owners include deactivated ones as inactive.
    expect(state.db.prepare('SELECT COUNT(*) AS n FROM opportunities WHERE account_id IS NULL').get()).toEqual({ n: 0 });
    expect(state.db.prepare('SELECT COUNT(*) AS n FROM owners WHERE is_active = 0').get()).toEqual({ n: book.users.filter((u) => !u.isActive).length });

    const by = full.connector.stats.byLabel;
    expect(by['list companies']).toBe(Math.ceil(120 / 100));
    expect(by['list deals']).toBe(Math.ceil(book.opportunities.length / 100));
    expect(by['list tickets']).toBe(Math.ceil(book.tickets.length / 100));
    expect(callsTo(emulator, 'associations')).toBe(0);

    emulator.resetCallCounts();
    const again = await sync(state, config);
    expect(again.ok).toBe(true);
    for (const outcome of again.results[0]!.outcomes) expect({ object: outcome.object, inserted: outcome.inserted, updated: outcome.updated, deleted: outcome.deleted }).toEqual({ object: outcome.object, inserted: 0, updated: 0, deleted: 0 });
    // Per object one search and one archived scan; tickets read the pipelines once; owners active + archived.
    expect(again.connector.stats.byLabel).toEqual({
      'search companies': 1,
      'list archived companies': 1,
      'search deals': 1,
      'list archived deals': 1,
      'pipelines tickets': 1,
      'search tickets': 1,
      'list archived tickets': 1,
      owners: 1,
      'owners (archived)': 1,
    });
    expect(emulator.totalCalls()).toBe(9);
    state.close();
  });

  it('brings edits, creations and deletes made by people into the state', async () => {
    emulator = await startPortal();
    const config = await portalConfig(tempDir(), emulator);
    const state = open(config);
    await sync(state, config);
    const { store } = emulator;
    const [c1, c2, c3] = store.table('companies').records;
    const [d1, d2] = store.table('deals').records;
    const t1 = store.table('tickets').records.find((t) => store.view('tickets', t.id)?.properties.hs_pipeline_stage !== '4');
    const t2 = store.table('tickets').records.find((t) => t !== t1);
    store.update('companies', c1!.id, { name: 'Renamed Ltd', annualrevenue: '123456.5' });
    store.update('deals', d1!.id, { dealstage: dealStageFor({ stage: 'Closed Lost', isClosed: true, isWon: false, probability: 0 }) });
    store.update('tickets', t1!.id, { hs_pipeline_stage: '4' });
    const created = store.create('tickets', { subject: 'New one', hs_pipeline_stage: '1', hs_ticket_priority: 'HIGH' }, [
      { to: { id: c3!.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 26 }] },
    ]);
    // A deal with two companies, the primary one not the first by id: the primary is its account.
    const [c4, c5] = store.table('companies').records.slice(3, 5);
    const shared = store.create('deals', { dealname: 'Shared', dealstage: 'appointmentscheduled', dealtype: 'renewal' }, [
      { to: { id: c4!.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 341 }] },
      { to: { id: c5!.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] },
    ]);
    store.archive('companies', c2!.id);
    store.archive('deals', d2!.id);
    store.archive('tickets', t2!.id);

    const result = await sync(state, config);
    expect(result.ok).toBe(true);
    expectStateMatchesPortal(state, emulator, config.connectors[0]!.mapping);
    const outcomes = pulled(result);
    expect(outcomes.accounts).toMatchObject({ updated: 1, deleted: 1 });
    expect(outcomes.opportunities).toMatchObject({ inserted: 1, updated: 1, deleted: 1 });
    expect(state.db.prepare('SELECT account_id, type FROM opportunities WHERE crm_id = ?').get(shared.id)).toEqual({ account_id: c5!.id, type: 'renewal' });
    expect(outcomes.tickets).toMatchObject({ inserted: 1, updated: 1, deleted: 1 });
    expect(state.db.prepare('SELECT account_id, is_closed, priority FROM tickets WHERE crm_id = ?').get(created.id)).toEqual({ account_id: c3!.id, is_closed: 0, priority: 'high' });
    expect(state.db.prepare('SELECT is_closed FROM tickets WHERE crm_id = ?').get(t1!.id)).toEqual({ is_closed: 1 });
    state.close();

    // The same portal pulled from scratch (list endpoints, inline associations) agrees.
    const fresh = await portalConfig(tempDir(), emulator);
    fresh.statePath = `${fresh.statePath}.fresh`;
    const freshState = open(fresh);
    expect((await sync(freshState, fresh)).ok).toBe(true);
    expectStateMatchesPortal(freshState, emulator, fresh.connectors[0]!.mapping);
    expect(freshState.db.prepare('SELECT account_id FROM opportunities WHERE crm_id = ?').get(shared.id)).toEqual({ account_id: c5!.id });
    freshState.close();
  });

  it('keeps a lookback for search lag: a change search did not show yet arrives on the next run', async () => {
    emulator = await startPortal({ searchIndexLagMs: 1_500 });
    const config = await portalConfig(tempDir(), emulator);
    const state = open(config);
    await sync(state, config);
    const company = emulator.store.table('companies').records[0]!;
    emulator.store.update('companies', company.id, { name: 'Lagging Inc' });

    const blind = await sync(state, config);
    expect(pulled(blind).accounts).toMatchObject({ updated: 0 });
    await new Promise((r) => setTimeout(r, 1_600));
    const seen = await sync(state, config);
    expect(pulled(seen).accounts).toMatchObject({ updated: 1 });
    expect(state.db.prepare('SELECT name FROM accounts WHERE crm_id = ?').get(company.id)).toEqual({ name: 'Lagging Inc' });
    // The next run reads it again (it is inside the lookback) and says why, not as a change.
    const again = await sync(state, config);
    expect(pulled(again).accounts).toMatchObject({ updated: 0, unchanged: 1, reread: { records: 1, why: 'HubSpot search lags writes by up to 5 min' } });
    expect(rereadText(Object.values(pulled(again)))).toBe('1 re-read: HubSpot search lags writes by up to 5 min');
    state.close();
  });
});
