import type { OpportunityType, TicketPriority } from './rows.js';

/**
 * What scoring reads about one account: its row and its tickets and opportunities, with dates
 * already turned into epoch milliseconds (null when the CRM has none). Built by
 * `state/scoringInputs.ts`; scoring itself never reads the state.
 */
export interface AccountInputs {
  id: string;
  name: string | null;
  segment: string | null;
  /** The account's ARR field; contract ARR is rebuilt from won opportunities where it can be. */
  arr: number | null;
  renewalMs: number | null;
  lastActivityMs: number | null;
  createdMs: number | null;
  extras: Record<string, number | null>;
  tickets: ScoringTicket[];
  opportunities: ScoringOpportunity[];
}

export interface ScoringTicket {
  priority: TicketPriority | null;
  isClosed: boolean;
  isEscalated: boolean;
  createdMs: number | null;
  closedMs: number | null;
  csat: number | null;
}

export interface ScoringOpportunity {
  id: string;
  type: OpportunityType | null;
  stage: string | null;
  /** 0-100, as the CRM's stage probability. */
  probability: number | null;
  isClosed: boolean;
  isWon: boolean;
  amount: number | null;
  closeMs: number | null;
  createdMs: number | null;
}
