import type { OpportunityType, TicketPriority } from '../../state/rows.js';

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

/** An account without its tickets and opportunities: what is left once its facts are read. */
export type AccountHeader = Omit<AccountInputs, 'tickets' | 'opportunities'>;

export function headerOf(a: AccountInputs): AccountHeader {
  return {
    id: a.id,
    name: a.name,
    segment: a.segment,
    arr: a.arr,
    renewalMs: a.renewalMs,
    lastActivityMs: a.lastActivityMs,
    createdMs: a.createdMs,
    extras: a.extras,
  };
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

export const DAY_MS = 86_400_000;

/**
 * When the measures are taken. `current` reads everything the state holds now; `asOf` rebuilds
 * the account as it stood at `atMs` for the churn fit and the back-test: only tickets created
 * before then, only opportunities closed before then, never the renewal being predicted
 * (`excludeOpportunityId`), and none of the fields the state keeps only as a current value
 * (stage, last activity, extras), which would leak the outcome.
 */
export type MeasureMoment =
  | { mode: 'current'; atMs: number }
  | { mode: 'asOf'; atMs: number; excludeOpportunityId: string };
