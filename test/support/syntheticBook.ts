import type { AccountInputs, ScoringOpportunity, ScoringTicket, UsageSeries } from '../../src/model/accountInputs.js';
import { DAY, NOW } from './scoringFixtures.js';
import { seededRandom } from '../../emulators/http/faults.js';

/**
 * A seeded book of AccountInputs built here rather than by the emulators' generator, so that
 * golden outputs pinned on it stay valid while the emulators' books change. Each account has a
 * hidden health; its renewals are lost more often the lower it is, its tickets and activity
 * follow it weakly. With `usage`, each account also has a daily usage series over the last
 * `usage.coverDays` days in which product use falls away before a renewal that is then lost:
 * usage then carries churn signal the CRM measures do not.
 */
export interface SyntheticBookOptions {
  accounts: number;
  seed: number;
  usage?: { coverDays: number };
}

const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'] as const;
const PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
const TODAY = Math.floor(NOW / DAY);

export function syntheticBook({ accounts, seed, usage }: SyntheticBookOptions): AccountInputs[] {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const book: AccountInputs[] = [];
  for (let i = 0; i < accounts; i++) {
    const hidden = normal();
    const segment = SEGMENTS[Math.floor(random() * SEGMENTS.length)]!;
    const arr = Math.round(5_000 + 80_000 * random() * (segment === 'Enterprise' ? 3 : 1));
    const ageDays = 400 + Math.floor(random() * 1_100);
    const createdMs = NOW - ageDays * DAY;
    const opportunities: ScoringOpportunity[] = [
      opp(`S${i}-new`, 'new', createdMs, true, arr),
    ];
    // Annual renewals on the account's anniversary; a lost one ends the relationship.
    const lost: number[] = [];
    let renewalMs = createdMs + 365 * DAY;
    for (let year = 1; renewalMs <= NOW; year++, renewalMs += 365 * DAY) {
      const pLost = 1 / (1 + Math.exp(2.2 + 0.5 * hidden - 0.8 * normal()));
      const isLost = random() < pLost;
      opportunities.push(opp(`S${i}-r${year}`, 'renewal', renewalMs, !isLost, arr));
      if (isLost) {
        lost.push(renewalMs);
        break;
      }
    }
    const churned = lost.length > 0;
    if (!churned && renewalMs - NOW < 170 * DAY) opportunities.push({ ...opp(`S${i}-open`, 'renewal', renewalMs, false, arr), isClosed: false, probability: 20 + Math.floor(random() * 60) });

    const tickets: ScoringTicket[] = [];
    const ticketCount = Math.max(0, Math.round(4 + 3 * normal() - 1.5 * hidden));
    for (let t = 0; t < ticketCount; t++) {
      const createdDaysAgo = Math.floor(random() * Math.min(ageDays, 700));
      const closed = random() < 0.85;
      tickets.push({
        priority: PRIORITIES[Math.floor(random() * PRIORITIES.length)]!,
        isClosed: closed,
        isEscalated: random() < 0.05,
        createdMs: NOW - createdDaysAgo * DAY,
        closedMs: closed ? NOW - Math.max(0, createdDaysAgo - 3) * DAY : null,
        csat: closed && random() < 0.4 ? Math.min(5, Math.max(1, Math.round(3.8 + 0.5 * hidden + normal()))) : null,
      });
    }
    book.push({
      id: `S${String(i).padStart(5, '0')}`,
      name: `Synthetic ${i}`,
      segment,
      arr: churned ? 0 : arr,
      renewalMs: churned ? lost[0]! : renewalMs,
      lastActivityMs: NOW - Math.floor(random() * 90) * DAY,
      createdMs,
      extras: random() < 0.5 ? { nps: Math.round(20 + 20 * hidden + 15 * normal()) } : {},
      seats: Math.max(5, Math.round(arr / 2_000)),
      usage: usage ? usageSeries(random, normal, Math.max(5, Math.round(arr / 2_000)), createdMs, lost[0] ?? null, usage.coverDays, opportunities) : null,
      tickets,
      opportunities,
    });
  }
  return book;
}

/**
 * Daily use by a share of the seats that sags in the 120 days before a renewal that is lost
 * (and, less often, before one that is kept), and stops at a loss.
 */
function usageSeries(
  random: () => number,
  normal: () => number,
  seats: number,
  createdMs: number,
  lostMs: number | null,
  coverDays: number,
  opportunities: readonly ScoringOpportunity[],
): UsageSeries {
  const fromDay = TODAY - coverDays + 1;
  const firstDay = Math.max(fromDay, Math.floor(createdMs / DAY));
  const lastDay = lostMs === null ? TODAY : Math.min(TODAY, Math.floor(lostMs / DAY));
  const share = 0.35 + 0.4 * random();
  const sags = opportunities
    .filter((o) => o.type === 'renewal' && o.isClosed && o.closeMs !== null)
    .filter((o) => (o.isWon ? random() < 0.15 : random() < 0.85))
    .map((o) => Math.floor(o.closeMs! / DAY));
  const days: number[] = [];
  const active: number[] = [];
  for (let d = firstDay; d <= lastDay; d++) {
    let level = share;
    for (const sag of sags) if (d > sag - 120 && d <= sag) level *= 0.25 + (0.75 * (sag - d)) / 120;
    if ((d + 3) % 7 < 2) level *= 0.3;
    const users = Math.max(0, Math.round(seats * level * (1 + 0.2 * normal())));
    if (users === 0) continue;
    days.push(d);
    active.push(users);
  }
  const n = days.length;
  const series: UsageSeries = {
    days: Int32Array.from(days),
    activeUsers: Float64Array.from(active),
    activeUsers30d: new Float64Array(n),
    events: Float64Array.from(active, (u) => u * 12),
    features30d: new Float64Array(n),
    seats: new Float64Array(n).fill(Number.NaN),
    fromDay,
    toDay: TODAY,
  };
  for (let k = 0; k < n; k++) {
    let peak = 0;
    for (let j = k; j >= 0 && days[j]! > days[k]! - 30; j--) peak = Math.max(peak, active[j]!);
    series.activeUsers30d[k] = Math.min(seats, Math.round(peak * 1.3));
    series.features30d[k] = Math.min(12, Math.round(peak / 2));
  }
  return series;
}

function opp(id: string, type: 'new' | 'renewal', closeMs: number, isWon: boolean, amount: number): ScoringOpportunity {
  return { id, type, stage: null, probability: isWon ? 100 : 0, isClosed: true, isWon, amount, amountAtCurrentRate: amount, closeMs, createdMs: closeMs - 60 * DAY };
}
