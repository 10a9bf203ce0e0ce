import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { FieldDescription, FieldKind } from '../../src/contracts/connector.js';
import { parseYaml } from '../../src/config/yamlSource.js';
import { mappingSchema, type Mapping } from '../../src/mapping/mappingSchema.js';
import { nameWords } from '../../src/mapping/propose/matchField.js';
import { proposeMapping, type Proposal } from '../../src/mapping/propose/proposeMapping.js';
import { renderProposal } from '../../src/mapping/propose/renderProposal.js';
import { packageFile } from '../../src/model/packagePaths.js';

const load = (crm: string): Mapping => mappingSchema.parse(parseYaml(readFileSync(packageFile('mappings', `${crm}.yaml`), 'utf8'), crm).value);
const sf = load('salesforce');

const f = (name: string, label: string, kind: FieldKind, options?: string[]): FieldDescription => ({
  name,
  label,
  type: kind,
  kind,
  updateable: true,
  ...(options ? { options: options.map((value) => ({ value, label: value })) } : {}),
});

/** Salesforce's standard fields, which every org has. */
const standard: Record<string, FieldDescription[]> = {
  Account: [
    f('Id', 'Account ID', 'reference'), f('Name', 'Account Name', 'text'), f('OwnerId', 'Owner ID', 'reference'), f('AnnualRevenue', 'Annual Revenue', 'number'),
    f('LastActivityDate', 'Last Activity', 'date'), f('CreatedDate', 'Created Date', 'datetime'), f('Industry', 'Industry', 'picklist', ['Banking']),
    f('Health_Score__c', 'Health Score', 'number'), f('Health_Band__c', 'Health Band', 'text'), f('Churn_Risk__c', 'Churn Risk', 'number'),
    f('Health_Trend__c', 'Health Trend', 'text'), f('Health_Drivers__c', 'Health Drivers', 'text'), f('Health_Scored_At__c', 'Health Scored At', 'datetime'),
  ],
  Opportunity: [
    f('AccountId', 'Account ID', 'reference'), f('Name', 'Name', 'text'), f('StageName', 'Stage', 'picklist', ['Prospecting']), f('Probability', 'Probability (%)', 'number'),
    f('IsClosed', 'Closed', 'boolean'), f('IsWon', 'Won', 'boolean'), f('Amount', 'Amount', 'number'), f('CloseDate', 'Close Date', 'date'), f('CreatedDate', 'Created Date', 'datetime'),
  ],
  Case: [
    f('AccountId', 'Account ID', 'reference'), f('Subject', 'Subject', 'text'), f('Status', 'Status', 'picklist', ['New']), f('IsClosed', 'Closed', 'boolean'),
    f('IsEscalated', 'Escalated', 'boolean'), f('CreatedDate', 'Created Date', 'datetime'), f('ClosedDate', 'Closed Date', 'datetime'),
  ],
  User: [f('Name', 'Full Name', 'text'), f('FirstName', 'First Name', 'text'), f('LastName', 'Last Name', 'text'), f('Email', 'Email', 'text'), f('IsActive', 'Active', 'boolean')],
  Task: [f('Subject', 'Subject', 'picklist'), f('Vitals_Key__c', 'Vitals Key', 'text')],
};

function org(extra: Record<string, FieldDescription[]>): (object: string) => Promise<FieldDescription[]> {
  return async (object) => [...(standard[object] ?? []), ...(extra[object] ?? [])];
}

const fieldOf = (p: Proposal, object: string, key: string) => {
  const o = p.objects.find((x) => x.object === object)!;
  return [...o.fields, ...o.extras].find((x) => x.key === key)!;
};
const valuesOf = (p: Proposal, object: string, canonical: string) =>
  Object.fromEntries(p.objects.find((x) => x.object === object)!.values.find((v) => v.canonical === canonical)!.entries.map((e) => [e.crm, e.canonical]));

/** The rendered file loads as a mapping, and is what the proposal says. */
function rendered(p: Proposal): { text: string; mapping: Mapping } {
  const text = renderProposal(p, { connector: 'acme-sf', crm: 'salesforce', date: '2026-12-07' });
  return { text, mapping: mappingSchema.parse(parse(text)) };
}

