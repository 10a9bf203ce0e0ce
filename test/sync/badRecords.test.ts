import type { HubSpotEmulator } from '../../emulators/hubspot/startHubSpotEmulator.js';
import type { SalesforceEmulator } from '../../emulators/salesforce/startSalesforceEmulator.js';
import { Client } from '@hubspot/api-client';
import { statusReport } from '../../state/statusReport.js';
import { openState } from '../../state/openState.js';
import { startCrm, type CrmUnderTest } from '../support/convergence.js';

/**
 * Records that do not fit the mapping, planted in each emulated CRM the way a person or an admin
 * would put them there: each is quarantined with a reason naming the field, the rest of the book
 * is synced, scored and written, `status` lists them, and a fixed record leaves the quarantine.
 */
describe('records that do not fit: quarantined with reasons while the run completes', () => {
  let env: CrmUnderTest | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  const quarantine = (e: CrmUnderTest) => {
    const state = openState(e.config.statePath);
    try {
      return statusReport(state).quarantinedRecords.map((q) => ({ object: q.object, id: q.crmId, reason: q.reason })).sort((a, b) => a.id.localeCompare(b.id));
    } finally {
      state.close();
    }
  };

  it('Salesforce: an unknown picklist value, and a text value where the mapping expects a number', async () => {
    // This org keeps CSAT in a text field (Case.Description here): a person typed words into it.
    env = await startCrm('salesforce', { accounts: 40, connectorYaml: ['    mappingOverrides: { objects: { tickets: { fields: { csat: Description } } } }'] });
    const sf = (env.emulator.native as SalesforceEmulator).store;
    const [picklist, text] = sf.query('SELECT Id FROM Case ORDER BY Id LIMIT 2').map((r) => r.Id as string);
    sf.update('Case', picklist!, { Priority: 'Critical' });
    sf.update('Case', text!, { Description: 'four out of five' });

    const run = await env.run();
    expect(run.connectors[0]!.failures).toEqual(['sync: 2 records quarantined (see `vitals status`)']);
    // Every scored account is written: the bad cases cost nothing but themselves.
    expect(run.connectors[0]!.score!.summary!.accounts).toBeGreaterThan(20);
    expect(run.connectors[0]!.writeback!.writes!.written).toBe(run.connectors[0]!.score!.summary!.accounts);
    expect(quarantine(env)).toEqual([
      { object: 'tickets', id: picklist, reason: 'Priority: value "Critical" is not in the mapping\'s values.priority (known: Low, Medium, High, Urgent)' },
      { object: 'tickets', id: text, reason: 'Description: expected a number, got "four out of five"' },
    ].sort((a, b) => a.id!.localeCompare(b.id!)));

    // Fixed in the CRM: the next sync stores them and the quarantine empties.
    sf.update('Case', picklist!, { Priority: 'High' });
    sf.update('Case', text!, { Description: '4' });
    const fixed = await env.run();
    expect(fixed.ok).toBe(true);
    expect(quarantine(env)).toEqual([]);
  }, 60_000);

  it('HubSpot: a closed deal with no close date, a priority option added after the mapping was written, and words in a text CSAT property', async () => {
    env = await startCrm('hubspot', {
      accounts: 40,
      connectorYaml: ['    mappingOverrides: { objects: { tickets: { fields: { csat: csat_survey } } } }'],
    });
    // As an admin and a support agent would, through the API.
    const hubspot = new Client({ accessToken: env.env.HUBSPOT_TOKEN!, basePath: env.env.HUBSPOT_BASE_URL! });
    await hubspot.crm.properties.coreApi.create('tickets', { name: 'csat_survey', label: 'CSAT (survey)', type: 'string' as never, fieldType: 'text' as never, groupName: 'ticketinformation' });
    const priority = await hubspot.crm.properties.coreApi.getByName('tickets', 'hs_ticket_priority');
    await hubspot.crm.properties.coreApi.update('tickets', 'hs_ticket_priority', {
      options: [...priority.options.map(({ label, value, displayOrder, hidden }) => ({ label, value, displayOrder, hidden })), { label: 'Critical', value: 'CRITICAL', displayOrder: 9, hidden: false }],
    });
    // HubSpot stamps a close date when a deal closes; a person can clear it afterwards.
    const hs = env.emulator.native as HubSpotEmulator;
    const deal = hs.store.table('deals').records.find((r) => !r.archived && hs.store.view('deals', r.id)?.properties.hs_is_closed === 'true')!.id;
    const [critical, worded] = hs.store.table('tickets').records.filter((r) => !r.archived).slice(0, 2).map((r) => r.id);
    await hubspot.crm.deals.basicApi.update(deal, { properties: { closedate: '' } });
    await hubspot.crm.tickets.basicApi.update(critical!, { properties: { hs_ticket_priority: 'CRITICAL' } });
    await hubspot.crm.tickets.basicApi.update(worded!, { properties: { csat_survey: 'very happy' } });

    const run = await env.run();
    expect(run.connectors[0]!.failures).toEqual(['sync: 3 records quarantined (see `vitals status`)']);
    expect(run.connectors[0]!.score!.summary!.accounts).toBeGreaterThan(20);
    expect(run.connectors[0]!.writeback!.writes!.written).toBe(run.connectors[0]!.score!.summary!.accounts);
    expect(quarantine(env)).toEqual(
      [
        { object: 'opportunities', id: deal, reason: 'closedate: required for a closed opportunity, but empty' },
        { object: 'tickets', id: critical, reason: 'hs_ticket_priority: value "CRITICAL" is not in the mapping\'s values.priority (known: LOW, MEDIUM, HIGH, URGENT)' },
        { object: 'tickets', id: worded, reason: 'csat_survey: expected a number, got "very happy"' },
      ].sort((a, b) => a.id!.localeCompare(b.id!)),
    );

    await hubspot.crm.deals.basicApi.update(deal, { properties: { closedate: '2027-01-31' } });
    await hubspot.crm.tickets.basicApi.update(critical!, { properties: { hs_ticket_priority: 'HIGH' } });
    await hubspot.crm.tickets.basicApi.update(worded!, { properties: { csat_survey: '5' } });
    const fixed = await env.run();
    expect(fixed.ok).toBe(true);
    expect(quarantine(env)).toEqual([]);
  }, 60_000);
});
