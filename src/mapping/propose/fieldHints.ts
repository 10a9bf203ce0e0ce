import type { CanonicalObject, FieldKind } from '../../contracts/connector.js';

/**
 * What `vitals map` looks for in an org's schema for each canonical field: the kinds of CRM field
 * that can hold it, the words people name it with, and what the score loses when the org has none.
 */
export interface FieldHint {
  /** Kinds of CRM field that hold the value (a field of another kind is never proposed). */
  kinds: readonly FieldKind[];
  /** Phrases an API name or label equals (lowercase words, any separator: `renewal date` matches `Renewal_Date__c`). */
  names: readonly string[];
  /**
   * Phrases whose words all appearing in a name or label is a weaker match (`csat` in "Customer
   * Satisfaction (CSAT)"). Only for fields no standard field of the CRM could be mistaken for.
   */
  contains?: readonly string[];
  /** What a health score computed without this field lacks; optional fields only. */
  loses?: string;
}

const TEXT = ['text', 'picklist'] as const;
const PICKLIST = ['picklist', 'text'] as const;
const ID = ['reference', 'text', 'picklist'] as const;
const NUMBER = ['number'] as const;
const DATE = ['date', 'datetime'] as const;
const BOOLEAN = ['boolean'] as const;

/** Salesforce's `CurrencyIsoCode` (label "Currency ISO Code"), HubSpot's `deal_currency_code`. */
const CURRENCY_NAMES = ['currency iso code', 'currency code', 'currency'];
const CURRENCY_LOSES = 'every amount is read as the org\'s corporate currency: right where records keep no currency of their own (a single-currency org, HubSpot companies), wrong where each keeps its own';

