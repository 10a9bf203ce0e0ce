import type { BandSettings } from '../config/scoringSettings.js';
import { BANDS, type Band } from '../model/bands.js';

/** red < `red` <= yellow < `green` <= green, with no memory. */
export function rawBand(health: number, b: BandSettings): Band {
  return health < b.red ? 'red' : health < b.green ? 'yellow' : 'green';
}

/** What the previous runs said about an account: its band then, and its healths, newest first. */
export interface BandHistory {
  band: Band;
  recentHealths: readonly number[];
}

/**
 * The band with hysteresis, so an account hovering at a threshold does not flap between runs:
 * moving up needs the threshold plus `upMargin`; moving down needs `downRuns` consecutive runs
 * below the threshold (this one included). A red flag turns the band red at once: it is a
 * condition a CSM must see today, not a drift.
 */
export function bandWithHysteresis(health: number, history: BandHistory | null, b: BandSettings, redFlagged: boolean): Band {
  const now = rawBand(health, b);
  if (!history || redFlagged) return now;
  const previous = BANDS.indexOf(history.band);
  const current = BANDS.indexOf(now);
  if (current > previous) {
    let reached = previous;
    while (reached < current && health >= lowerThreshold(reached + 1, b) + b.upMargin) reached += 1;
    return BANDS[reached]!;
  }
  if (current < previous) {
    const window = [health, ...history.recentHealths.slice(0, b.downRuns - 1)];
    if (window.length < b.downRuns) return history.band;
    // The best band every run of the window has been at or below.
    const held = Math.max(...window.map((h) => BANDS.indexOf(rawBand(h, b))));
    return BANDS[Math.min(previous, held)]!;
  }
  return history.band;
}

function lowerThreshold(bandIndex: number, b: BandSettings): number {
  return bandIndex === 2 ? b.green : b.red;
}
