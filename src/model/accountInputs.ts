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
  /** Licensed seats from the mapped CRM field (current value only); null when not mapped or empty. */
  seats: number | null;
  /** Dated product usage from the usage sources matched to this account; null when none matched. */
  usage: UsageSeries | null;
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

/**
 * One account's daily product usage, one entry per stored day in ascending day order; NaN where
 * the source gave no value for the metric (see `UsageDay` in src/contracts/usageSource.ts). Several
 * sources matched to one account are merged per day and metric (the first source in the config
 * that has a value wins).
 */
export interface UsageSeries {
  /** UTC days since 1970-01-01. */
  days: Int32Array;
  activeUsers: Float64Array;
  activeUsers30d: Float64Array;
  events: Float64Array;
  features30d: Float64Array;
  seats: Float64Array;
  /**
   * The days the sources cover, both ends included (UTC days since 1970-01-01): before `fromDay`
   * nothing is known (a measure there is missing); inside, a day with no entry had no activity.
   */
  fromDay: number;
  toDay: number;
}
