/**
 * The logical customer book that both CRM emulators serve. CRM-neutral: each emulator projects
 * it into its own object shapes and id formats (Salesforce 18-character ids, HubSpot numeric ids).
 * Dates are ISO-8601 strings in UTC; `*Date` fields are date-only (`YYYY-MM-DD`).
 */

export type Segment = 'SMB' | 'Mid-Market' | 'Enterprise';
export type OpportunityKind = 'new' | 'renewal' | 'expansion';
export type TicketPriority = 'Low' | 'Medium' | 'High' | 'Urgent';

export interface BookUser {
  /** Dense index, 0-based; emulators derive their own ids from it. */
  index: number;
  firstName: string;
  lastName: string;
  email: string;
  isActive: boolean;
}

export interface BookAccount {
  index: number;
  name: string;
  ownerIndex: number;
  segment: Segment;
  industry: string;
  employees: number;
  /** Current annual recurring revenue in USD. */
  arr: number;
  /** Next contract end (date-only). */
  renewalDate: string;
  /** Last logged activity (call, email, meeting); null when none is known. */
  lastActivityAt: string | null;
  /** Optional product-usage score 0-100 (a mapped numeric extra); null on some accounts. */
  usageScore: number | null;
  /** Optional NPS -100..100 from the last survey; null on most accounts. */
  nps: number | null;
  createdAt: string;
  modifiedAt: string;
}

export interface BookOpportunity {
  index: number;
  accountIndex: number;
  name: string;
  kind: OpportunityKind;
  /** Salesforce-style default stage names; HubSpot maps them to its pipeline stage ids. */
  stage: string;
  isClosed: boolean;
  isWon: boolean;
  amount: number;
  closeDate: string;
  /** Stage probability 0-100. */
  probability: number;
  createdAt: string;
  modifiedAt: string;
}

export interface BookTicket {
  index: number;
  accountIndex: number;
  subject: string;
  priority: TicketPriority;
  /** New | Working | Escalated | Closed */
  status: string;
  isClosed: boolean;
  isEscalated: boolean;
  createdAt: string;
  closedAt: string | null;
  /** Customer satisfaction 1-5 on some closed tickets. */
  csat: number | null;
  modifiedAt: string;
}

export interface Book {
  seed: number;
  /** The instant the book describes: "now" for the generated history. */
  asOf: string;
  users: BookUser[];
  accounts: BookAccount[];
  opportunities: BookOpportunity[];
  tickets: BookTicket[];
}

export interface BookOptions {
  /** @default 2000 */
  accounts?: number;
  /** @default 42 */
  seed?: number;
  /** @default the current day at 00:00 UTC; fixed in tests for reproducibility */
  asOf?: string;
}
