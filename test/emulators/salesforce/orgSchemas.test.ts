import type { Connection } from 'jsforce';
import { generateBook } from '../../../emulators/book/generateBook.js';
import type { OrgSchemaName, RunningEmulator } from '../../../emulators/emulatorKit.js';
import { salesforceKit } from '../../../emulators/salesforce/kit.js';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { AS_OF, clientCredentialsConnection, rejectionOf } from './fixture.js';

type Row = Record<string, unknown>;

/** Orgs customised otherwise than the default mapping expects, the ones `vitals map` must read. */
const book = generateBook({ accounts: 40, seed: 7, asOf: AS_OF });
const SCORE_FIELDS = ['Health_Score__c', 'Health_Band__c', 'Churn_Risk__c', 'Health_Trend__c', 'Health_Drivers__c', 'Health_Scored_At__c'];
const STANDARD_CUSTOM = ['Segment__c', 'Renewal_Date__c', 'Usage_Score__c', 'NPS__c'];

let running: RunningEmulator<SalesforceEmulator> | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Through the kit, as `vitals emulate --schema` starts it. */
async function org(schema: OrgSchemaName): Promise<{ conn: Connection; sf: SalesforceEmulator }> {
  running = await salesforceKit.start({ book, schema, profile: 'test' });
  return { conn: await clientCredentialsConnection(running.native), sf: running.native };
}

async function fields(conn: Connection, object: string): Promise<Map<string, Row>> {
  const described = await conn.sobject(object).describe();
  return new Map(described.fields.map((f) => [f.name, f as unknown as Row]));
}

const values = (field: Row | undefined): string[] => ((field?.picklistValues as Row[] | undefined) ?? []).map((p) => p.value as string);

/** Rows of a SOQL query keyed by book index (ids follow book indexes). */
async function byIndex(conn: Connection, sf: SalesforceEmulator, object: string, select: string, count: number): Promise<Row[]> {
  const rows = (await conn.query<Row>(`SELECT Id, ${select} FROM ${object}`)).records;
  const index = new Map(Array.from({ length: count }, (_, i) => [sf.store.idOf(object, i), i]));
  const out: Row[] = [];
  for (const row of rows) out[index.get(row.Id as string)!] = row;
  return out;
}

