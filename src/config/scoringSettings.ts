/**
 * What the scoring engine runs on: the resolved `scoring:` settings and their defaults (the
 * numbers come from docs: shared/reference/scoring.md). `scoringConfig.ts` validates what a
 * person writes and merges it over these.
 */

export type GroupKey = 'support' | 'commercial' | 'engagement' | 'sentiment' | 'usage';
export const GROUP_KEYS: readonly GroupKey[] = ['support', 'commercial', 'engagement', 'sentiment', 'usage'];

export interface ScoringConfig {
  groups: Record<GroupKey, number>;
  measures: MeasureSettings;
  extras: Record<string, ExtraMeasureSettings>;
  /** Product usage measures, read from the dated usage sources (group `usage`). */
  usage: UsageSettings;
  /** Overrides by account segment value (matched case-insensitively); see `segmentProfile`. */
  segments: Record<string, SegmentOverride>;
  redFlags: RedFlagSettings;
  bands: BandSettings;
  lowCoverageBelow: number;
  trend: TrendSettings;
  risk: RiskSettings;
  drivers: { top: number; maxLength: number };
}

export interface MeasureSettings {
  ticketLoad: {
    weight: number;
    windowDays: number;
    halfLifeDays: number;
    severity: { urgent: number; high: number; medium: number; low: number };
    sizeReferenceArr: number;
    sizeExponent: number;
    minSegmentAccounts: number;
    bad: number;
    good: number;
  };
  openHighPriorityAge: { weight: number; slaDays: { urgent: number; high: number }; bad: number; good: number };
  escalations: { weight: number; windowDays: number };
  csat: { weight: number; windowDays: number; priorStrength: number; bad: number; good: number };
  renewalReadiness: {
    weight: number;
    horizonDays: number;
    runwayDays: number;
    missingRenewalDays: number;
    stageProgress: Record<string, number>;
  };
  arrTrend: { weight: number; windowDays: number };
  contraction: { weight: number; windowDays: number; downsellShare: number };
  activityRecency: { weight: number; graceDays: number; halfLifeDays: number };
}
export type MeasureKey = keyof MeasureSettings;

/**
 * Product usage at a moment, from the daily series the usage sources give (see usageMeasures.ts).
 * `bad` scores 0 and `good` 100, linear between.
 */
export interface UsageSettings {
  /** Active users in the last 30 days over licensed seats (a share, 0-1 and beyond). */
  activeSeats: { weight: number; bad: number; good: number };
  /** Events (else active users) in the last `windowDays` against the `windowDays` before, as a relative change. */
  usageTrend: { weight: number; windowDays: number; bad: number; good: number };
  /** Distinct features used in the last 30 days. */
  featureBreadth: { weight: number; bad: number; good: number };
  /** Days since the last day with any use: 100 within graceDays, then halving every halfLifeDays. */
  usageRecency: { weight: number; graceDays: number; halfLifeDays: number };
}
export type UsageKey = keyof UsageSettings;
export const USAGE_KEYS: readonly UsageKey[] = ['activeSeats', 'usageTrend', 'featureBreadth', 'usageRecency'];

export interface ExtraMeasureSettings {
  group: GroupKey;
  weight: number;
  label: string;
  bad: number;
  good: number;
}

export interface RedFlagSettings {
  cap: number;
  urgentOverSlaMultiple: number;
  renewalLagWithinDays: number;
  renewalLagAbove: number;
  noRenewalWithinDays: number;
  escalationsIn30Days: number;
}

export interface BandSettings {
  red: number;
  green: number;
  upMargin: number;
  downRuns: number;
}

export interface TrendSettings {
  slopeDays: number;
  changeDays: number;
  flatBelowPerWeek: number;
}

export interface RiskSettings {
  priorChurnRate: number;
  healthLogOddsPerSd: number;
  asOfDays: number[];
  minChurnedRenewals: number;
  priorSd: 'auto' | number;
  maxTrainingRenewals: number;
}

export interface SegmentOverride {
  groups?: Partial<Record<GroupKey, number>>;
  measures?: DeepPartial<MeasureSettings>;
  extras?: Record<string, Partial<Omit<ExtraMeasureSettings, 'group' | 'label'>>>;
  usage?: DeepPartial<UsageSettings>;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends number[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

export const SCORING_DEFAULTS: ScoringConfig = {
  // Usage weighs like engagement; an account no usage source matched has no usage group at all.
  groups: { support: 30, commercial: 35, engagement: 25, sentiment: 10, usage: 25 },
  measures: {
    ticketLoad: {
      weight: 35,
      windowDays: 90,
      halfLifeDays: 45,
      severity: { urgent: 5, high: 3, medium: 1, low: 0.5 },
      sizeReferenceArr: 20_000,
      sizeExponent: 0.5,
      minSegmentAccounts: 30,
      bad: 6,
      good: 0.5,
    },
    openHighPriorityAge: { weight: 30, slaDays: { urgent: 2, high: 5 }, bad: 3, good: 1 },
    escalations: { weight: 15, windowDays: 90 },
    csat: { weight: 20, windowDays: 180, priorStrength: 5, bad: 2.5, good: 4.5 },
    renewalReadiness: { weight: 40, horizonDays: 180, runwayDays: 150, missingRenewalDays: 120, stageProgress: {} },
    arrTrend: { weight: 25, windowDays: 365 },
    contraction: { weight: 15, windowDays: 180, downsellShare: 0.1 },
    activityRecency: { weight: 60, graceDays: 21, halfLifeDays: 30 },
  },
  extras: {
    usage_score: { group: 'engagement', weight: 40, label: 'Usage', bad: 30, good: 80 },
    nps: { group: 'sentiment', weight: 100, label: 'NPS', bad: -20, good: 50 },
  },
  usage: {
    // docs scoring.md: seats active over licensed, lin(u; 0.3, 0.8).
    activeSeats: { weight: 40, bad: 0.3, good: 0.8 },
    // Flat scores 75, as a flat ARR trend does; a 30% drop 0.
    usageTrend: { weight: 25, windowDays: 28, bad: -0.3, good: 0.1 },
    featureBreadth: { weight: 15, bad: 1, good: 5 },
    usageRecency: { weight: 20, graceDays: 7, halfLifeDays: 14 },
  },
  segments: { Enterprise: { measures: { activityRecency: { graceDays: 14 } } } },
  redFlags: {
    cap: 39,
    urgentOverSlaMultiple: 3,
    renewalLagWithinDays: 60,
    renewalLagAbove: 0.5,
    noRenewalWithinDays: 90,
    escalationsIn30Days: 2,
  },
  bands: { red: 40, green: 70, upMargin: 3, downRuns: 2 },
  lowCoverageBelow: 0.6,
  trend: { slopeDays: 28, changeDays: 30, flatBelowPerWeek: 2 },
  risk: {
    priorChurnRate: 0.1,
    healthLogOddsPerSd: Math.log(2.5),
    asOfDays: [180, 150, 120, 90, 60, 30],
    minChurnedRenewals: 10,
    priorSd: 'auto',
    maxTrainingRenewals: 10_000,
  },
  drivers: { top: 3, maxLength: 255 },
};

/**
 * `base` with every key `over` defines replaced, recursing into plain objects; arrays and
 * records of numbers (stage progress) are replaced whole except where merged key by key.
 */
export function mergeOver<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (over === undefined) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over as Record<string, unknown>)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(value) && isPlainObject(current) ? mergeOver(current, value) : value;
  }
  return out as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
