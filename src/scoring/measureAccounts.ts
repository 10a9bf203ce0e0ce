import type { RedFlagSettings } from '../config/scoringSettings.js';
import type { AccountInputs, MeasureMoment } from './accountInputs.js';
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
import {
  csatScore,
  escalationScore,
  openHighPriorityScore,
  readSupport,
  sizeFactor,
  ticketLoadScore,
  type SupportFacts,
} from './measures/supportMeasures.js';

export interface MeasureRequest {
  inputs: AccountInputs;
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

/**
 * Measures a population of accounts at their moments. Two measures depend on the population:
 * ticket load is ranked among the accounts of the same segment, and CSAT is shrunk toward the
 * org's mean rating, so the whole set is read first and normalised second.
 */
export function measureAccounts(requests: readonly MeasureRequest[], flagSettings: RedFlagSettings): MeasuredAccount[] {
  const facts = requests.map(({ inputs, moment, profile }) => {
    const commercial = readCommercial(inputs.opportunities, inputs.renewalMs, moment, profile.measures);
    const arr = commercial.arrNow ?? (moment.mode === 'current' ? inputs.arr : null);
    const support = readSupport(inputs.tickets, moment.atMs, profile.measures, sizeFactor(arr, profile.measures.ticketLoad));
    return { support, commercial, arr };
  });

  const loadsBySegment = new Map<string, number[]>();
  let ratingSum = 0;
  let ratingCount = 0;
  facts.forEach(({ support }, i) => {
    const segment = segmentKey(requests[i]!.inputs.segment);
    let loads = loadsBySegment.get(segment);
    if (!loads) loadsBySegment.set(segment, (loads = []));
    loads.push(support.load);
    ratingSum += support.csatSum;
    ratingCount += support.csatCount;
  });
  const peers = new Map([...loadsBySegment].map(([segment, loads]) => [segment, new LowerIsBetterRank(loads)]));
  const orgCsat = ratingCount > 0 ? ratingSum / ratingCount : NEUTRAL_CSAT;

  return requests.map((request, i) => {
    const { support, commercial, arr } = facts[i]!;
    const peerLoads = peers.get(segmentKey(request.inputs.segment));
    return {
      measures: measureValues(request, support, commercial, peerLoads, orgCsat),
      flags: redFlagsOf(support, commercial.renewal, request.profile.measures, flagSettings),
      arr,
    };
  });
}

function measureValues(
  { inputs, moment, profile }: MeasureRequest,
  support: SupportFacts,
  commercial: CommercialFacts,
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
  const { arrNow, arrBefore } = commercial;
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
    { key: 'arrTrend', group: 'commercial', score: arrTrendScore(arrNow, arrBefore), value: arrNow !== null && arrBefore ? arrNow / arrBefore - 1 : null },
    {
      key: 'contraction',
      group: 'commercial',
      score: contractionScore(commercial),
      value: commercial.downsell,
      note: commercial.downsell > 0 ? 'downsell' : commercial.lostUpsell ? 'lost-upsell' : 'none',
    },
  ];
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
