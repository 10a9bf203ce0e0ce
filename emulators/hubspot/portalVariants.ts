import type { BookAccount, BookOpportunity, BookTicket, OpportunityKind, Segment } from '../book/bookTypes.js';
import type { OrgSchemaName } from '../emulatorKit.js';
import { boolOptions, custom, options, type PortalProperties, type PropertySpec } from './propertyDefinitions.js';

/**
 * One portal's customisations for customer success and where the book's values land in them.
 * Score properties (`vitals_*`) are absent from every portal: `setup-fields` creates them.
 */
export interface PortalVariant extends PortalProperties {
  /** `annualrevenue` and the portal's own company properties of a book account. */
  companyValues(a: BookAccount): Record<string, string>;
  /** `dealtype` and the portal's own deal properties. */
  dealValues(o: BookOpportunity): Record<string, string>;
  ticketValues(t: BookTicket): Record<string, string>;
}

/** HubSpot's own Deal Type options; a portal adds its renewal option next to them. */
const HUBSPOT_DEAL_TYPES: [string, string][] = [['newbusiness', 'New Business'], ['existingbusiness', 'Existing Business']];
const dealType = (kind: OpportunityKind, renewal: string): string => (kind === 'new' ? 'newbusiness' : kind === 'renewal' ? renewal : 'existingbusiness');

/** Sets `name` only when the book knows a value (HubSpot omits empty properties). */
function known(props: Record<string, string>, name: string, value: number | null): Record<string, string> {
  if (value !== null) props[name] = String(value);
  return props;
}

function standard(): PortalVariant {
  return {
    companies: [
      { name: 'segment', label: 'Segment', type: 'enumeration', fieldType: 'select', options: options(['SMB', 'Mid-Market', 'Enterprise']), ...custom },
      { name: 'renewal_date', label: 'Renewal date', type: 'date', fieldType: 'date', ...custom },
      { name: 'usage_score', label: 'Usage score', type: 'number', fieldType: 'number', ...custom },
      { name: 'nps', label: 'NPS', type: 'number', fieldType: 'number', ...custom },
    ],
    // `renewal` is the Deal Type option portals add to tell renewals from other existing business.
    dealTypes: [...HUBSPOT_DEAL_TYPES, ['renewal', 'Renewal']],
    deals: [
      { name: 'deal_kind', label: 'Deal kind', type: 'enumeration', fieldType: 'select', options: options([['new', 'New'], ['renewal', 'Renewal'], ['expansion', 'Expansion']]), ...custom },
    ],
    tickets: [
      { name: 'csat', label: 'CSAT', type: 'number', fieldType: 'number', ...custom },
      { name: 'escalated', label: 'Escalated', type: 'bool', fieldType: 'booleancheckbox', options: boolOptions(), ...custom },
    ],
    companyValues: (a) => {
      const props = { annualrevenue: String(a.arr), segment: a.segment, renewal_date: a.renewalDate.slice(0, 10) };
      return known(known(props, 'usage_score', a.usageScore), 'nps', a.nps);
    },
    dealValues: (o) => ({ dealtype: dealType(o.kind, 'renewal'), deal_kind: o.kind }),
    // HubSpot has no escalation property; portals that track it add a checkbox like this one.
    ticketValues: (t) => known({ escalated: String(t.isEscalated) }, 'csat', t.csat),
  };
}

const TIERS: Record<Segment, string> = { Enterprise: 'strategic', 'Mid-Market': 'growth', SMB: 'scale' };

/** The same data under an admin's own names; `annualrevenue` holds the company's revenue, not ARR. */
function renamed(): PortalVariant {
  return {
    companies: [
      { name: 'customer_tier', label: 'Customer Tier', type: 'enumeration', fieldType: 'select', options: options([['strategic', 'Strategic'], ['growth', 'Growth'], ['scale', 'Scale']]), ...custom },
      { name: 'arr', label: 'ARR', type: 'number', fieldType: 'number', ...custom },
      { name: 'contract_end_date', label: 'Contract End Date', type: 'date', fieldType: 'date', ...custom },
      { name: 'product_usage_score', label: 'Product Usage Score', type: 'number', fieldType: 'number', ...custom },
      { name: 'net_promoter_score', label: 'Net Promoter Score', type: 'number', fieldType: 'number', ...custom },
    ],
    dealTypes: [...HUBSPOT_DEAL_TYPES, ['contract_renewal', 'Contract Renewal']],
    deals: [],
    tickets: [
      { name: 'customer_satisfaction', label: 'Customer Satisfaction (CSAT)', type: 'number', fieldType: 'number', ...custom },
      { name: 'escalated_to_tier_2', label: 'Escalated to Tier 2', type: 'bool', fieldType: 'booleancheckbox', options: boolOptions(), ...custom },
    ],
    companyValues: (a) => {
      // A made-up but stable revenue, so a mapping that takes annualrevenue for ARR shows wrong numbers.
      const props = { annualrevenue: String(a.employees * 120_000), customer_tier: TIERS[a.segment], arr: String(a.arr), contract_end_date: a.renewalDate.slice(0, 10) };
      return known(known(props, 'product_usage_score', a.usageScore), 'net_promoter_score', a.nps);
    },
    dealValues: (o) => ({ dealtype: dealType(o.kind, 'contract_renewal') }),
    ticketValues: (t) => known({ escalated_to_tier_2: String(t.isEscalated) }, 'customer_satisfaction', t.csat),
  };
}

/** A young portal: none of the customer-success properties, HubSpot's own Deal Types (renewals are existing business). */
function sparse(): PortalVariant {
  return {
    companies: [],
    dealTypes: [...HUBSPOT_DEAL_TYPES],
    deals: [],
    tickets: [],
    companyValues: (a) => ({ annualrevenue: String(a.arr) }),
    dealValues: (o) => ({ dealtype: dealType(o.kind, 'existingbusiness') }),
    ticketValues: () => ({}),
  };
}

const VARIANTS: Record<OrgSchemaName, () => PortalVariant> = { standard, renamed, sparse };

/** A portal's variant, built afresh: definitions are edited in place through the Properties API. */
export function portalVariant(schema: OrgSchemaName = 'standard'): PortalVariant {
  const make = VARIANTS[schema];
  if (!make) throw new Error(`unknown org schema "${String(schema)}"`);
  return make();
}
