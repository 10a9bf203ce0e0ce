import type { Band } from './bands.js';

export type TrendLabel = 'up' | 'flat' | 'down';

/** What earlier passes left behind for one account (`state/snapshots.ts` keeps it in score_carry). */
export interface PreviousScore {
  band: Band;
  /** Healths of the previous passes, newest first (for the band's hysteresis). */
  recentHealths: number[];
  /** Measure scores at the last pass, by key (for "what moved the score"). */
  measureScores: Record<string, number | null>;
  /** The last health of each day, oldest first, as [day number since the epoch, health] (for the trend). */
  daily: DailyHealth[];
}

export type DailyHealth = [day: number, health: number];

/** Earlier passes of a connector's accounts, by account id. */
export interface ScoringHistory {
  previous: ReadonlyMap<string, PreviousScore>;
}

export const NO_HISTORY: ScoringHistory = { previous: new Map() };