describe('vitals map: proposing a mapping from the live schema', () => {
  it('reads API names as words', () => {
    expect(nameWords('Contract_End_Date__c')).toBe('contract end date');
    expect(nameWords('acme__Net_Promoter_Score__c')).toBe('net promoter score');
    expect(nameWords('LastActivityDate')).toBe('last activity date');
    expect(nameWords('hs_ticket_priority')).toBe('hs ticket priority');
  });

  it('finds renamed customisations by API name and label, prefers ARR to company revenue, and never feeds a score field back in', async () => {
    const proposal = await proposeMapping(sf, sf, org({
      Account: [
        f('Customer_Tier__c', 'Customer Tier', 'picklist', ['Strategic', 'Growth']), f('ARR__c', 'ARR', 'number'),
        f('Contract_End_Date__c', 'Contract End Date', 'date'), f('Product_Usage_Score__c', 'Product Usage Score', 'number'),
        f('Net_Promoter_Score__c', 'Net Promoter Score', 'number'),
      ],
      Opportunity: [f('Type', 'Opportunity Type', 'picklist', ['New Business', 'Upsell', 'Cross-sell', 'Contract Renewal'])],
      Case: [f('Priority', 'Priority', 'picklist', ['P1 - Critical', 'P2 - High', 'P3 - Medium', 'P4 - Low']), f('Satisfaction_Rating__c', 'Customer Satisfaction (CSAT)', 'number')],
    }));
    expect(fieldOf(proposal, 'accounts', 'segment').source).toBe('Customer_Tier__c');
    const arr = fieldOf(proposal, 'accounts', 'arr');
    expect(arr.source).toBe('ARR__c');
    expect(arr.alternatives.map((a) => a.field.name)).toEqual(['AnnualRevenue']);
    expect(fieldOf(proposal, 'accounts', 'renewal_date').source).toBe('Contract_End_Date__c');
    expect(fieldOf(proposal, 'accounts', 'usage_score').source).toBe('Product_Usage_Score__c');
    expect(fieldOf(proposal, 'accounts', 'nps').source).toBe('Net_Promoter_Score__c');
    expect(fieldOf(proposal, 'tickets', 'csat').source).toBe('Satisfaction_Rating__c');
    expect(valuesOf(proposal, 'opportunities', 'type')).toEqual({ 'New Business': 'new', Upsell: 'expansion', 'Cross-sell': 'expansion', 'Contract Renewal': 'renewal' });
    expect(valuesOf(proposal, 'tickets', 'priority')).toEqual({ 'P1 - Critical': 'urgent', 'P2 - High': 'high', 'P3 - Medium': 'medium', 'P4 - Low': 'low' });
    expect(proposal.warnings).toEqual([]);

    const { text, mapping } = rendered(proposal);
    expect(mapping.objects.accounts.fields.segment).toBe('Customer_Tier__c');
    expect(mapping.objects.accounts.extras).toEqual({ usage_score: 'Product_Usage_Score__c', nps: 'Net_Promoter_Score__c' });
    expect(mapping.objects.opportunities.values?.type).toMatchObject({ 'Contract Renewal': 'renewal', '*': 'other' });
    expect(text).toMatch(/arr: ARR__c +# API name, label "ARR" \(number\); also: AnnualRevenue/);
  });

  it('leaves out what the org lacks, saying what the score loses, and the file still loads', async () => {
    const proposal = await proposeMapping(sf, sf, org({ Opportunity: [f('Type', 'Opportunity Type', 'picklist', ['New Customer', 'Existing Customer - Upgrade'])] }));
    for (const [object, key] of [['accounts', 'segment'], ['accounts', 'renewal_date'], ['accounts', 'usage_score'], ['tickets', 'csat'], ['tickets', 'priority']] as const) {
      const left = fieldOf(proposal, object, key);
      expect([left.source, typeof left.loses]).toEqual([undefined, 'string']);
    }
    expect(proposal.warnings).toEqual([expect.stringMatching(/^Opportunity\.Type has no value meaning renewal: renewals cannot be told/)]);
    const { text, mapping } = rendered(proposal);
    expect(mapping.objects.accounts.fields.renewal_date).toBeUndefined();
    expect(mapping.objects.accounts.extras).toEqual({});
    expect(text).toContain('# renewal_date: not found. Without it renewal readiness');
    expect(text).toContain('# CHECK: Opportunity.Type has no value meaning renewal');
  });

  it('keeps a choice a person made in the mapping in use over a better-named field, and the bundled name otherwise', async () => {
    const chosen: Mapping = { ...sf, objects: { ...sf.objects, accounts: { ...sf.objects.accounts, fields: { ...sf.objects.accounts.fields, segment: 'Region__c' } } } };
    const schema = org({ Account: [f('Segment__c', 'Segment', 'picklist', ['SMB']), f('Region__c', 'Region', 'picklist', ['EMEA'])] });
    expect(fieldOf(await proposeMapping(chosen, sf, schema), 'accounts', 'segment')).toMatchObject({ source: 'Region__c', on: ['chosen in the mapping in use'] });
    expect(fieldOf(await proposeMapping(sf, sf, schema), 'accounts', 'segment').source).toBe('Segment__c');
  });

  it('proposes only fields of a kind that can hold the value', async () => {
    const proposal = await proposeMapping(sf, sf, org({ Account: [f('Renewal_Date__c', 'Renewal Date', 'text'), f('NPS__c', 'NPS', 'picklist', ['9'])] }));
    expect(fieldOf(proposal, 'accounts', 'renewal_date').source).toBeUndefined();
    expect(fieldOf(proposal, 'accounts', 'nps').source).toBeUndefined();
  });

  it('keeps a required field the org lacks under its old name so validate can point at it, and says so', async () => {
    const proposal = await proposeMapping(sf, sf, async (object) => (object === 'Opportunity' ? standard.Opportunity!.filter((x) => x.name !== 'CloseDate') : (standard[object] ?? [])));
    expect(fieldOf(proposal, 'opportunities', 'close_date')).toMatchObject({ source: 'CloseDate', unmatched: true });
    expect(proposal.warnings).toContainEqual(expect.stringMatching(/^opportunities\.close_date: no field of Opportunity looks like it/));
    expect(rendered(proposal).text).toMatch(/close_date: CloseDate +# NOT FOUND in the org/);
  });

  it('says which score fields setup-fields still has to create', async () => {
    const proposal = await proposeMapping(sf, sf, async (object) => (object === 'Account' ? standard.Account!.filter((x) => x.name !== 'Health_Band__c') : (standard[object] ?? [])));
    expect(proposal.writeback.fields.find((x) => x.output === 'health_band')).toMatchObject({ field: 'Health_Band__c', present: false });
    expect(rendered(proposal).text).toMatch(/health_band: Health_Band__c +# not in the org yet: `vitals setup-fields`/);
  });
});
