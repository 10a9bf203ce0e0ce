import { startSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { ExitCode, exitCodeFor } from '../../../src/model/errors.js';
import type { State } from '../../../state/openState.js';
import { useTempDir } from '../../support/tempDir.js';
import { smallBook } from '../../emulators/salesforce/fixture.js';
import { callsTo, expectStateMatchesOrg, open, opener, orgConfig, sync, type AuthFlow } from './fixture.js';

describe('salesforce connector: logins and expiring sessions', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let state: State | undefined;
  afterEach(async () => {
    state?.close();
    state = undefined;
    await emulator.close();
  });

  it.each<AuthFlow>(['client-credentials', 'password', 'refresh-token'])('survives a session expiring mid-pull with %s (re-authenticates once per expiry)', async (flow) => {
    emulator = await startSalesforceEmulator({ book: smallBook(300) });
    const config = await orgConfig(dir(), emulator, { flow });
    state = open(config);
    emulator.setFaults({ sessionExpiryEvery: 3 });
    const result = await sync(state, config, { pageSize: 200 });
    expect(result.ok).toBe(true);
    expectStateMatchesOrg(state, emulator, config.connectors[0]!.mapping);
    const queries = callsTo(emulator, '/query');
    // A token serves three calls, so the org issued one login plus one token per expiry.
    expect(callsTo(emulator, '/oauth2/token')).toBeGreaterThanOrEqual(Math.floor(queries / 3));
    // Refused (401) requests are not charged by the org, and the replays are: both sides agree.
    expect(result.results[0]!.apiCalls).toBe(emulator.apiUsage().used);
  });

  it('retries a token endpoint that fails for a moment (503, reset)', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(5) });
    const config = await orgConfig(dir(), emulator, { flow: 'password' });
    state = open(config);
    emulator.setFaults({ failNext: 2 });
    expect((await sync(state, config)).ok).toBe(true);
    expect(callsTo(emulator, '/oauth2/token')).toBe(3);
  });

  it('stops with a clear fatal error when re-authenticating fails mid-run (the refresh token was revoked)', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(300) });
    const config = await orgConfig(dir(), emulator, { flow: 'refresh-token' });
    const connector = await opener({ pageSize: 200 })(config.connectors[0]!);
    expect((await connector.check()).ok).toBe(true);
    await fetch(`${emulator.url}/services/oauth2/revoke`, { method: 'POST', body: new URLSearchParams({ token: emulator.credentials.refreshToken }) });
    emulator.expireSessions();
    const pages = connector.pull({ object: 'accounts', source: 'Account', fields: ['Name'], associations: [], since: null });
    const error = await (async () => {
      try {
        for await (const _page of pages) throw new Error('expected no page');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected the pull to fail');
    })();
    expect(error.message).toMatch(/session expired and re-authenticating failed: .*expired access\/refresh token/);
    expect(exitCodeFor(error)).toBe(ExitCode.fatal);
    await connector.close();
  });

  it('does not loop when even a fresh session is refused', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(5), tokenTtlSeconds: 0 });
    const config = await orgConfig(dir(), emulator);
    state = open(config);
    const result = await sync(state, config);
    expect(result.results[0]!.stopped?.message).toMatch(/refused a freshly re-authenticated session/);
    // Login, then one re-authentication for the first call: nothing more.
    expect(callsTo(emulator, '/oauth2/token')).toBe(2);
  });

});
