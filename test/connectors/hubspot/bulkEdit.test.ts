import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import type { Connector, PulledPage } from '../../../src/contracts/connector.js';
import { syncConnector } from '../../../src/sync/syncConnector.js';
import { useTempDir } from '../../support/tempDir.js';
import { expectStateMatchesPortal, log, open, openConnector, portalConfig, smallBook, startPortal } from './fixture.js';

const tempDir = useTempDir();
let emulator: HubSpotEmulator;
afterEach(async () => emulator?.close());

/** Counts how often each id reaches the engine, to prove "no duplicates", not just a converged state. */
function counting(connector: Connector): { connector: Connector; seen: Map<string, number> } {
  const seen = new Map<string, number>();
  const pull = connector.pull.bind(connector);
  return {
    seen,
    connector: Object.assign(Object.create(connector) as Connector, {
      async *pull(request: Parameters<Connector['pull']>[0]): AsyncIterable<PulledPage> {
        for await (const page of pull(request)) {
          for (const record of page.records) seen.set(record.id, (seen.get(record.id) ?? 0) + 1);
          yield page;
        }
      },
    }),
  };
}

describe('hubspot connector: past the 10,000-result search cap', () => {
  it('converges exactly after 12,000 edits that share one hs_lastmodifieddate: no loop, no loss, no duplicates', async () => {
    emulator = await startPortal({ book: smallBook(10) });
    const { store } = emulator;
    store.clock.pin('2025-02-01T00:00:00.000Z');
    const bulk = Array.from({ length: 12_000 }, (_, i) => store.create('companies', { name: `Bulk ${i}`, annualrevenue: '1' }).id);
    store.clock.unpin();
    const config = await portalConfig(tempDir(), emulator);
    const mapping = config.connectors[0]!.mapping;
    const state = open(config);
    const first = await openConnector(config);
    await syncConnector(state, first, mapping, log, { objects: ['accounts'] });
    expect(first.stats.byLabel['list companies']).toBe(Math.ceil(12_010 / 100));

    // A bulk import stamps every record with the same millisecond, after the last sync.
    store.clock.pin(Date.now());
    bulk.forEach((id, i) => store.update('companies', id, { annualrevenue: String(1000 + i) }));
    store.clock.unpin();

    const { connector, seen } = counting(await openConnector(config));
    const started = Date.now();
    const [outcome] = await syncConnector(state, connector, mapping, log, { objects: ['accounts'] });
    log.info('bulk increment', { ms: Date.now() - started });
    expect(outcome).toMatchObject({ pulled: 12_000, updated: 12_000, inserted: 0 });
    expect(seen.size).toBe(12_000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    // One sweep finds a full page on one stamp, 60 slice pages by id read it, one sweep finds nothing newer.
    expect((connector as unknown as { stats: { byLabel: Record<string, number> } }).stats.byLabel['search companies']).toBe(62);
    expect(expectStateMatchesPortal(state, emulator, mapping, ['accounts']).accounts).toBe(12_010);
    expect(state.db.prepare('SELECT arr FROM accounts WHERE crm_id = ?').get(bulk[11_999])).toEqual({ arr: 12_999 });
    state.close();
  }, 120_000);
});
