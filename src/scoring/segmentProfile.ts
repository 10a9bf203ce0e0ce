import {
  mergeOver,
  type ExtraMeasureSettings,
  type GroupKey,
  type MeasureKey,
  type MeasureSettings,
  type ScoringConfig,
  type UsageSettings,
  USAGE_KEYS,
} from '../config/scoringSettings.js';

/** The group each built-in measure belongs to. */
export const MEASURE_GROUPS: Readonly<Record<MeasureKey, GroupKey>> = {
  ticketLoad: 'support',
  openHighPriorityAge: 'support',
  escalations: 'support',
  csat: 'support',
  renewalReadiness: 'commercial',
  arrTrend: 'commercial',
  contraction: 'commercial',
  activityRecency: 'engagement',
};
export const MEASURE_KEYS = Object.keys(MEASURE_GROUPS) as MeasureKey[];

export interface WeightedMeasure {
  key: string;
  group: GroupKey;
  /** Weight inside its group. */
  weight: number;
}

/** The scorecard one segment is scored with: the top-level settings with its overrides applied. */
export interface ScoringProfile {
  name: string;
  groups: Record<GroupKey, number>;
  measures: MeasureSettings;
  extras: Record<string, ExtraMeasureSettings>;
  usage: UsageSettings;
  /** Every measure with a positive weight in a group with a positive weight. */
  weighted: WeightedMeasure[];
}

/** Resolves and caches one profile per segment value; unknown and empty segments use the default. */
export class ScoringProfiles {
  private readonly cache = new Map<string, ScoringProfile>();
  private readonly overrideKeys: Map<string, string>;

  constructor(private readonly config: ScoringConfig) {
    this.overrideKeys = new Map(Object.keys(config.segments).map((name) => [name.toLowerCase(), name]));
  }

  for(segment: string | null): ScoringProfile {
    const key = this.overrideKeys.get((segment ?? '').trim().toLowerCase()) ?? '';
    let profile = this.cache.get(key);
    if (!profile) this.cache.set(key, (profile = this.build(key)));
    return profile;
  }

  private build(segmentName: string): ScoringProfile {
    const { config } = this;
    const override = segmentName ? config.segments[segmentName] : undefined;
    const groups = mergeOver(config.groups, override?.groups);
    const measures = mergeOver(config.measures, override?.measures);
    const usage = mergeOver(config.usage, override?.usage);
    const extras: Record<string, ExtraMeasureSettings> = {};
    for (const [name, settings] of Object.entries(config.extras)) {
      extras[name] = { ...settings, ...definedOnly(override?.extras?.[name]) };
    }
    const weighted: WeightedMeasure[] = [];
    for (const key of MEASURE_KEYS) weighted.push({ key, group: MEASURE_GROUPS[key], weight: measures[key].weight });
    for (const [key, m] of Object.entries(extras)) weighted.push({ key, group: m.group, weight: m.weight });
    for (const key of USAGE_KEYS) weighted.push({ key, group: 'usage', weight: usage[key].weight });
    return {
      name: segmentName || 'default',
      groups,
      measures,
      extras,
      usage,
      weighted: weighted.filter((m) => m.weight > 0 && groups[m.group] > 0),
    };
  }
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
