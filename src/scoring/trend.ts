import type { TrendSettings } from '../config/scoringSettings.js';
import type { DailyHealth, TrendLabel } from '../model/scoreHistory.js';
import { DAY_MS } from '../model/time.js';

export interface Trend {
  /** Health now minus health `changeDays` ago; null without a day that old in the series. */
  change: number | null;
  /** OLS slope over the last `slopeDays`, in points per week; null with points on one day only. */
  slopePerWeek: number | null;
  label: TrendLabel;
}

/** The day number (days since 1970-01-01 UTC) of an instant. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * The trend from the daily series and today's health: the OLS slope of health against days over
 * the last `slopeDays` (today's health replaces any earlier pass of today), and the change
 * against the last day at or before `changeDays` ago — with half that window of slack, so a
 * skipped day still has a baseline.
 */
export function trendOf(current: number, today: number, daily: readonly DailyHealth[], t: TrendSettings): Trend {
  let n = 1;
  let sx = 0;
  let sy = current;
  let sxy = 0;
  let sxx = 0;
  let baseline: number | null = null;
  for (const [day, health] of daily) {
    const x = day - today;
    if (x >= 0) continue;
    if (x >= -t.slopeDays) {
      n += 1;
      sx += x;
      sy += health;
      sxy += x * health;
      sxx += x * x;
    }
    if (x <= -t.changeDays && x >= -1.5 * t.changeDays) baseline = health;
  }
  const denominator = n * sxx - sx * sx;
  const slopePerWeek = n >= 2 && denominator > 0 ? (7 * (n * sxy - sx * sy)) / denominator : null;
  const label: TrendLabel =
    slopePerWeek === null || Math.abs(slopePerWeek) <= t.flatBelowPerWeek ? 'flat' : slopePerWeek > 0 ? 'up' : 'down';
  return { change: baseline === null ? null : current - baseline, slopePerWeek, label };
}

/** The series with today's health (replacing an earlier pass of today), trimmed to what the trend reads. */
export function nextDaily(daily: readonly DailyHealth[], today: number, health: number, t: TrendSettings): DailyHealth[] {
  const keepFrom = today - Math.ceil(Math.max(t.slopeDays, 1.5 * t.changeDays));
  const kept = daily.filter(([day]) => day >= keepFrom && day < today);
  kept.push([today, health]);
  return kept;
}
