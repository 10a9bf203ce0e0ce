import type { Segment } from './bookTypes.js';

export interface SegmentProfile {
  segment: Segment;
  /** Share of the book. */
  share: number;
  employees: readonly [min: number, max: number];
  arr: readonly [min: number, max: number];
  /** Tickets a typical (average-risk) account of this size files in a year. */
  ticketsPerYear: number;
  /** Added to the account's latent risk: small customers churn more, as in most SaaS books. */
  riskOffset: number;
}

export const SEGMENT_PROFILES: readonly SegmentProfile[] = [
  { segment: 'SMB', share: 0.55, employees: [8, 200], arr: [6_000, 50_000], ticketsPerYear: 3, riskOffset: 0.15 },
  {
    segment: 'Mid-Market',
    share: 0.32,
    employees: [200, 2_000],
    arr: [50_000, 250_000],
    ticketsPerYear: 8,
    riskOffset: 0,
  },
  {
    segment: 'Enterprise',
    share: 0.13,
    employees: [2_000, 60_000],
    arr: [250_000, 2_000_000],
    ticketsPerYear: 18,
    riskOffset: -0.25,
  },
];

export function segmentProfile(segment: Segment): SegmentProfile {
  const profile = SEGMENT_PROFILES.find((p) => p.segment === segment);
  if (!profile) throw new Error(`unknown segment ${segment}`);
  return profile;
}
