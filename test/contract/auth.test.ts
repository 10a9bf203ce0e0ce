import { generateBook } from '../../emulators/book/generateBook.js';
import { openConnector } from '../../src/cli/connectorsFor.js';
import { createLogger } from '../../src/log/logger.js';
import { ExitCode, exitCodeFor } from '../../src/model/errors.js';
import { runSync } from '../../src/sync/runSync.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { callsTo, orgPerTest } from './orgHarness.js';

const book = () => generateBook({ accounts: 120, seed: 7, asOf: '2025-03-01T00:00:00.000Z' });
/** OAuth token grants: Salesforce `/services/oauth2/token`, HubSpot `/oauth/v1/token`. */
const TOKEN_GRANT = /oauth2?\/(v1\/)?token/;

describe.each(EMULATED_CRMS)('the %s connector logs in', (crm) => {
  const orgs = orgPerTest();

  it('refreshes an access token that expires mid-pull and goes on where it was', async () => {
    const org = await orgs.start(crm, book(), { auth: 'refresh-token', smallPages: true });
    let pages = 0;
    const result = await org.sync({ onPage: () => void (++pages === 2 && org.emulator.expireSessions()) });
    expect(result.ok).toBe(true);
    expect(org.emulator.outcomeCounts()['401']).toBeGreaterThan(0);
    // The first log-in, and a refresh after the expiry.
    expect(callsTo(org.emulator, TOKEN_GRANT)).toBeGreaterThanOrEqual(2);
    org.expectStateMatchesCrm();
  });

  it('check() reports refused credentials as a problem naming the setting, and a sync stops with a fatal error', async () => {
    const org = await orgs.start(crm, book());
    const entry = org.config.connectors[0]!;
    const good = await org.open();
    expect(await good.check()).toMatchObject({ ok: true, problems: [] });
    await good.close();

    // The config's secret, wrong: what a person sees after a rotated credential.
    const options = entry.options as { auth: Record<string, string> };
    const secretSetting = Object.keys(options.auth).find((k) => /secret|token/i.test(k))!;
    const bad = { ...entry, options: { ...options, auth: { ...options.auth, [secretSetting]: 'wrong' } } };
    const connector = await openConnector(bad);
    const check = await connector.check();
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toContain(`auth.${secretSetting}`);
    await connector.close();

    const refused = await runSync(org.state, [bad], openConnector, createLogger('contract'), { kind: 'sync' });
    expect(refused.ok).toBe(false);
    expect(exitCodeFor(refused.results[0]!.stopped?.error)).toBe(ExitCode.fatal);
  });
});
