import { z } from 'zod';
import { mergeOver, SCORING_DEFAULTS, type DeepPartial, type MeasureSettings, type ScoringConfig, type SegmentOverride, type UsageSettings } from './scoringSettings.js';

export type { ScoringConfig } from './scoringSettings.js';

/**
 * The `scoring:` section as a person writes it: measures, weights, per-segment overrides, red
 * flags, bands, trend, churn risk. Every key is optional; what is written is merged over
 * SCORING_DEFAULTS (scoringSettings.ts). The shapes carry no zod defaults so the same shapes serve
 * the per-segment overrides, where an absent key must mean "inherit", not "default".
 */

const weight = z.number().min(0).max(1000);
const days = z.number().positive().max(3650);
const score = z.number().min(0).max(100);

const groupWeights = z.strictObject({
  /** Tickets: load, open high-priority age, escalations, CSAT. @default 30 */
  support: weight.optional(),
  /** Renewal readiness, ARR trend, contraction. @default 35 */
  commercial: weight.optional(),
  /** Activity recency, usage. @default 25 */
  engagement: weight.optional(),
  /** NPS and other survey extras. @default 10 */
  sentiment: weight.optional(),
  /** Product usage from the usage sources: active seats, usage trend, feature breadth, usage recency. @default 25 */
  usage: weight.optional(),
});

const measuresShape = z.strictObject({
  /** Severity-weighted ticket load, size-adjusted, scored as a percentile within the segment. */
  ticketLoad: z
    .strictObject({
      /** Weight inside the support group. @default 35 */
      weight: weight.optional(),
      /** Tickets created in this many days count. @default 90 */
      windowDays: days.optional(),
      /** A ticket's weight halves every this many days of age. @default 45 */
      halfLifeDays: days.optional(),
      /** Weight per priority. @default { urgent: 5, high: 3, medium: 1, low: 0.5 } */
      severity: z
        .strictObject({ urgent: weight.optional(), high: weight.optional(), medium: weight.optional(), low: weight.optional() })
        .optional(),
      /** Load is divided by max(1, (ARR / sizeReferenceArr) ^ sizeExponent). @default 20000 */
      sizeReferenceArr: z.number().positive().optional(),
      /** @default 0.5 */
      sizeExponent: z.number().min(0).max(2).optional(),
      /** A segment with fewer scored accounts uses the fixed bad/good scale instead of percentiles. @default 30 */
      minSegmentAccounts: z.number().int().min(1).optional(),
      /** Size-adjusted load scored 0 on the fixed scale. @default 6 */
      bad: z.number().min(0).optional(),
      /** Size-adjusted load scored 100 on the fixed scale. @default 0.5 */
      good: z.number().min(0).optional(),
    })
    .optional(),
  /** Oldest open urgent/high ticket's age over its SLA: 100 at or below `good`, 0 at `bad` and beyond. */
  openHighPriorityAge: z
    .strictObject({
      /** @default 30 */
      weight: weight.optional(),
      /** Resolution SLA in days per priority. @default { urgent: 2, high: 5 } */
      slaDays: z.strictObject({ urgent: days.optional(), high: days.optional() }).optional(),
      /** @default 3 */
      bad: z.number().positive().optional(),
      /** @default 1 */
      good: z.number().min(0).optional(),
    })
    .optional(),
  /** Escalated tickets created in the window: 100 · 0.5^n. */
  escalations: z
    .strictObject({
      /** @default 15 */
      weight: weight.optional(),
      /** @default 90 */
      windowDays: days.optional(),
    })
    .optional(),
  /** Mean CSAT (1-5) of tickets closed in the window, shrunk toward the org mean; none: dropped. */
  csat: z
    .strictObject({
      /** @default 20 */
      weight: weight.optional(),
      /** @default 180 */
      windowDays: days.optional(),
      /** Pseudo-ratings at the org mean added to each account's ratings. @default 5 */
      priorStrength: z.number().min(0).optional(),
      /** @default 2.5 */
      bad: z.number().optional(),
      /** @default 4.5 */
      good: z.number().optional(),
    })
    .optional(),
  /** Renewal stage progress against the progress expected for the days left; scored within horizonDays. */
  renewalReadiness: z
    .strictObject({
      /** @default 40 */
      weight: weight.optional(),
      /** Scored only when the renewal is this close. @default 180 */
      horizonDays: days.optional(),
      /** The renewal should go from opened to signed over this many days, ending horizonDays - runwayDays before. @default 150 */
      runwayDays: days.optional(),
      /** No renewal opportunity this close to contract end scores 0. @default 120 */
      missingRenewalDays: days.optional(),
      /** Progress 0-1 per stage name; stages not listed use the opportunity's probability / 100. @default {} */
      stageProgress: z.record(z.string(), z.number().min(0).max(1)).optional(),
    })
    .optional(),
  /** Contract ARR now against windowDays ago (from won opportunities): -20% 0, flat 75, +20% 100. */
  arrTrend: z
    .strictObject({
      /** @default 25 */
      weight: weight.optional(),
      /** @default 365 */
      windowDays: days.optional(),
    })
    .optional(),
  /** A downsell (renewal below the contract by more than downsellShare) 0, a lost upsell 60, else 100. */
  contraction: z
    .strictObject({
      /** @default 15 */
      weight: weight.optional(),
      /** @default 180 */
      windowDays: days.optional(),
      /** @default 0.1 */
      downsellShare: z.number().min(0).max(1).optional(),
    })
    .optional(),
  /** Days since the last logged activity: 100 within graceDays, then halving every halfLifeDays. */
  activityRecency: z
    .strictObject({
      /** @default 60 */
      weight: weight.optional(),
      /** @default 21 (Enterprise: 14) */
      graceDays: z.number().min(0).max(3650).optional(),
      /** @default 30 */
      halfLifeDays: days.optional(),
    })
    .optional(),
});

