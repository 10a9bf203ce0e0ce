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
  /**
   * The account's ARR field in the corporate currency (at the current rate); contract ARR is
   * rebuilt from won opportunities where it can be.
   */
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
  /** In the corporate currency, at the rate in force on the close date (dated rates) or the current one. */
  amount: number | null;
  /**
   * In the corporate currency at today's rate, whatever the close date: what an account's deals
   * are compared with each other in (a renewal against the contract it renews, ARR growth), so a
   * currency's moves are never read as a downsell or growth. Equal to `amount` in a single-currency org.
   */
  amountAtCurrentRate: number | null;
  closeMs: number | null;
  createdMs: number | null;
}
