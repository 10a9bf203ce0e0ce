import type { MeasureSettings } from '../../config/scoringSettings.js';
import type { ScoringOpportunity } from '../../model/accountInputs.js';
import { DAY_MS } from '../../model/time.js';
import type { MeasureMoment } from '../accountInputs.js';
import { clamp } from '../normalise.js';

/** A won opportunity that set (new business, renewal) or added to (expansion) the contract ARR. */
interface ContractEvent {
  closeMs: number;
  amount: number;
  /** The amount at today's rate, for ratios between the account's own deals (see `ScoringOpportunity`). */
  atCurrentRate: number;
  kind: 'new' | 'renewal' | 'expansion';
}

export interface RenewalFacts {
  /** Days from the moment to the renewal (negative when overdue). */
  days: number;
  /** Stage progress 0-1; null when the stage says nothing about it. */
  progress: number | null;
  /** `secured`: a renewal for this contract end was already won. */
  opportunity: 'open' | 'secured' | 'missing';
}

export interface CommercialFacts {
  /** Contract ARR at the moment, from won opportunities. */
  arrNow: number | null;
  /** Contract ARR at the moment against `arrTrend.windowDays` before, minus 1; null without a positive earlier ARR. */
  arrGrowth: number | null;
  hasContract: boolean;
  /** Largest share a renewal in the window fell below the contract it renewed (0 when none). */
  downsell: number;
  lostUpsell: boolean;
  /** Only at the current moment: past stages are not kept, so they cannot be rebuilt as-of. */
  renewal: RenewalFacts | null;
}

export function readCommercial(
  opportunities: readonly ScoringOpportunity[],
  renewalMs: number | null,
  moment: MeasureMoment,
  m: MeasureSettings,
): CommercialFacts {
  const atMs = moment.atMs;
  const events = wonContractEvents(opportunities, moment);
  const windowStart = atMs - m.contraction.windowDays * DAY_MS;
  let arr: number | null = null;
  // The same contract at today's rates: what a renewal is compared with.
  let steady: number | null = null;
  let downsell = 0;
  for (const e of events) {
    if (e.kind === 'expansion') {
      if (arr !== null) arr += e.amount;
      if (steady !== null) steady += e.atCurrentRate;
      continue;
    }
    if (e.kind === 'renewal' && steady !== null && steady > 0 && e.closeMs > windowStart) {
      const drop = 1 - e.atCurrentRate / steady;
      if (drop > m.contraction.downsellShare) downsell = Math.max(downsell, drop);
    }
    arr = e.amount;
    steady = e.atCurrentRate;
  }
  const steadyBefore = contractArrAt(events, atMs - m.arrTrend.windowDays * DAY_MS);
  let lostUpsell = false;
  for (const o of opportunities) {
    if (o.type !== 'expansion' || !o.isClosed || o.isWon || o.closeMs === null) continue;
    if (moment.mode === 'asOf' && (o.closeMs >= atMs || o.id === moment.excludeOpportunityId)) continue;
    if (o.closeMs > windowStart) lostUpsell = true;
  }
  return {
    arrNow: arr,
    arrGrowth: steady !== null && steadyBefore !== null && steadyBefore > 0 ? steady / steadyBefore - 1 : null,
    hasContract: events.length > 0,
    downsell,
    lostUpsell,
    renewal: moment.mode === 'current' ? readRenewal(opportunities, renewalMs, atMs, m.renewalReadiness) : null,
  };
}

/**
 * Won opportunities as they were known at the moment, in close order. As-of, only those closed
 * before it count, and never the renewal being predicted; now, a deal closed with a future close
 * date counts as closed today.
 */
function wonContractEvents(opportunities: readonly ScoringOpportunity[], moment: MeasureMoment): ContractEvent[] {
  const events: ContractEvent[] = [];
  for (const o of opportunities) {
    if (!o.isClosed || !o.isWon || o.amount === null || o.amountAtCurrentRate === null || o.closeMs === null) continue;
    if (o.type !== 'new' && o.type !== 'renewal' && o.type !== 'expansion') continue;
    if (moment.mode === 'asOf' && (o.closeMs >= moment.atMs || o.id === moment.excludeOpportunityId)) continue;
    events.push({ closeMs: Math.min(o.closeMs, moment.atMs), amount: o.amount, atCurrentRate: o.amountAtCurrentRate, kind: o.type });
  }
  return events.sort((a, b) => a.closeMs - b.closeMs);
}

/** Contract ARR at an earlier moment, at today's rates. */
function contractArrAt(events: readonly ContractEvent[], atMs: number): number | null {
  let arr: number | null = null;
  for (const e of events) {
    if (e.closeMs > atMs) break;
    if (e.kind === 'expansion') {
      if (arr !== null) arr += e.atCurrentRate;
    } else arr = e.atCurrentRate;
  }
  return arr;
}

function readRenewal(
  opportunities: readonly ScoringOpportunity[],
  renewalMs: number | null,
  nowMs: number,
  m: MeasureSettings['renewalReadiness'],
): RenewalFacts | null {
  let open: ScoringOpportunity | null = null;
  for (const o of opportunities) {
    if (o.type !== 'renewal' || o.isClosed) continue;
    if (!open || (o.closeMs ?? Infinity) < (open.closeMs ?? Infinity)) open = o;
  }
  if (open) {
    const dueMs = open.closeMs ?? renewalMs;
    if (dueMs === null) return null;
    return { days: (dueMs - nowMs) / DAY_MS, progress: stageProgress(open, m.stageProgress), opportunity: 'open' };
  }
  if (renewalMs === null) return null;
  const secured = opportunities.some(
    (o) => o.type === 'renewal' && o.isClosed && o.isWon && o.closeMs !== null && o.closeMs >= renewalMs - m.horizonDays * DAY_MS,
  );
  return { days: (renewalMs - nowMs) / DAY_MS, progress: secured ? 1 : 0, opportunity: secured ? 'secured' : 'missing' };
}

function stageProgress(o: ScoringOpportunity, byStage: Record<string, number>): number | null {
  const mapped = o.stage === null ? undefined : byStage[o.stage];
  if (mapped !== undefined) return mapped;
  return o.probability === null ? null : clamp(o.probability / 100, 0, 1);
}

/** How far the stage is behind the progress expected for the days left (0 when on track). */
export function renewalLag(r: RenewalFacts, m: MeasureSettings['renewalReadiness']): number | null {
  if (r.progress === null) return null;
  const expected = clamp((m.horizonDays - r.days) / m.runwayDays, 0, 1);
  return Math.max(0, expected - r.progress);
}

/** Scored only inside the horizon; no renewal opportunity this close to contract end scores 0. */
export function renewalReadinessScore(r: RenewalFacts | null, m: MeasureSettings['renewalReadiness']): number | null {
  if (r === null || r.days > m.horizonDays) return null;
  if (r.opportunity === 'missing' && r.days <= m.missingRenewalDays) return 0;
  const lag = renewalLag(r, m);
  return lag === null ? null : clamp(100 - 200 * lag, 0, 100);
}

/** ARR growth g: -20% or worse 0, flat 75, +20% or better 100, linear between. */
export function arrTrendScore(g: number | null): number | null {
  if (g === null) return null;
  return g <= 0 ? 75 * clamp((g + 0.2) / 0.2, 0, 1) : 75 + 25 * clamp(g / 0.2, 0, 1);
}

export function contractionScore(f: CommercialFacts): number | null {
  if (!f.hasContract) return null;
  return f.downsell > 0 ? 0 : f.lostUpsell ? 60 : 100;
}