/** A linear scale: `bad` scores 0, `good` 100 (either way round). */
const scale = {
  weight: weight.optional(),
  bad: z.number().optional(),
  good: z.number().optional(),
};

const usageShape = z.strictObject({
  /** Active users in the last 30 days over licensed seats (the source's seats, else the mapped CRM field). */
  activeSeats: z
    .strictObject({
      /** Weight inside the usage group. @default 40 */
      weight: scale.weight,
      /** Share of seats active scored 0. @default 0.3 */
      bad: scale.bad,
      /** Share of seats active scored 100. @default 0.8 */
      good: scale.good,
    })
    .optional(),
  /** Events (active users when the source gives no events) in the last windowDays against the windowDays before, as a relative change (-0.3 is 30% less). */
  usageTrend: z
    .strictObject({
      /** @default 25 */
      weight: scale.weight,
      /** @default 28 */
      windowDays: z.number().int().min(7).max(182).optional(),
      /** @default -0.3 */
      bad: scale.bad,
      /** @default 0.1 */
      good: scale.good,
    })
    .optional(),
  /** Distinct features used in the last 30 days. */
  featureBreadth: z
    .strictObject({
      /** @default 15 */
      weight: scale.weight,
      /** @default 1 */
      bad: scale.bad,
      /** @default 5 */
      good: scale.good,
    })
    .optional(),
  /** Days since the last day with any product use: 100 within graceDays, then halving every halfLifeDays. */
  usageRecency: z
    .strictObject({
      /** @default 20 */
      weight: scale.weight,
      /** @default 7 */
      graceDays: z.number().min(0).max(3650).optional(),
      /** @default 14 */
      halfLifeDays: days.optional(),
    })
    .optional(),
});

const extraName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { error: 'expected a mapped extra name like "usage_score"' });

