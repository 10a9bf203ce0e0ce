import type { MeasureSettings } from '../../config/scoringSettings.js';
import type { ScoringTicket } from '../../model/accountInputs.js';
import type { TicketPriority } from '../../model/rows.js';
import { DAY_MS } from '../../model/time.js';
import { lin, shrink, type LowerIsBetterRank } from '../normalise.js';

/** Ticket facts as they stood at one instant, before normalisation against the population. */
export interface SupportFacts {
  /** Severity-weighted, age-decayed, size-adjusted load of the tickets created in the window. */
  load: number;
  /** The open urgent/high ticket furthest past its SLA. */
  worstOpen: { slaRatio: number; days: number; priority: 'urgent' | 'high' } | null;
  /** Age over SLA of the oldest open urgent ticket (0 when none), for the red flag. */
  urgentSlaRatio: number;
  escalations: number;
  escalationsLast30Days: number;
  csatSum: number;
  csatCount: number;
}

/**
 * Reads the tickets as they stood at `atMs`: only tickets created before it count, and a ticket
 * is open at `atMs` if it is still open or was closed after it. `sizeFactor` >= 1 scales the load
 * so that a big customer's larger ticket volume is not read as trouble.
 */
export function readSupport(tickets: readonly ScoringTicket[], atMs: number, m: MeasureSettings, sizeFactor: number): SupportFacts {
  const { ticketLoad, openHighPriorityAge, escalations: esc, csat } = m;
  const loadWindowMs = ticketLoad.windowDays * DAY_MS;
  const escWindowMs = esc.windowDays * DAY_MS;
  const csatWindowMs = csat.windowDays * DAY_MS;
  const facts: SupportFacts = { load: 0, worstOpen: null, urgentSlaRatio: 0, escalations: 0, escalationsLast30Days: 0, csatSum: 0, csatCount: 0 };
  let load = 0;
  for (const t of tickets) {
    const created = t.createdMs;
    if (created === null || created >= atMs) continue;
    const ageMs = atMs - created;
    if (ageMs <= loadWindowMs) {
      load += severityOf(t.priority, ticketLoad.severity) * Math.pow(0.5, ageMs / DAY_MS / ticketLoad.halfLifeDays);
    }
    if (t.isEscalated) {
      if (ageMs <= escWindowMs) facts.escalations += 1;
      if (ageMs <= 30 * DAY_MS) facts.escalationsLast30Days += 1;
    }
    const open = !t.isClosed || (t.closedMs !== null && t.closedMs > atMs);
    if (open) {
      if (t.priority === 'urgent' || t.priority === 'high') {
        const days = ageMs / DAY_MS;
        const slaRatio = days / openHighPriorityAge.slaDays[t.priority];
        if (!facts.worstOpen || slaRatio > facts.worstOpen.slaRatio) facts.worstOpen = { slaRatio, days, priority: t.priority };
        if (t.priority === 'urgent' && slaRatio > facts.urgentSlaRatio) facts.urgentSlaRatio = slaRatio;
      }
    } else if (t.csat !== null && atMs - (t.closedMs ?? created) <= csatWindowMs) {
      facts.csatSum += t.csat;
      facts.csatCount += 1;
    }
  }
  facts.load = load / Math.max(1, sizeFactor);
  return facts;
}

/** An unknown priority weighs as a medium one. */
function severityOf(priority: TicketPriority | null, weights: Record<TicketPriority, number>): number {
  return priority === null ? weights.medium : weights[priority];
}

export function sizeFactor(arr: number | null, m: MeasureSettings['ticketLoad']): number {
  if (arr === null || !(arr > 0)) return 1;
  return Math.max(1, Math.pow(arr / m.sizeReferenceArr, m.sizeExponent));
}

/** Percentile among the segment's accounts; a small segment falls back to the fixed scale. */
export function ticketLoadScore(load: number, peers: LowerIsBetterRank | undefined, m: MeasureSettings['ticketLoad']): number {
  if (peers && peers.size >= m.minSegmentAccounts) return peers.score(load);
  return lin(load, m.bad, m.good);
}

/** No open urgent/high ticket scores 100. */
export function openHighPriorityScore(slaRatio: number | null, m: MeasureSettings['openHighPriorityAge']): number {
  return slaRatio === null ? 100 : lin(slaRatio, m.bad, m.good);
}

export function escalationScore(count: number): number {
  return 100 * Math.pow(0.5, count);
}

/** Shrunk toward the org's mean rating, so one angry survey does not sink a quiet account. */
export function csatScore(sum: number, count: number, orgMean: number, m: MeasureSettings['csat']): number | null {
  if (count === 0) return null;
  return lin(shrink(sum / count, count, orgMean, m.priorStrength), m.bad, m.good);
}
