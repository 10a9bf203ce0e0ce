import type { ScoringConfig } from '../config/scoringSettings.js';

const NAMES: Record<string, string> = {
  ticketLoad: 'Ticket load',
  openHighPriorityAge: 'Open P1/P2 age',
  escalations: 'Escalations',
  csat: 'CSAT',
  renewalReadiness: 'Renewal readiness',
  arrTrend: 'ARR trend',
  contraction: 'Contraction',
  activityRecency: 'Activity recency',
  activeSeats: 'Active seats',
  usageTrend: 'Usage trend',
  featureBreadth: 'Feature breadth',
  usageRecency: 'Product use recency',
  usageMissing: 'No usage data',
  arrSize: 'ARR size',
  tenure: 'Tenure',
  segment: 'Segment',
  redFlag: 'Red flag cap',
};

/** What a person calls a measure or risk factor; mapped extras use their configured label. */
export function measureName(key: string, config: ScoringConfig): string {
  return NAMES[key] ?? config.extras[key]?.label ?? key;
}