const extraMeasure = z
  .strictObject({
    /** Group the measure belongs to. @default engagement */
    group: z.enum(['support', 'commercial', 'engagement', 'sentiment', 'usage']).default('engagement'),
    /** Weight inside its group. @default 20 */
    weight: weight.default(20),
    /** Name shown in drivers. @default the extra's name */
    label: z.string().min(1).max(40).optional(),
    /** Value scored 0 (may be above `good` when lower is better). */
    bad: z.number(),
    /** Value scored 100. */
    good: z.number(),
  })
  .refine((m) => m.bad !== m.good, { error: 'bad and good must differ' });

const segmentOverride = z.strictObject({
  /** Group weights for this segment. @default the top-level groups */
  groups: groupWeights.optional(),
  /** Measure settings for this segment, merged over the top-level ones. */
  measures: measuresShape.optional(),
  /** Weight or scale of mapped extras for this segment. */
  extras: z
    .record(extraName, z.strictObject({ weight: weight.optional(), bad: z.number().optional(), good: z.number().optional() }))
    .optional(),
  /** Usage measure settings for this segment, merged over the top-level `usage`. */
  usage: usageShape.optional(),
});

const scoringShape = z
  .strictObject({
    /** Group weights. @default { support: 30, commercial: 35, engagement: 25, sentiment: 10, usage: 25 } */
    groups: groupWeights.optional(),
    /** Built-in measures; each has a weight inside its group (0 turns it off). */
    measures: measuresShape.optional(),
    /**
     * Mapped numeric fields (`accounts.extras`) scored linearly from `bad` (0) to `good` (100).
     * Replaces the defaults when written.
     * @default { usage_score: { group: engagement, weight: 40, bad: 30, good: 80 }, nps: { group: sentiment, weight: 100, bad: -20, good: 50 } }
     */
    extras: z.record(extraName, extraMeasure).optional(),
    /**
     * Product usage measures, scored for accounts a usage source matched (group `usage`).
     * @default { activeSeats: { weight: 40, bad: 0.3, good: 0.8 }, usageTrend: { weight: 25, windowDays: 28, bad: -0.3, good: 0.1 }, featureBreadth: { weight: 15, bad: 1, good: 5 }, usageRecency: { weight: 20, graceDays: 7, halfLifeDays: 14 } }
     */
    usage: usageShape.optional(),
    /** Overrides per account `segment` value (e.g. SMB, Mid-Market, Enterprise), merged over the defaults. @default { Enterprise: { measures: { activityRecency: { graceDays: 14 } } } } */
    segments: z.record(z.string().min(1), segmentOverride).optional(),
    /** Conditions that cap the score below the red line; a threshold of 0 turns that flag off. */
    redFlags: z
      .strictObject({
        /** The capped score. @default 39 */
        cap: score.optional(),
        /** An open urgent ticket older than this many SLAs. @default 3 */
        urgentOverSlaMultiple: z.number().min(0).optional(),
        /** Renewal due within this many days ... @default 60 */
        renewalLagWithinDays: z.number().min(0).optional(),
        /** ... with stage progress behind the expected by more than this. @default 0.5 */
        renewalLagAbove: z.number().min(0).max(1).optional(),
        /** No renewal opportunity this close to contract end (or past it). @default 90 */
        noRenewalWithinDays: z.number().min(0).optional(),
        /** This many escalations in the last 30 days. @default 2 */
        escalationsIn30Days: z.number().int().min(0).optional(),
      })
      .optional(),
    /** red below `red`, green from `green`, yellow between; with hysteresis. */
    bands: z
      .strictObject({
        /** @default 40 */
        red: score.optional(),
        /** @default 70 */
        green: score.optional(),
        /** Moving up a band needs the threshold plus this margin. @default 3 */
        upMargin: z.number().min(0).max(30).optional(),
        /** Moving down a band needs this many consecutive runs below the threshold. @default 2 */
        downRuns: z.number().int().min(1).max(10).optional(),
      })
      .optional(),
    /** Scores with less coverage (0-1) are flagged low-confidence. @default 0.6 */
    lowCoverageBelow: z.number().min(0).max(1).optional(),
    trend: z
      .strictObject({
        /** Days of snapshots the slope is fitted on. @default 28 */
        slopeDays: days.optional(),
        /** The change is measured against the snapshot this many days back. @default 30 */
        changeDays: days.optional(),
        /** |slope| below this many points per week is flat. @default 2 */
        flatBelowPerWeek: z.number().min(0).optional(),
      })
      .optional(),
    risk: z
      .strictObject({
        /** Churn rate assumed before any renewal is seen. @default 0.1 */
        priorChurnRate: z.number().gt(0).lt(1).optional(),
        /** Log odds-ratio of churn per standard deviation lower health (the prior). @default 0.916 (ln 2.5) */
        healthLogOddsPerSd: z.number().min(0).max(5).optional(),
        /** Days before each past renewal at which features are rebuilt for the fit. @default [180, 150, 120, 90, 60, 30] */
        asOfDays: z.array(z.number().int().min(1).max(720)).min(1).max(24).optional(),
        /** Below this many churned renewals the prior alone is used (risk_source: prior). @default 10 */
        minChurnedRenewals: z.number().int().min(1).optional(),
        /** Prior SD of the coefficients; auto picks it by label count and time-ordered CV. @default auto */
        priorSd: z.union([z.literal('auto'), z.number().positive().max(100)]).optional(),
        /** Renewals used in one fit at most (a deterministic sample beyond). @default 10000 */
        maxTrainingRenewals: z.number().int().min(100).optional(),
      })
      .optional(),
    drivers: z
      .strictObject({
        /** Measures named in the drivers text. @default 3 */
        top: z.number().int().min(1).max(10).optional(),
        /** Length of the drivers text written to the CRM. @default 255 */
        maxLength: z.number().int().min(40).max(32_000).optional(),
      })
      .optional(),
  })
  .refine((s) => (s.bands?.red ?? SCORING_DEFAULTS.bands.red) <= (s.bands?.green ?? SCORING_DEFAULTS.bands.green), {
    error: 'bands.red must not be above bands.green',
    path: ['bands'],
  })
  .superRefine((s, ctx) => {
    // A scale whose ends meet divides by zero; checked on what each segment ends up with.
    const top = mergeOver(SCORING_DEFAULTS.usage, s.usage as DeepPartial<UsageSettings> | undefined);
    const check = (usage: UsageSettings, path: (string | number)[]) => {
      for (const key of ['activeSeats', 'usageTrend', 'featureBreadth'] as const) {
        const { bad, good } = usage[key];
        if (bad === good) ctx.addIssue({ code: 'custom', message: `bad and good must differ (both are ${bad})`, path: [...path, key] });
      }
    };
    check(top, ['usage']);
    for (const [name, override] of Object.entries(s.segments ?? {})) {
      if (override.usage) check(mergeOver(top, override.usage as DeepPartial<UsageSettings>), ['segments', name, 'usage']);
    }
  });

export const scoringConfigSchema = scoringShape.transform((written): ScoringConfig => {
  const d = SCORING_DEFAULTS;
  const segments: Record<string, SegmentOverride> = { ...d.segments };
  for (const [name, override] of Object.entries(written.segments ?? {})) {
    segments[name] = mergeOver(segments[name] ?? {}, override as SegmentOverride);
  }
  return {
    groups: mergeOver(d.groups, written.groups),
    measures: mergeOver(d.measures, written.measures as DeepPartial<MeasureSettings> | undefined),
    extras: written.extras
      ? Object.fromEntries(Object.entries(written.extras).map(([name, m]) => [name, { ...m, label: m.label ?? name }]))
      : d.extras,
    usage: mergeOver(d.usage, written.usage as DeepPartial<UsageSettings> | undefined),
    segments,
    redFlags: mergeOver(d.redFlags, written.redFlags),
    bands: mergeOver(d.bands, written.bands),
    lowCoverageBelow: written.lowCoverageBelow ?? d.lowCoverageBelow,
    trend: mergeOver(d.trend, written.trend),
    risk: mergeOver(d.risk, written.risk),
    drivers: mergeOver(d.drivers, written.drivers),
  };
});
