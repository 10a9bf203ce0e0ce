import { GROUP_KEYS, type GroupKey } from '../config/scoringSettings.js';
import type { MeasureValue } from './measureValue.js';
import type { RedFlag } from './redFlags.js';
import type { ScoringProfile } from './segmentProfile.js';

export interface Composite {
  /** 0-100 after red-flag caps. */
  health: number;
  /** 0-100 before caps; kept so the drivers can say what a cap cost. */
  uncapped: number;
  /** How much of the configured weight had data, 0-1. */
  coverage: number;
  /**
   * Effective weight ω of each measure (aligned with the measures; 0 when dropped): its group's
   * share times its share in the group, after the missing ones' weight was shared out.
   * H = Σ ω·score before caps.
   */
  omega: number[];
}

/**
 * Group score G = Σ w·s / Σ w over present measures; H = Σ W·G / Σ W over present groups. A
 * measure with no data is dropped and its weight shared out; coverage says how much was left of
 * the measures given. A measure the moment cannot take at all is not given, and counts nowhere:
 * usage for an account no usage source matched (so an org without usage scores as before usage
 * existed), the current-only measures of an account rebuilt as of a past date.
 * Null when no weighted measure has data: such an account cannot be scored.
 */
export function composite(measures: readonly MeasureValue[], profile: ScoringProfile, flags: readonly RedFlag[], cap: number): Composite | null {
  const present: Record<GroupKey, number> = { support: 0, commercial: 0, engagement: 0, sentiment: 0, usage: 0 };
  const configured: Record<GroupKey, number> = { support: 0, commercial: 0, engagement: 0, sentiment: 0, usage: 0 };
  const sums: Record<GroupKey, number> = { support: 0, commercial: 0, engagement: 0, sentiment: 0, usage: 0 };
  const inGroupWeight = measures.map((m) => {
    const weight = weightOf(profile, m.key);
    if (!m.notDue) configured[m.group] += weight;
    if (weight === 0 || m.score === null) return 0;
    present[m.group] += weight;
    sums[m.group] += weight * m.score;
    return weight;
  });

  let presentGroupWeight = 0;
  let configuredGroupWeight = 0;
  let weighted = 0;
  let covered = 0;
  for (const g of GROUP_KEYS) {
    const W = profile.groups[g];
    if (configured[g] === 0 || W === 0) continue;
    configuredGroupWeight += W;
    if (present[g] === 0) continue;
    presentGroupWeight += W;
    weighted += (W * sums[g]) / present[g];
    covered += (W * present[g]) / configured[g];
  }
  if (presentGroupWeight === 0) return null;

  const uncapped = weighted / presentGroupWeight;
  const omega = measures.map((m, i) => {
    const w = inGroupWeight[i]!;
    return w === 0 ? 0 : (profile.groups[m.group] / presentGroupWeight) * (w / present[m.group]);
  });
  return {
    health: flags.length > 0 ? Math.min(uncapped, cap) : uncapped,
    uncapped,
    coverage: covered / configuredGroupWeight,
    omega,
  };
}

function weightOf(profile: ScoringProfile, key: string): number {
  for (const w of profile.weighted) if (w.key === key) return w.weight;
  return 0;
}
