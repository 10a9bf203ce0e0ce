import type { RedFlagSettings } from '../config/scoringSettings.js';
import type { AccountInputs } from '../model/accountInputs.js';
import type { AccountHeader, MeasureMoment } from './accountInputs.js';
import type { MeasureValue } from './measureValue.js';
import { LowerIsBetterRank } from './normalise.js';
import { redFlagsOf, type RedFlag } from './redFlags.js';
import type { ScoringProfile } from './segmentProfile.js';
import {
  arrTrendScore,
  contractionScore,
  readCommercial,
  renewalReadinessScore,
  type CommercialFacts,
} from './measures/commercialMeasures.js';
import { activityRecencyScore, daysSinceActivity, extraScore } from './measures/engagementMeasures.js';
import { readUsage, type UsageFacts } from './measures/usageMeasures.js';
import { usageMeasureValues } from './usageValues.js';
import {
  csatScore,
  escalationScore,
  openHighPriorityScore,
  readSupport,
  sizeFactor,
  ticketLoadScore,
  type SupportFacts,
} from './measures/supportMeasures.js';

export interface MeasureRequest<A extends AccountHeader = AccountInputs> {
  inputs: A;
  moment: MeasureMoment;
  profile: ScoringProfile;
}

export interface MeasuredAccount {
  measures: MeasureValue[];
  flags: RedFlag[];
  /** Contract ARR at the moment (or the account's ARR field), for the risk model's size feature. */
  arr: number | null;
}

/** Used when the org has no rating at all: then no account has a CSAT measure to shrink anyway. */
const NEUTRAL_CSAT = 4;

/** What an account's measures are made of, read from its tickets and opportunities at the moment. */
export interface AccountFacts {
  support: SupportFacts;
  commercial: CommercialFacts;
  /** Null when no usage source matched the account. */
  usage: UsageFacts | null;
  /** Contract ARR at the moment (or the account's ARR field). */
  arr: number | null;
}

export function readFacts({ inputs, moment, profile }: MeasureRequest): AccountFacts {
  const commercial = readCommercial(inputs.opportunities, inputs.renewalMs, moment, profile.measures);
  const arr = commercial.arrNow ?? (moment.mode === 'current' ? inputs.arr : null);
  const support = readSupport(inputs.tickets, moment.atMs, profile.measures, sizeFactor(arr, profile.measures.ticketLoad));
  const usage = readUsage(inputs.usage, inputs.seats, moment, profile.usage);
  return { support, commercial, usage, arr };
}

/**
 * Two measures depend on the population measured together (the live book, or the as-of slices
 * the churn model trains on): ticket load is ranked among the accounts of the same segment, and
 * CSAT is shrunk toward the population's mean rating. The population is added account by account
 * (in a fixed order: the mean is a float sum), then frozen before any account is measured.
 */
export class Population {
  private readonly loadsBySegment = new Map<string, number[]>();
  private ratingSum = 0;
  private ratingCount = 0;

  add(segment: string | null, support: SupportFacts): void {
    const key = segmentKey(segment);
    let loads = this.loadsBySegment.get(key);
    if (!loads) this.loadsBySegment.set(key, (loads = []));
    loads.push(support.load);
    this.ratingSum += support.csatSum;
    this.ratingCount += support.csatCount;
  }

  freeze(): Peers {
    const ranks = new Map([...this.loadsBySegment].map(([segment, loads]) => [segment, new LowerIsBetterRank(loads)]));
    return { ranks, orgCsat: this.ratingCount > 0 ? this.ratingSum / this.ratingCount : NEUTRAL_CSAT };
  }
}

export interface Peers {
  ranks: ReadonlyMap<string, LowerIsBetterRank>;
  orgCsat: number;
}

/** One account's measures and red flags, against its population. */
export function measureWith(request: MeasureRequest<AccountHeader>, facts: AccountFacts, peers: Peers, flagSettings: RedFlagSettings): MeasuredAccount {
  const { support, commercial, arr } = facts;
  return {
    measures: measureValues(request, facts, peers.ranks.get(segmentKey(request.inputs.segment)), peers.orgCsat),
    flags: redFlagsOf(support, commercial.renewal, request.profile.measures, flagSettings),
    arr,
  };
}

function measureValues(
  { inputs, moment, profile }: MeasureRequest<AccountHeader>,
  { support, commercial, usage }: AccountFacts,
  peerLoads: LowerIsBetterRank | undefined,
  orgCsat: number,
): MeasureValue[] {
  const m = profile.measures;
  const worst = support.worstOpen;
  const openHighPriority: MeasureValue = {
    key: 'openHighPriorityAge',
    group: 'support',
    score: openHighPriorityScore(worst?.slaRatio ?? null, m.openHighPriorityAge),
    value: worst?.days ?? null,
  };
  if (worst) openHighPriority.note = worst.priority === 'urgent' ? 'P1' : 'P2';
  const values: MeasureValue[] = [
    { key: 'ticketLoad', group: 'support', score: ticketLoadScore(support.load, peerLoads, m.ticketLoad), value: support.load },
    openHighPriority,
    { key: 'escalations', group: 'support', score: escalationScore(support.escalations), value: support.escalations },
    {
      key: 'csat',
      group: 'support',
      score: csatScore(support.csatSum, support.csatCount, orgCsat, m.csat),
      value: support.csatCount > 0 ? support.csatSum / support.csatCount : null,
    },
    { key: 'arrTrend', group: 'commercial', score: arrTrendScore(commercial.arrGrowth), value: commercial.arrGrowth },
    {
      key: 'contraction',
      group: 'commercial',
      score: contractionScore(commercial),
      value: commercial.downsell,
      note: commercial.downsell > 0 ? 'downsell' : commercial.lostUpsell ? 'lost-upsell' : 'none',
    },
  ];
  // Usage is dated, so it is measured as of a past date too.
  if (usage) values.push(...usageMeasureValues(usage, profile.usage));
  if (moment.mode === 'asOf') return values;

  const renewal = commercial.renewal;
  const readiness: MeasureValue = { key: 'renewalReadiness', group: 'commercial', score: renewalReadinessScore(renewal, m.renewalReadiness), value: renewal?.days ?? null };
  if (renewal) {
    readiness.note = renewal.opportunity;
    if (renewal.days > m.renewalReadiness.horizonDays) readiness.notDue = true;
  }
  const days = daysSinceActivity(inputs.lastActivityMs, moment.atMs);
  values.push(readiness, { key: 'activityRecency', group: 'engagement', score: activityRecencyScore(days, m.activityRecency), value: days });
  for (const key in profile.extras) {
    const settings = profile.extras[key]!;
    const value = inputs.extras[key];
    values.push({ key, group: settings.group, score: extraScore(value, settings), value: typeof value === 'number' ? value : null });
  }
  return values;
}

export function segmentKey(segment: string | null): string {
  return (segment ?? '').trim().toLowerCase();
}
