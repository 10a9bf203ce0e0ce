import type { BookRandom } from '../book/bookRandom.js';
import { clamp, sigmoid } from '../book/bookRandom.js';
import { PRODUCT_FEATURES } from './productFeatures.js';
import type { DailyColumns } from './usageTypes.js';

// Bound once: Jest runs modules in a vm context, where every global lookup (Math included) goes
// through an interceptor and the hot loop below ran eight times slower.
const { exp, floor, log, max, min, pow, round } = Math;

/** What drives one key's usage, day by day from `firstDay` to `lastUsageDay`. */
export interface UsagePlan {
  firstDay: number;
  /** The last day anyone may use the product: the day before the contract lapsed, or the last full day before as-of. */
  lastUsageDay: number;
  /** The last day a row may be written (the rolling metrics run on 29 days past the last use). */
  lastRowDay: number;
  /** Engagement per day from `firstDay` (see engagementCurve). */
  engagement: Float64Array;
  /** Licensed seats per day from `firstDay`. */
  seats: Int32Array;
  /** Days from the first day until the product is rolled out to everyone it will reach. */
  rolloutDays: number;
  /** 0 Sunday .. 6 Saturday of a day offset. */
  weekday(day: number): number;
}

/** Receives every session as it is simulated: the raw events of the same story as the aggregates. */
export type SessionSink = (day: number, userIndex: number, feature: number) => void;

/** People log in on weekdays; a few check in at weekends. Index 0 is Sunday. */
const WEEKDAY_FACTOR = [0.06, 1, 1, 1, 0.97, 0.85, 0.1];
const WINDOW_DAYS = 30;

/**
 * Simulates each user of one key day by day: who is rolled out to, who is active (a user's own
 * propensity times the day's engagement, weekday and a shock shared by all users that day), how
 * many sessions each has and which feature each uses. The aggregates are counted from those
 * draws, so distinct users and features over 30 days are real distinct counts, and a sink
 * sees exactly the sessions the aggregates count. A row is kept for every day on which someone
 * was active in the 30 days ending that day.
 */
