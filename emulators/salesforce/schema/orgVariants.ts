import type { BookAccount, BookTicket, OpportunityKind, Segment, TicketPriority } from '../../book/bookTypes.js';
import type { OrgSchemaName } from '../../emulatorKit.js';
import { date, num, picklist, type FieldDef, type FieldValue } from './fieldDefs.js';

export const DEFAULT_OPPORTUNITY_TYPES = [
  'Existing Customer - Upgrade',
  'Existing Customer - Replacement',
  'Existing Customer - Downgrade',
  'New Customer',
  'Renewal',
];
/** `Urgent` is not a default Case priority; the book uses it, as many support orgs do. */
export const DEFAULT_CASE_PRIORITIES = ['High', 'Medium', 'Low', 'Urgent'];

type Row = Record<string, FieldValue>;

/**
 * One org's customisations for customer success: which fields an admin added to Account and Case,
 * the picklist values of Opportunity.Type and Case.Priority, and where the book's values land.
 * Everything else (standard fields, the score fields, Task.Vitals_Key__c) is the same in every org:
 * crm-vitals cannot create Salesforce fields, so an admin made those for it in each of them.
 */
export interface OrgVariant {
  /** Account fields placed before the score fields (fresh definitions on every call). */
  accountFields(): FieldDef[];
  /** Case fields placed after the standard ones. */
  caseFields(): FieldDef[];
  opportunityTypes: string[];
  casePriorities: string[];
  /** Case.Priority's default on create: Salesforce's 'Medium', or this org's name for it. */
  defaultCasePriority: string;
  /** The Type a book opportunity gets, given the org's picklist values (a test may replace them). */
  opportunityType(kind: OpportunityKind, types: readonly string[]): string;
  casePriority(priority: TicketPriority): string;
  /** Writes AnnualRevenue and `accountFields` of a book account onto its (blank) row. */
  fillAccount(row: Row, a: BookAccount): void;
  /** Writes `caseFields` of a book ticket onto its row. */
  fillCase(row: Row, t: BookTicket): void;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const usage = (a: BookAccount): number | null => (a.usageScore === null ? null : round2(a.usageScore));
const nps = (a: BookAccount): number | null => (a.nps === null ? null : Math.round(a.nps));

/** Salesforce's default Types carry no renewal; an org that adds `Renewal` gets it used. */
function defaultOpportunityType(kind: OpportunityKind, types: readonly string[]): string {
  if (kind === 'new') return 'New Customer';
  if (kind === 'expansion') return 'Existing Customer - Upgrade';
  return types.includes('Renewal') ? 'Renewal' : 'Existing Customer - Replacement';
}

const standard: OrgVariant = {
  accountFields: () => [
    picklist('Segment__c', 'Segment', ['SMB', 'Mid-Market', 'Enterprise'], { restricted: true }),
    date('Renewal_Date__c', 'Renewal Date'),
    num('Usage_Score__c', 'Usage Score', 'double', 5, 2),
    num('NPS__c', 'NPS', 'double', 3, 0),
  ],
  caseFields: () => [num('CSAT__c', 'CSAT', 'double', 2, 1)],
  opportunityTypes: DEFAULT_OPPORTUNITY_TYPES,
  casePriorities: DEFAULT_CASE_PRIORITIES,
  defaultCasePriority: 'Medium',
  opportunityType: defaultOpportunityType,
  casePriority: (p) => p,
  fillAccount(row, a) {
    row.AnnualRevenue = Math.round(a.arr);
    row.Segment__c = a.segment;
    row.Renewal_Date__c = a.renewalDate;
    row.Usage_Score__c = usage(a);
    row.NPS__c = nps(a);
  },
  fillCase(row, t) {
    row.CSAT__c = t.csat;
  },
};

const TIERS: Record<Segment, string> = { Enterprise: 'Strategic', 'Mid-Market': 'Growth', SMB: 'Scale' };
const RENAMED_TYPES: Record<OpportunityKind, string> = { new: 'New Business', expansion: 'Upsell', renewal: 'Contract Renewal' };
const RENAMED_PRIORITIES: Record<TicketPriority, string> = { Urgent: 'P1 - Critical', High: 'P2 - High', Medium: 'P3 - Medium', Low: 'P4 - Low' };

/** The same data under an admin's own names; AnnualRevenue holds the company's revenue, not ARR. */
const renamed: OrgVariant = {
  accountFields: () => [
    picklist('Customer_Tier__c', 'Customer Tier', ['Strategic', 'Growth', 'Scale'], { restricted: true }),
    num('ARR__c', 'ARR', 'currency', 18, 2),
    date('Contract_End_Date__c', 'Contract End Date'),
    num('Product_Usage_Score__c', 'Product Usage Score', 'double', 5, 2),
    num('Net_Promoter_Score__c', 'Net Promoter Score', 'double', 3, 0),
  ],
  caseFields: () => [num('Satisfaction_Rating__c', 'Customer Satisfaction (CSAT)', 'double', 2, 1)],
  opportunityTypes: ['New Business', 'Upsell', 'Cross-sell', 'Contract Renewal'],
  casePriorities: ['P1 - Critical', 'P2 - High', 'P3 - Medium', 'P4 - Low'],
  defaultCasePriority: RENAMED_PRIORITIES.Medium,
  opportunityType: (kind) => RENAMED_TYPES[kind],
  casePriority: (p) => RENAMED_PRIORITIES[p],
  fillAccount(row, a) {
    // A made-up but stable revenue, so a mapping that takes AnnualRevenue for ARR shows wrong numbers.
    row.AnnualRevenue = a.employees * 120_000;
    row.Customer_Tier__c = TIERS[a.segment];
    row.ARR__c = round2(a.arr);
    row.Contract_End_Date__c = a.renewalDate;
    row.Product_Usage_Score__c = usage(a);
    row.Net_Promoter_Score__c = nps(a);
  },
  fillCase(row, t) {
    row.Satisfaction_Rating__c = t.csat;
  },
};

/** A young org: no customer-success fields, Salesforce's own Opportunity types (no renewal). */
const sparse: OrgVariant = {
  ...standard,
  accountFields: () => [],
  caseFields: () => [],
  opportunityTypes: DEFAULT_OPPORTUNITY_TYPES.filter((t) => t !== 'Renewal'),
  fillAccount(row, a) {
    row.AnnualRevenue = Math.round(a.arr);
  },
  fillCase() {},
};

export const ORG_VARIANTS: Record<OrgSchemaName, OrgVariant> = { standard, renamed, sparse };
