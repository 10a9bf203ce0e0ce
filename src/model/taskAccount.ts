import type { Band } from './bands.js';
import type { TrendLabel } from './scoreHistory.js';

/** A closed renewal counts for the current cycle this long after its close date (the `renewal_opportunity` fact). */
export const RENEWAL_MEMORY_DAYS = 180;

/** What the state holds about one account, as `state/taskInputs.ts` reads it for the task rules. */
export interface TaskAccount {
  accountId: string;
  name: string | null;
  ownerId: string | null;
  segment: string | null;
  /** In the org's corporate currency. */
  arr: number | null;
  /** That currency's code, for task texts (`{{arr}}` reads "$120,000"); null or absent when the connector never said. */
  currency?: string | null;
  /** YYYY-MM-DD. */
  renewalDate: string | null;
  lastActivityAt: string | null;
  score: {
    health: number;
    band: Band;
    /** 0-100. */
    churnRisk: number;
    trend: TrendLabel;
    trendChange: number | null;
    /** 0-1. */
    coverage: number;
    redFlags: number;
    driversText: string;
  };
  band30dAgo: Band | null;
  /** Renewal opportunities: open ones and those closed recently enough to count for this cycle. */
  renewals: { isClosed: boolean; isWon: boolean; closeDate: string | null }[];
  tickets: {
    open: number;
    openUrgent: number;
    oldestOpenUrgentAt: string | null;
    oldestOpenHighAt: string | null;
    escalations30d: number;
    lowestCsat30d: number | null;
  };
}