describe('Salesforce emulator: org schemas', () => {
  it('standard keeps the customer-success fields the default mapping reads', async () => {
    const { conn } = await org('standard');
    const account = await fields(conn, 'Account');
    for (const name of [...STANDARD_CUSTOM, ...SCORE_FIELDS]) expect(account.has(name)).toBe(true);
    expect((await fields(conn, 'Case')).has('CSAT__c')).toBe(true);
    expect(values((await fields(conn, 'Opportunity')).get('Type'))).toContain('Renewal');
  });

  it('renamed: other names, other picklist values, the book under them', async () => {
    const { conn, sf } = await org('renamed');
    const account = await fields(conn, 'Account');
    for (const name of STANDARD_CUSTOM) expect(account.has(name)).toBe(false);
    for (const name of ['AnnualRevenue', 'NumberOfEmployees', 'Industry', 'OwnerId', ...SCORE_FIELDS]) expect(account.has(name)).toBe(true);
    expect(account.get('Customer_Tier__c')).toMatchObject({ label: 'Customer Tier', type: 'picklist', restrictedPicklist: true, custom: true });
    expect(values(account.get('Customer_Tier__c'))).toEqual(['Strategic', 'Growth', 'Scale']);
    expect(account.get('ARR__c')).toMatchObject({ label: 'ARR', type: 'currency', precision: 18, scale: 2 });
    expect(account.get('Contract_End_Date__c')).toMatchObject({ label: 'Contract End Date', type: 'date' });
    expect(account.get('Product_Usage_Score__c')).toMatchObject({ label: 'Product Usage Score', type: 'double', precision: 5, scale: 2 });
    expect(account.get('Net_Promoter_Score__c')).toMatchObject({ label: 'Net Promoter Score', type: 'double', precision: 3, scale: 0 });

    const opportunity = await fields(conn, 'Opportunity');
    expect(values(opportunity.get('Type'))).toEqual(['New Business', 'Upsell', 'Cross-sell', 'Contract Renewal']);
    const supportCase = await fields(conn, 'Case');
    expect(supportCase.has('CSAT__c')).toBe(false);
    expect(supportCase.get('Satisfaction_Rating__c')).toMatchObject({ label: 'Customer Satisfaction (CSAT)', type: 'double', precision: 2, scale: 1 });
    expect(values(supportCase.get('Priority'))).toEqual(['P1 - Critical', 'P2 - High', 'P3 - Medium', 'P4 - Low']);
    const priorityDefault = (supportCase.get('Priority')?.picklistValues as Row[]).filter((p) => p.defaultValue === true).map((p) => p.value);
    expect(priorityDefault).toEqual(['P3 - Medium']);
    expect((await fields(conn, 'Task')).has('Vitals_Key__c')).toBe(true);

    const accounts = await byIndex(conn, sf, 'Account', 'AnnualRevenue, Customer_Tier__c, ARR__c, Contract_End_Date__c, Product_Usage_Score__c, Net_Promoter_Score__c', book.accounts.length);
    const tier = { Enterprise: 'Strategic', 'Mid-Market': 'Growth', SMB: 'Scale' };
    book.accounts.forEach((a, i) => {
      expect(accounts[i]).toMatchObject({
        Customer_Tier__c: tier[a.segment],
        ARR__c: Math.round(a.arr * 100) / 100,
        Contract_End_Date__c: a.renewalDate,
        AnnualRevenue: a.employees * 120_000,
        Product_Usage_Score__c: a.usageScore === null ? null : Math.round(a.usageScore * 100) / 100,
        Net_Promoter_Score__c: a.nps === null ? null : Math.round(a.nps),
      });
    });
    expect(new Set(accounts.map((a) => a.Customer_Tier__c))).toEqual(new Set(['Strategic', 'Growth', 'Scale']));
    expect((await rejectionOf(conn.query('SELECT Segment__c FROM Account'))).errorCode).toBe('INVALID_FIELD');

    const opportunities = await byIndex(conn, sf, 'Opportunity', 'Type', book.opportunities.length);
    const type = { new: 'New Business', expansion: 'Upsell', renewal: 'Contract Renewal' };
    book.opportunities.forEach((o, i) => expect(opportunities[i]?.Type).toBe(type[o.kind]));
    expect(book.opportunities.some((o) => o.kind === 'renewal')).toBe(true);

    const cases = await byIndex(conn, sf, 'Case', 'Priority, Satisfaction_Rating__c', book.tickets.length);
    const priority = { Urgent: 'P1 - Critical', High: 'P2 - High', Medium: 'P3 - Medium', Low: 'P4 - Low' };
    book.tickets.forEach((t, i) => expect(cases[i]).toMatchObject({ Priority: priority[t.priority], Satisfaction_Rating__c: t.csat }));
    expect(book.tickets.some((t) => t.csat !== null)).toBe(true);

    // A case created without a priority gets this org's name for Salesforce's default, Medium.
    const created = await conn.sobject('Case').create({ Subject: 'No priority given', AccountId: sf.store.idOf('Account', 0) });
    expect(((await conn.sobject('Case').retrieve(created.id ?? '')) as Row).Priority).toBe('P3 - Medium');
  });

  it('sparse: no customer-success fields, Salesforce default Opportunity types', async () => {
    const { conn, sf } = await org('sparse');
    const account = await fields(conn, 'Account');
    for (const name of STANDARD_CUSTOM) expect(account.has(name)).toBe(false);
    for (const name of ['AnnualRevenue', ...SCORE_FIELDS]) expect(account.has(name)).toBe(true);
    // Only the score fields are custom: an admin made them for crm-vitals.
    expect([...account.values()].filter((f) => f.custom === true).map((f) => f.name)).toEqual(SCORE_FIELDS);
    const supportCase = await fields(conn, 'Case');
    expect([...supportCase.values()].some((f) => f.custom === true)).toBe(false);
    const priorityDefault = (supportCase.get('Priority')?.picklistValues as Row[]).filter((p) => p.defaultValue === true).map((p) => p.value);
    expect(priorityDefault).toEqual(['Medium']);
    expect(values((await fields(conn, 'Opportunity')).get('Type'))).toEqual([
      'Existing Customer - Upgrade',
      'Existing Customer - Replacement',
      'Existing Customer - Downgrade',
      'New Customer',
    ]);
    expect((await fields(conn, 'Task')).has('Vitals_Key__c')).toBe(true);

    const accounts = await byIndex(conn, sf, 'Account', 'AnnualRevenue', book.accounts.length);
    book.accounts.forEach((a, i) => expect(accounts[i]?.AnnualRevenue).toBe(Math.round(a.arr)));
    const opportunities = await byIndex(conn, sf, 'Opportunity', 'Type', book.opportunities.length);
    const type = { new: 'New Customer', expansion: 'Existing Customer - Upgrade', renewal: 'Existing Customer - Replacement' };
    book.opportunities.forEach((o, i) => expect(opportunities[i]?.Type).toBe(type[o.kind]));
    expect((await rejectionOf(conn.query('SELECT CSAT__c FROM Case'))).errorCode).toBe('INVALID_FIELD');
  });
});
