import type { Segment, TicketPriority } from './bookTypes.js';
import { segmentProfile } from './segmentProfiles.js';

/**
 * The hidden ground truth of the generated book: how likely a customer is to let a renewal
 * lapse, as a function of signals a CRM can show. The generator evaluates it on the signals as
 * they stood DECISION_LEAD_DAYS before each contract end, adds Gaussian noise to the log-odds
 * (CHURN_NOISE_SD) and draws the outcome, which becomes a closed-lost renewal. Because the
 * inputs are what the tickets, opportunities and activity looked like at that moment, a scorer
 * can be back-tested honestly on as-of features; because of the noise and the two inputs that
 * the book keeps only as a current value (activity recency, usage), no scorer can recover it
 * exactly. The scorer must never import this file; tests do, to check the book realises it.
 *
 * Log-odds, each term centred so that a typical customer contributes about zero:
 *   support:    +1.0·ln((1+load)/2)      load = severity-weighted tickets of the last 180 days
 *                                         over the segment's typical load (1 = typical)
 *               +0.4 per 30 days that the oldest open High/Urgent ticket has been open (cap 120)
 *               +0.3 per escalation in the last 180 days (cap 4)
 *   sentiment:  +0.55 per CSAT point below 3.9 (mean of the last 180 days; none: 0)
 *   commercial: +3.0 per unit of contraction at the last renewal (-20% ARR: +0.6; growth: 0)
 *   engagement: +0.6·ln of (1 + days since activity / 14), relative to 10 days (unknown: 0)
 *   usage:      +0.5 per 25 points of usage below 60 (unknown: 0)
 *   segment:    SMB +0.25, Enterprise -0.3
 * The intercept puts the book's renewal churn rate near 12%.
 */

export const SIGNAL_WINDOW_DAYS = 180;
/** Customers decide about a month before the contract ends; signals after that are not causes. */
export const DECISION_LEAD_DAYS = 30;
export const CHURN_NOISE_SD = 0.9;

export const SEVERITY_WEIGHT: Readonly<Record<TicketPriority, number>> = {
  Low: 0.5,
  Medium: 1,
  High: 3,
  Urgent: 5,
};

/** Mean severity weight of a typical account's ticket under the generator's base priority mix. */
const TYPICAL_SEVERITY_PER_TICKET = 1.45;

const INTERCEPT = -3.0;
const SEGMENT_OFFSET: Readonly<Record<Segment, number>> = { SMB: 0.25, 'Mid-Market': 0, Enterprise: -0.3 };

export interface ChurnSignals {
  segment: Segment;
  /** Severity-weighted tickets created in the window, over typicalTicketLoad(segment). */
  ticketLoadRatio: number;
  /** Age in days of the oldest High/Urgent ticket open at the time; 0 when none. */
  oldestOpenHighDays: number;
  /** Tickets created in the window that were escalated. */
  escalations: number;
  /** Mean CSAT of tickets closed in the window; null when none was rated. */
  csatMean: number | null;
  /** ARR after the last renewal over ARR a year before it, minus 1; 0 before the first renewal. */
  arrChange: number;
  daysSinceActivity: number | null;
  usageScore: number | null;
}

/** Severity-weighted ticket load of a typical account of the segment over SIGNAL_WINDOW_DAYS. */
export function typicalTicketLoad(segment: Segment): number {
  return (segmentProfile(segment).ticketsPerYear * SIGNAL_WINDOW_DAYS * TYPICAL_SEVERITY_PER_TICKET) / 365;
}

export function churnLogit(s: ChurnSignals): number {
  let logit = INTERCEPT + SEGMENT_OFFSET[s.segment];
  logit += 1.0 * Math.log((1 + s.ticketLoadRatio) / 2);
  logit += (0.4 * Math.min(s.oldestOpenHighDays, 120)) / 30;
  logit += 0.3 * Math.min(s.escalations, 4);
  if (s.csatMean !== null) logit += 0.55 * (3.9 - s.csatMean);
  logit -= 3.0 * Math.min(0, s.arrChange);
  if (s.daysSinceActivity !== null) logit += 0.6 * Math.log((1 + s.daysSinceActivity / 14) / (1 + 10 / 14));
  if (s.usageScore !== null) logit += (0.5 * (60 - s.usageScore)) / 25;
  return logit;
}

/** Churn probability before the generator's noise. */
export function churnProbability(s: ChurnSignals): number {
  return 1 / (1 + Math.exp(-churnLogit(s)));
}
