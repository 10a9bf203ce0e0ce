import type { ExtraMeasureSettings, MeasureSettings } from '../../config/scoringSettings.js';
import { DAY_MS } from '../../model/time.js';
import { decay, lin } from '../normalise.js';

/** Days since the last logged activity; null when the CRM knows none. */
export function daysSinceActivity(lastActivityMs: number | null, nowMs: number): number | null {
  return lastActivityMs === null ? null : Math.max(0, (nowMs - lastActivityMs) / DAY_MS);
}

export function activityRecencyScore(days: number | null, m: MeasureSettings['activityRecency']): number | null {
  return days === null ? null : decay(days, m.graceDays, m.halfLifeDays);
}

/** A mapped numeric field (usage, NPS) on its configured scale; absent or not a number: dropped. */
export function extraScore(value: number | null | undefined, m: ExtraMeasureSettings): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? lin(value, m.bad, m.good) : null;
}
