/** Canonical rows as the mapping produces them and the state stores them. Dates are ISO strings. */

export interface AccountRow {
  crm_id: string;
  name: string | null;
  owner_id: string | null;
  segment: string | null;
  arr: number | null;
  /** ISO code of the currency `arr` is in; null: the org's corporate currency. */
  currency?: string | null;
  renewal_date: string | null;
  /** The company's website as the CRM holds it (a URL or a bare domain); matches one customer across CRMs. */
  website?: string | null;
  /** The customer's id in another system (product, billing): a usage source may match accounts by it. */
  external_id?: string | null;
  /** Licensed seats: product usage is measured against them. */
  seats?: number | null;
  last_activity_at: string | null;
  created_at: string | null;
  /** Mapped numeric extras (usage, NPS) by measure name. */
  extras: Record<string, number | null>;
  /** Score fields as the CRM holds them now, keyed by score output (`health_score`, ...). */
  crm_outputs: Record<string, string | number | null>;
  modified_at: string | null;
}

export type OpportunityType = 'new' | 'renewal' | 'expansion' | 'other';

export interface OpportunityRow {
  crm_id: string;
  account_id: string | null;
  name: string | null;
  type: OpportunityType | null;
  stage: string | null;
  probability: number | null;
  is_closed: boolean | null;
  is_won: boolean | null;
  amount: number | null;
  /** ISO code of the currency `amount` is in; null: the org's corporate currency. */
  currency?: string | null;
  close_date: string | null;
  created_at: string | null;
  modified_at: string | null;
}

export type TicketPriority = 'low' | 'medium' | 'high' | 'urgent';

export interface TicketRow {
  crm_id: string;
  account_id: string | null;
  subject: string | null;
  priority: TicketPriority | null;
  status: string | null;
  is_closed: boolean | null;
  is_escalated: boolean | null;
  created_at: string | null;
  closed_at: string | null;
  csat: number | null;
  modified_at: string | null;
}

export interface OwnerRow {
  crm_id: string;
  name: string | null;
  email: string | null;
  is_active: boolean | null;
  modified_at: string | null;
}

export interface RowsByObject {
  accounts: AccountRow;
  opportunities: OpportunityRow;
  tickets: TicketRow;
  owners: OwnerRow;
}
export type StoredObject = keyof RowsByObject;

/** A record the mapping could not turn into a row, kept with the reason. */
export interface QuarantinedRecord {
  crm_id: string;
  reason: string;
  record: unknown;
}