export function simulateKeyUsage(rng: BookRandom, plan: UsagePlan, sink?: SessionSink): DailyColumns {
  const { firstDay, lastUsageDay, lastRowDay, engagement, seats } = plan;
  const maxSeats = seats.reduce((most, n) => max(most, n), 0);
  const tiers = userTiers(maxSeats);
  const featureOrder = shuffledFeatures(rng);
  // Days count from `firstDay - WINDOW_DAYS` here, so they are never negative and a day's slot in the window is `day % WINDOW_DAYS`.
  const lastActive = new Int32Array(maxSeats);
  const leavingOn = new Int32Array(WINDOW_DAYS);
  const featureLastUsed = new Int32Array(PRODUCT_FEATURES.length).fill(firstDay - WINDOW_DAYS);
  const capacity = max(0, lastRowDay - firstDay + 1);
  const out: DailyColumns = {
    days: new Int32Array(capacity),
    dau: new Int32Array(capacity),
    mau: new Int32Array(capacity),
    sessions: new Int32Array(capacity),
    features30d: new Int32Array(capacity),
    seats: new Int32Array(capacity),
  };
  let rows = 0;
  let mau = 0;
  for (let day = firstDay; day <= lastRowDay; day++) {
    const since = day - firstDay + WINDOW_DAYS;
    const slot = since % WINDOW_DAYS;
    // Users last active 30 days ago drop out of the window today.
    mau -= leavingOn[slot]!;
    leavingOn[slot] = 0;
    const i = min(day, lastUsageDay) - firstDay;
    const level = engagement[i]!;
    let dau = 0;
    let sessions = 0;
    if (day <= lastUsageDay) {
      const rollout = min(1, 0.15 + (0.85 * (day - firstDay)) / plan.rolloutDays);
      const reached = round(seats[i]! * rollout * 0.95 * sigmoid(1.2 + level));
      const intensity = sigmoid(0.5 + level) * WEEKDAY_FACTOR[plan.weekday(day)]! * exp(0.15 * rng.normal());
      const breadth = clamp(round(3 + 15 * sigmoid(level + 0.5) * rollout), 2, PRODUCT_FEATURES.length);
      for (const tier of tiers) {
        const end = min(tier.end, reached);
        const q = min(0.97, tier.propensity * intensity);
        if (tier.start >= end || q <= 0) continue;
        // Geometric gaps between the users active today: one draw per active user, not per user.
        const logMiss = log(1 - q);
        for (let user = tier.start - 1; ; ) {
          user += 1 + floor(log(1 - rng.next()) / logMiss);
          if (user >= end) break;
          dau++;
          const last = lastActive[user]!;
          if (last > since - WINDOW_DAYS) leavingOn[last % WINDOW_DAYS]!--;
          else mau++;
          leavingOn[slot]!++;
          lastActive[user] = since;
          const count = draw(tier.sessions, rng.next());
          sessions += count;
          for (let s = 0; s < count; s++) {
            // Skewed towards the account's main features; the rarer ones come with breadth.
            const feature = featureOrder[floor(breadth * FEATURE_SKEW[(rng.next() * FEATURE_SKEW.length) | 0]!)]!;
            featureLastUsed[feature] = day;
            sink?.(day, user, feature);
          }
        }
      }
    }
    if (mau === 0) continue;
    let features = 0;
    for (const used of featureLastUsed) if (used > day - WINDOW_DAYS) features++;
    out.days[rows] = day;
    out.dau[rows] = dau;
    out.mau[rows] = mau;
    out.sessions[rows] = sessions;
    out.features30d[rows] = features;
    out.seats[rows] = seats[i]!;
    rows++;
  }
  return {
    days: out.days.slice(0, rows),
    dau: out.dau.slice(0, rows),
    mau: out.mau.slice(0, rows),
    sessions: out.sessions.slice(0, rows),
    features30d: out.features30d.slice(0, rows),
    seats: out.seats.slice(0, rows),
  };
}

/**
 * A fifth of an account's users are power users, half regulars, the rest occasional: their odds
 * of being active on a day at full engagement, and the sessions they open when they are. Power
 * users come first, so they are the first reached by a roll-out and the last lost in a decline.
 */
const USER_TIERS = [
  { share: 0.2, propensity: 1.3, meanExtraSessions: 1.4 },
  { share: 0.5, propensity: 0.75, meanExtraSessions: 0.7 },
  { share: 0.3, propensity: 0.25, meanExtraSessions: 0.25 },
];

interface UserTier {
  start: number;
  end: number;
  propensity: number;
  /** Cumulative odds of 1, 2, 3... sessions in a day. */
  sessions: Float64Array;
}

function userTiers(users: number): UserTier[] {
  let start = 0;
  return USER_TIERS.map((tier, i) => {
    const end = i === USER_TIERS.length - 1 ? users : min(users, start + round(tier.share * users));
    const range = { start, end, propensity: tier.propensity, sessions: sessionOdds(tier.meanExtraSessions) };
    start = end;
    return range;
  });
}

/** 1 + Poisson(mean), as a cumulative table to draw from with one uniform. */
function sessionOdds(mean: number): Float64Array {
  const odds = new Float64Array(12);
  let p = exp(-mean);
  let sum = 0;
  for (let k = 0; k < odds.length; k++) {
    sum += p;
    odds[k] = sum;
    p *= mean / (k + 1);
  }
  return odds;
}

function draw(cumulative: Float64Array, u: number): number {
  let k = 0;
  while (k < cumulative.length - 1 && u >= cumulative[k]!) k++;
  return k + 1;
}

/** u^1.7 on a grid: which of the breadth's features a session uses, leaning to the first. */
const FEATURE_SKEW = Float64Array.from({ length: 1024 }, (_, i) => pow((i + 0.5) / 1024, 1.7));

function shuffledFeatures(rng: BookRandom): number[] {
  const order = PRODUCT_FEATURES.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
