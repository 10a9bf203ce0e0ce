import type { BookRandom } from '../book/bookRandom.js';
import { clamp } from '../book/bookRandom.js';
import type { ContractYear } from '../book/contractYears.js';

/** Engagement moves against the latent risk: a risk one deviation higher costs this much. */
const RISK_WEIGHT = 0.6;
/** Usage does not jump at a renewal: the new year's level is reached over these days. */
const YEAR_BLEND_DAYS = 60;
/** Share of lost renewals that customers disengage before (the others leave over price, a merger, a champion gone). */
const DISENGAGED_LOSS_SHARE = 0.7;
/** Share of won renewals that had a scare: a dip that the renewal ended. */
const SCARE_SHARE = 0.12;

/**
 * An account's engagement per day, a unitless level where 0 is a typical customer, +1 a keen one
 * and -2 one on the way out. It follows the book's hidden risk per contract year, with an
 * account's own offset and a slow wander; most lost renewals were preceded by a decline of a few
 * months, and some won ones by a dip. Index 0 is `firstDay`.
 */
export function engagementCurve(rng: BookRandom, years: readonly ContractYear[], firstDay: number, lastDay: number): Float64Array {
  const curve = new Float64Array(lastDay - firstDay + 1);
  const offset = 0.35 * rng.normal();
  // Weekly AR(1) wander: persistent enough to look like real drift, too small to swamp the risk.
  let wander = 0.25 * rng.normal();
  let nextWeek = firstDay;
  for (let day = firstDay; day <= lastDay; day++) {
    if (day >= nextWeek) {
      wander = 0.85 * wander + 0.13 * rng.normal();
      nextWeek += 7;
    }
    curve[day - firstDay] = offset + wander - RISK_WEIGHT * riskOn(years, day);
  }
  for (const year of years) {
    if (year.outcome === 'lost' && rng.chance(DISENGAGED_LOSS_SHARE)) {
      addRunUp(curve, firstDay, year.endDay, rng.int(60, 210), -rng.between(0.8, 2.4));
    } else if (year.outcome === 'won' && rng.chance(SCARE_SHARE)) {
      addRunUp(curve, firstDay, year.endDay, rng.int(60, 150), -rng.between(0.4, 1.1));
    }
  }
  return curve;
}

/** The year's risk, blended from the year before's over the first weeks; before the first contract, the first year's. */
function riskOn(years: readonly ContractYear[], day: number): number {
  for (let i = 0; i < years.length; i++) {
    const year = years[i]!;
    if (day >= year.endDay && i < years.length - 1) continue;
    const previous = years[i - 1];
    if (!previous) return year.risk;
    const t = clamp((day - year.startDay) / YEAR_BLEND_DAYS, 0, 1);
    return previous.risk + t * (year.risk - previous.risk);
  }
  return years[years.length - 1]?.risk ?? 0;
}

/** A change deepening steadily towards the contract end, from nothing `lengthDays` before it to `depth` at it. */
function addRunUp(curve: Float64Array, firstDay: number, endDay: number, lengthDays: number, depth: number): void {
  const from = Math.max(firstDay, endDay - lengthDays);
  const to = Math.min(endDay, firstDay + curve.length);
  for (let day = from; day < to; day++) {
    const t = (day - (endDay - lengthDays)) / lengthDays;
    curve[day - firstDay]! += depth * t;
  }
}