export const fieldHints: { [O in CanonicalObject]: Record<string, FieldHint> } = {
  accounts: {
    name: { kinds: TEXT, names: ['name', 'account name', 'company name'] },
    owner_id: { kinds: ID, names: ['owner id', 'owner', 'account owner', 'company owner', 'hubspot owner id'] },
    segment: {
      kinds: PICKLIST,
      names: ['segment', 'customer segment', 'market segment', 'account segment', 'tier', 'customer tier', 'account tier', 'service tier'],
      contains: ['segment', 'tier'],
      loses: 'every account is scored with the same weights (no per-segment `scoring.segments`), ticket load is not compared within a segment, and task rules cannot test `segment`',
    },
    arr: {
      kinds: NUMBER,
      names: ['arr', 'annual recurring revenue', 'current arr', 'total arr', 'contract arr', 'annual revenue'],
      contains: ['arr', 'recurring revenue'],
      loses: 'the ARR of won deals stands in for it; accounts with no won deal get no `arr` fact and no ticket load scaled to their size',
    },
    currency: { kinds: PICKLIST, names: CURRENCY_NAMES, loses: CURRENCY_LOSES },
    renewal_date: {
      kinds: DATE,
      names: ['renewal date', 'next renewal date', 'contract end date', 'contract end', 'contract renewal date', 'subscription end date', 'renewal'],
      contains: ['renewal date', 'contract end', 'subscription end'],
      loses: 'renewal readiness (the largest commercial measure) drops out of the score, and the renewal-at-risk and missing-renewal-opportunity tasks cannot fire',
    },
    website: {
      kinds: TEXT,
      names: ['website', 'web site', 'company domain name', 'domain', 'company domain', 'website url', 'url'],
      loses: 'with a second connector, the report matches the same customer in both by name only (a renamed or differently spelled company is counted twice)',
    },
    external_id: {
      kinds: ['text', 'number'],
      names: ['external id', 'customer id', 'account key', 'tenant id', 'workspace id', 'organization id', 'org id', 'product account id', 'app account id'],
      contains: ['external id', 'tenant id', 'workspace id'],
      loses: 'a usage source can match accounts by website domain or CRM id only (`usage[].match.field`)',
    },
    seats: {
      kinds: NUMBER,
      names: ['seats', 'licensed seats', 'licenses', 'license count', 'licensed users', 'seat count', 'number of seats', 'user licenses'],
      contains: ['seats', 'licenses'],
      loses: 'active users are measured against the seats the usage source gives, or not at all when it gives none',
    },
    last_activity_at: {
      kinds: DATE,
      names: ['last activity date', 'last activity', 'notes last updated', 'last activity at', 'last contacted'],
      loses: 'activity recency (the engagement group) drops out of the score, and task rules cannot test `days_since_activity`',
    },
    created_at: { kinds: DATE, names: ['created date', 'create date', 'createdate', 'created at'] },
  },
  opportunities: {
    account_id: { kinds: ID, names: ['account id', 'account', 'company id'] },
    name: { kinds: TEXT, names: ['name', 'opportunity name', 'deal name', 'dealname'] },
    type: {
      kinds: PICKLIST,
      names: ['type', 'opportunity type', 'deal type', 'dealtype'],
      loses: 'renewals cannot be told from other deals: the churn model has no renewal history to learn from or be back-tested on, and renewal readiness sees no renewal opportunity',
    },
    stage: { kinds: PICKLIST, names: ['stage name', 'stage', 'deal stage', 'dealstage'] },
    probability: {
      kinds: NUMBER,
      names: ['probability', 'probability (%)', 'deal stage probability', 'win probability'],
      loses: 'an open renewal’s progress is read only from `scoring.measures.renewalReadiness.stageProgress`; without that, renewal readiness cannot judge how far along it is',
    },
    is_closed: { kinds: BOOLEAN, names: ['is closed', 'closed', 'is deal closed?', 'stage is closed'] },
    is_won: { kinds: BOOLEAN, names: ['is won', 'won', 'is closed won'] },
    amount: {
      kinds: NUMBER,
      names: ['amount', 'deal amount', 'opportunity amount'],
      loses: 'the ARR trend and contraction measures drop out of the score (they follow the amounts of won deals)',
    },
    currency: { kinds: PICKLIST, names: [...CURRENCY_NAMES, 'deal currency code', 'opportunity currency'], loses: CURRENCY_LOSES },
    close_date: { kinds: DATE, names: ['close date', 'closedate', 'expected close date'] },
    created_at: { kinds: DATE, names: ['created date', 'create date', 'createdate', 'created at'] },
  },
  tickets: {
    account_id: { kinds: ID, names: ['account id', 'account', 'company id'] },
    subject: { kinds: TEXT, names: ['subject', 'ticket name', 'title'] },
    priority: {
      kinds: PICKLIST,
      names: ['priority', 'ticket priority', 'hs ticket priority', 'severity'],
      loses: 'every ticket weighs as a medium one: the open high-priority age measure sees nothing and the stale-urgent-ticket task cannot fire',
    },
    status: { kinds: PICKLIST, names: ['status', 'ticket status', 'hs pipeline stage', 'stage'] },
    is_closed: { kinds: BOOLEAN, names: ['is closed', 'closed', 'stage is closed'] },
    is_escalated: {
      kinds: BOOLEAN,
      names: ['is escalated', 'escalated'],
      contains: ['escalated', 'escalation'],
      loses: 'the escalations measure drops out of the score, and task rules cannot test `escalations_30d`',
    },
    created_at: { kinds: DATE, names: ['created date', 'create date', 'createdate', 'created at', 'date opened'] },
    closed_at: {
      kinds: DATE,
      names: ['closed date', 'close date', 'date closed', 'closed at', 'time to close'],
      loses: 'a CSAT is dated by the ticket’s creation instead of its closing',
    },
    csat: {
      kinds: NUMBER,
      names: ['csat', 'csat score', 'customer satisfaction', 'customer satisfaction score', 'satisfaction score', 'satisfaction rating'],
      contains: ['csat', 'satisfaction'],
      loses: 'the CSAT measure (sentiment) drops out of the score, and the low-csat task cannot fire',
    },
  },
  owners: {
    name: { kinds: TEXT, names: ['name', 'full name'] },
    first_name: { kinds: TEXT, names: ['first name', 'firstname'] },
    last_name: { kinds: TEXT, names: ['last name', 'lastname'] },
    email: { kinds: TEXT, names: ['email', 'email address'] },
    is_active: { kinds: BOOLEAN, names: ['active', 'is active'] },
  },
};

/** Extra numeric measures (`objects.accounts.extras`) the scoring settings know by name. */
export const extraHints: Record<string, FieldHint> = {
  usage_score: {
    kinds: NUMBER,
    names: ['usage score', 'product usage score', 'product usage', 'usage', 'adoption score', 'product adoption score', 'product adoption'],
    contains: ['usage score', 'adoption score'],
    loses: 'usage drops out of the engagement group: health rests on tickets, deals and activity alone',
  },
  nps: {
    kinds: NUMBER,
    names: ['nps', 'nps score', 'net promoter score', 'net promoter'],
    contains: ['nps', 'net promoter'],
    loses: 'the sentiment group rests on CSAT alone',
  },
};
