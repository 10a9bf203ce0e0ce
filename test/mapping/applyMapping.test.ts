import { applyMapping, associationsToPull, fieldsToPull } from '../../src/mapping/applyMapping.js';
import { mappingSchema } from '../../src/mapping/mappingSchema.js';
import { parseYaml } from '../../src/config/yamlSource.js';
import { readFileSync } from 'node:fs';
import { packageFile } from '../../src/model/packagePaths.js';

const load = (crm: string) => mappingSchema.parse(parseYaml(readFileSync(packageFile('mappings', `${crm}.yaml`), 'utf8'), crm).value);
const sf = load('salesforce');
const hs = load('hubspot');

describe('applyMapping', () => {
  it('maps a Salesforce account, reading typed JSON, extras and the score fields the CRM holds', () => {
    const out = applyMapping('accounts', sf, {
      id: '001A',
      modifiedAt: '2026-11-20T10:00:00.000+0000',
      fields: { Name: 'Acme', OwnerId: '005X', Segment__c: 'Enterprise', AnnualRevenue: 120000, Renewal_Date__c: '2027-02-01', Website: 'https://www.acme.example/', LastActivityDate: '2026-11-02', CreatedDate: '2020-01-01T00:00:00.000+0000', Usage_Score__c: 71, NPS__c: null, Health_Score__c: 55, Health_Band__c: 'yellow' },
    });
    expect(out).toEqual({
      row: {
        crm_id: '001A', name: 'Acme', owner_id: '005X', segment: 'Enterprise', arr: 120000, currency: null, renewal_date: '2027-02-01', website: 'https://www.acme.example/', external_id: null, seats: null,
        last_activity_at: '2026-11-02T00:00:00.000Z', created_at: '2020-01-01T00:00:00.000Z', modified_at: '2026-11-20T10:00:00.000Z',
        extras: { usage_score: 71, nps: null },
        crm_outputs: { health_score: 55, health_band: 'yellow', churn_risk: null, health_trend: null, health_drivers: null, scored_at: null },
      },
    });
  });

  it('maps a HubSpot deal: string values, the association as the account, picklists through the value map, probability scaled to 0-100', () => {
    const out = applyMapping('opportunities', hs, {
      id: '9001',
      modifiedAt: '2026-11-20T10:00:00.000Z',
      links: { companies: ['77', '78'] },
      fields: { dealname: 'Renewal 2027', dealtype: 'renewal', dealstage: 'contractsent', hs_deal_stage_probability: '0.9', hs_is_closed: 'false', hs_is_closed_won: 'false', amount: '25000.5', closedate: '2027-01-31T00:00:00.000Z', createdate: '1700000000000' },
    });
    expect(out).toEqual({
      row: {
        crm_id: '9001', account_id: '77', name: 'Renewal 2027', type: 'renewal', stage: 'contractsent', probability: 90, is_closed: false,
        is_won: false, amount: 25000.5, currency: null, close_date: '2027-01-31', created_at: '2023-11-14T22:13:20.000Z', modified_at: '2026-11-20T10:00:00.000Z',
      },
    });
  });

  it('keeps last activity to the day, as Salesforce holds it, whichever CRM it comes from', () => {
    const company = applyMapping('accounts', hs, { id: '77', modifiedAt: '2026-11-20T10:00:00.000Z', fields: { name: 'Acme', notes_last_updated: '2026-11-02T23:59:58.120Z' } });
    const account = applyMapping('accounts', sf, { id: '001A', modifiedAt: '2026-11-20T10:00:00.000+0000', fields: { Name: 'Acme', LastActivityDate: '2026-11-02' } });
    expect(company).toMatchObject({ row: { last_activity_at: '2026-11-02T00:00:00.000Z' } });
    expect(account).toMatchObject({ row: { last_activity_at: '2026-11-02T00:00:00.000Z' } });
  });

  it.each([
    ['0.1', 10],
    ['0.55', 55],
    ['1.0', 100],
    ['', null],
  ])('scales HubSpot stage probability %j to %j without binary noise', (raw, probability) => {
    const out = applyMapping('opportunities', hs, { id: '1', modifiedAt: '2026-11-20T10:00:00.000Z', links: { companies: ['77'] }, fields: { dealstage: 'x', closedate: '2027-01-31', hs_deal_stage_probability: raw } });
    expect(out).toMatchObject({ row: { probability } });
  });

  it('accepts a scale only on numeric canonical fields', () => {
    const written = parseYaml(readFileSync(packageFile('mappings', 'hubspot.yaml'), 'utf8'), 'hubspot').value as { objects: { opportunities: Record<string, unknown> } };
    written.objects.opportunities.scale = { stage: 100 };
    expect(mappingSchema.safeParse(written).success).toBe(false);
    written.objects.opportunities.scale = { amount: 0.01 };
    expect(mappingSchema.safeParse(written).success).toBe(true);
  });

  it('maps an unlisted opportunity type to "other" through the wildcard', () => {
    const out = applyMapping('opportunities', sf, { id: '006', modifiedAt: '2026-01-01T00:00:00Z', fields: { AccountId: '001', StageName: 'Prospecting', CloseDate: '2026-03-01', Type: 'Partner Deal' } });
    expect(out).toMatchObject({ row: { type: 'other' } });
  });

  it.each([
    ['a non-numeric CSAT', { AccountId: '001', CSAT__c: 'lots' }, 'CSAT__c: expected a number, got "lots"'],
    ['an unknown picklist value', { AccountId: '001', Priority: 'Blocker' }, 'Priority: value "Blocker" is not in the mapping\'s values.priority (known: Low, Medium, High, Urgent)'],
    ['a wrongly typed boolean', { AccountId: '001', IsClosed: 'maybe' }, 'IsClosed: expected true or false, got "maybe"'],
    ['an unreadable date', { AccountId: '001', CreatedDate: 'yesterday' }, 'CreatedDate: expected a date-time, got "yesterday"'],
    ['no creation date', { AccountId: '001', CreatedDate: null }, 'CreatedDate: required for tickets, but empty'],
    ['the creation date left out of the record', { AccountId: '001', CreatedDate: undefined }, 'CreatedDate: required for tickets, but empty'],
  ])('quarantines a case with %s, naming the field', (_name, fields, reason) => {
    const record = { CreatedDate: '2026-01-01T00:00:00.000+0000', ...fields };
    const out = applyMapping('tickets', sf, { id: '500X', modifiedAt: '2026-01-01T00:00:00Z', fields: record });
    expect(out).toEqual({ quarantine: { crm_id: '500X', reason, record } });
  });

  it.each([
    ['no close date once closed', { dealstage: 'closedwon', hs_is_closed: 'true', closedate: '' }, 'closedate: required for a closed opportunity, but empty'],
    ['no stage', { closedate: '2027-01-31' }, 'dealstage: required for opportunities, but empty'],
  ])('quarantines a HubSpot deal with %s', (_name, fields, reason) => {
    const out = applyMapping('opportunities', hs, { id: '9', modifiedAt: '2026-11-20T10:00:00.000Z', links: { companies: ['77'] }, fields });
    expect(out).toEqual({ quarantine: { crm_id: '9', reason, record: fields } });
  });

  it('stores an open deal with no close date yet', () => {
    const out = applyMapping('opportunities', hs, { id: '8', modifiedAt: '2026-11-20T10:00:00.000Z', links: { companies: ['77'] }, fields: { dealstage: 'appointmentscheduled', hs_is_closed: 'false', closedate: '' } });
    expect(out).toMatchObject({ row: { crm_id: '8', close_date: null, is_closed: false } });
  });

  it('stores a case with no account and no CSAT: empty optional values are facts, not errors', () => {
    const out = applyMapping('tickets', sf, { id: '500Y', modifiedAt: '2026-01-01T00:00:00Z', fields: { CreatedDate: '2026-01-01T00:00:00.000+0000', AccountId: null, CSAT__c: null } });
    expect(out).toMatchObject({ row: { crm_id: '500Y', account_id: null, csat: null } });
  });

  it('quarantines a record with no modification stamp: it cannot be placed on the sync cursor', () => {
    const out = applyMapping('owners', sf, { id: '005', modifiedAt: null as unknown as string, fields: { Name: 'A B' } });
    expect(out).toMatchObject({ quarantine: { crm_id: '005', reason: 'modification stamp: required, got nothing' } });
  });

  it('lists every field to pull, score fields included, and the associations to resolve', () => {
    expect(fieldsToPull(sf, 'accounts')).toEqual(expect.arrayContaining(['Name', 'AnnualRevenue', 'Usage_Score__c', 'Health_Score__c', 'Health_Scored_At__c']));
    expect(fieldsToPull(hs, 'opportunities')).not.toContain('companies');
    expect(associationsToPull(hs, 'tickets')).toEqual(['companies']);
    expect(associationsToPull(sf, 'tickets')).toEqual([]);
  });
});
