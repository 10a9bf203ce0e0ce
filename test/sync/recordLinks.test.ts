import { startSalesforceEmulator, type SalesforceEmulator } from '../../emulators/salesforce/startSalesforceEmulator.js';
import type { HubSpotEmulator } from '../../emulators/hubspot/startHubSpotEmulator.js';
import { generateBook } from '../../emulators/book/generateBook.js';
import { accountUrls } from '../../src/reporting/accountLinks.js';
import { linkTemplate } from '../../state/crmLinks.js';
import type { State } from '../../state/openState.js';
import { useTempDir } from '../support/tempDir.js';
import * as hubspot from '../connectors/hubspot/fixture.js';
import * as salesforce from '../connectors/salesforce/fixture.js';

/**
 * Reports and alerts are written offline, so a sync records where the CRM shows an account:
 * Salesforce's instance (told at login) and HubSpot's portal (from the account details).
 */
describe('links to CRM records, learned at sync', () => {
  const dir = useTempDir();
  let state: State | undefined;
  let sf: SalesforceEmulator | undefined;
  let hs: HubSpotEmulator | undefined;
  afterEach(async () => {
    state?.close();
    state = undefined;
    await sf?.close();
    await hs?.close();
    sf = hs = undefined;
  });

  it('Salesforce: the Lightning record page on the instance the login returned, at no extra API call', async () => {
    sf = await startSalesforceEmulator({ book: generateBook({ accounts: 20, seed: 3, asOf: '2025-03-01T00:00:00.000Z' }) });
    const config = await salesforce.orgConfig(dir(), sf);
    state = salesforce.open(config);
    const result = await salesforce.sync(state, config);
    expect(result.ok).toBe(true);
    expect(result.results[0]!.apiCalls).toBe(sf.apiUsage().used);
    expect(linkTemplate(state, 'org', 'Account')).toBe(`${sf.url}/lightning/r/Account/{id}/view`);
    expect(accountUrls(state, config)('org', '001000000000001AAA')).toBe(`${sf.url}/lightning/r/Account/001000000000001AAA/view`);
  });

  it('HubSpot: the company page of the token’s portal, asked once and not again on the next sync', async () => {
    hs = await hubspot.startPortal({ book: hubspot.smallBook(20), portalId: 7654321 });
    const config = await hubspot.portalConfig(dir(), hs);
    state = hubspot.open(config);
    const first = await hubspot.sync(state, config);
    expect(first.ok).toBe(true);
    expect(first.connector.stats.byLabel['account details']).toBe(1);
    expect(linkTemplate(state, 'portal', 'companies')).toBe('https://app.hubspot.com/contacts/7654321/company/{id}');
    const again = await hubspot.sync(state, config);
    expect(again.connector.stats.byLabel['account details']).toBeUndefined();
  });
});
