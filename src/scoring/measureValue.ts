import type { GroupKey } from '../config/scoringSettings.js';

/** One measure of one account, normalised. */
export interface MeasureValue {
  key: string;
  group: GroupKey;
  /** 0-100, higher is healthier; null when there is no data (dropped, its weight shared out). */
  score: number | null;
  /** The raw value in the measure's own unit (days, count, share, rating), for explanations. */
  value: number | null;
  /** A qualifier the explanation needs: `P1`/`P2`, `missing`, `downsell`, ... */
  note?: string;
  /**
   * Not due yet (a renewal beyond the horizon): neither present nor missing, so it is left out
   * of coverage instead of lowering it for most of the contract year.
   */
  notDue?: boolean;
}
