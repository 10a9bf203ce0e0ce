import type { HubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import type { FieldUpdate } from '../../../src/contracts/connector.js';
import { scoreFieldSpecs } from '../../../src/writeback/scoreFieldSpecs.js';
import { useTempDir } from '../../support/tempDir.js';
import { expectStateMatchesPortal, open, openConnector, portalConfig, smallBook, startPortal, sync } from './fixture.js';

const tempDir = useTempDir();
let emulator: HubSpotEmulator;
afterEach(async () => emulator?.close());

/** A run's worth of work: sync everything, set up fields, write every score, sync again. */
async function burst(config: Awaited<ReturnType<typeof portalConfig>>) {
  const state = open(config);
  const first = await sync(state, config);
  const connector = await openConnector(config);
  await connector.ensureFields(scoreFieldSpecs(config.connectors[0]!.mapping));
  const updates = emulator.store.table('companies').records.map((r, i): FieldUpdate => ({ object: 'companies', id: r.id, values: { vitals_health_score: i % 100 } }));
  const written = await Promise.all([connector.writeFields(updates.slice(0, 50)), connector.writeFields(updates.slice(50))]);
  const second = await sync(state, config);
  return { state, first, second, connector, written: written.flat() };
}

describe('hubspot connector: rate limits', () => {
  it('a burst of work under a low 10-second limit (50 on both sides) finishes without failure and without 429s', async () => {
    emulator = await startPortal({ book: smallBook(150), requestsPer10s: 50, searchPerSecond: 2 });
    const config = await portalConfig(tempDir(), emulator, { limits: { requestsPer10s: 50, searchPerSecond: 2 } });
    const { state, first, second, connector, written } = await burst(config);
    expect(first.ok && second.ok).toBe(true);
    expect(written.every((r) => r.ok)).toBe(true);
    const rateLimited = first.connector.stats.rateLimited + second.connector.stats.rateLimited + connector.stats.rateLimited;
    process.stderr.write(`429s with both sides at 50: ${rateLimited}, calls ${emulator.totalCalls()}\n`);
    expect(rateLimited).toBe(0);
    expectStateMatchesPortal(state, emulator, config.connectors[0]!.mapping);
    state.close();
  }, 120_000);

  it('slows down on X-HubSpot-RateLimit-Remaining when the portal allows less than configured', async () => {
    emulator = await startPortal({ book: smallBook(150), requestsPer10s: 50, searchPerSecond: 500 });
    const config = await portalConfig(tempDir(), emulator, { limits: { requestsPer10s: 190 } });
    const { first, second, connector, written } = await burst(config);
    expect(first.ok && second.ok).toBe(true);
    expect(written.every((r) => r.ok)).toBe(true);
    const rateLimited = first.connector.stats.rateLimited + second.connector.stats.rateLimited + connector.stats.rateLimited;
    process.stderr.write(`429s with headers only: ${rateLimited}, calls ${emulator.totalCalls()}\n`);
    expect(rateLimited).toBeLessThanOrEqual(1);
  }, 120_000);

  it('honours 429s with backoff when another app has used up the window: the run waits and converges', async () => {
    emulator = await startPortal({ book: smallBook(20), requestsPer10s: 30 });
    const config = await portalConfig(tempDir(), emulator, { limits: { requestsPer10s: 30 } });
    // Another integration in the same portal spends the whole 10-second window first.
    for (let i = 0; i < 30; i++) await fetch(`${emulator.url}/crm/v3/owners`, { headers: { authorization: `Bearer ${emulator.accessToken}` } });
    const state = open(config);
    const result = await sync(state, config, { tuning: { retry: { baseDelayMs: 200, maxDelayMs: 4_000, attempts: 8 } } });
    expect(result.ok).toBe(true);
    expect(result.connector.stats.rateLimited).toBeGreaterThan(0);
    expectStateMatchesPortal(state, emulator, config.connectors[0]!.mapping);
    state.close();
  }, 60_000);

  it('recovers from 5xx replies and dropped connections with backoff: the run still converges', async () => {
    emulator = await startPortal({ book: smallBook(80), rateLimitPolicyName: 'TEN_SECONDLY_ROLLING' });
    const config = await portalConfig(tempDir(), emulator);
    emulator.setFaults({ serverErrorRate: 0.15, connectionResetRate: 0.1 }, 3);
    const state = open(config);
    const result = await sync(state, config);
    expect(result.ok).toBe(true);
    emulator.setFaults({ serverErrorRate: 0, connectionResetRate: 0 });
    expectStateMatchesPortal(state, emulator, config.connectors[0]!.mapping);
    expect(result.connector.stats.retried).toBeGreaterThan(0);
    state.close();
  });

});
