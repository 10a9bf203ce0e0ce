import {
  csatScore,
  escalationScore,
  openHighPriorityScore,
  readSupport,
  sizeFactor,
  ticketLoadScore,
} from '../../src/scoring/measures/supportMeasures.js';
import { LowerIsBetterRank } from '../../src/scoring/normalise.js';
import { defaultScoring, NOW, ticket } from '../support/scoringFixtures.js';

const m = defaultScoring().measures;

describe('support measures', () => {
  it.each([
    ['no tickets', [], 0],
    ['one medium ticket created today', [ticket({ ageDays: 1e-6 })], 1],
    ['an urgent ticket one half-life old', [ticket({ priority: 'urgent', ageDays: 45 })], 2.5],
    ['a low and a high ticket, both new', [ticket({ priority: 'low', ageDays: 1e-6 }), ticket({ priority: 'high', ageDays: 1e-6 })], 3.5],
    ['a ticket older than the 90-day window', [ticket({ priority: 'urgent', ageDays: 91, closedDaysAgo: 80 })], 0],
    ['a ticket created after the moment', [ticket({ ageDays: -1 })], 0],
    ['a ticket created at the moment itself', [ticket({ ageDays: 0 })], 0],
    ['an unknown priority weighs as medium', [ticket({ priority: null, ageDays: 1e-6 })], 1],
  ])('load: %s', (_name, tickets, load) => {
    expect(readSupport(tickets, NOW, m, 1).load).toBeCloseTo(load, 6);
  });

  it('divides the load by the size factor, never below 1', () => {
    expect(sizeFactor(null, m.ticketLoad)).toBe(1);
    expect(sizeFactor(5_000, m.ticketLoad)).toBe(1);
    expect(sizeFactor(80_000, m.ticketLoad)).toBeCloseTo(2);
    expect(readSupport([ticket({ ageDays: 1e-6, priority: 'urgent' })], NOW, m, 2).load).toBeCloseTo(2.5);
  });

  it('scores the load as a percentile among peers, or on the fixed scale for a small segment', () => {
    const peers = new LowerIsBetterRank(Array.from({ length: 40 }, (_, i) => i / 10));
    expect(ticketLoadScore(0, peers, m.ticketLoad)).toBe(100);
    expect(ticketLoadScore(2, peers, m.ticketLoad)).toBeCloseTo(50);
    const few = new LowerIsBetterRank([0, 1, 2]);
    expect(ticketLoadScore(0.5, few, m.ticketLoad)).toBe(100);
    expect(ticketLoadScore(6, few, m.ticketLoad)).toBe(0);
    expect(ticketLoadScore(3.25, undefined, m.ticketLoad)).toBeCloseTo(50);
  });

  it.each([
    ['no open high-priority ticket', [ticket({ priority: 'medium', ageDays: 30 })], null, 100],
    ['a P1 open 2 days (1 SLA)', [ticket({ priority: 'urgent', ageDays: 2 })], 1, 100],
    ['a P1 open 4 days (2 SLAs)', [ticket({ priority: 'urgent', ageDays: 4 })], 2, 50],
    ['a P2 open 15 days (3 SLAs)', [ticket({ priority: 'high', ageDays: 15 })], 3, 0],
    ['the worst of several', [ticket({ priority: 'high', ageDays: 5 }), ticket({ priority: 'urgent', ageDays: 3 })], 1.5, 75],
    ['a P1 closed since', [ticket({ priority: 'urgent', ageDays: 9, closedDaysAgo: 1 })], null, 100],
  ])('open high-priority age: %s', (_name, tickets, ratio, score) => {
    const facts = readSupport(tickets, NOW, m, 1);
    expect(facts.worstOpen?.slaRatio ?? null).toBe(ratio);
    expect(openHighPriorityScore(facts.worstOpen?.slaRatio ?? null, m.openHighPriorityAge)).toBeCloseTo(score);
  });

  it('reads a ticket closed after the moment as open at the moment (as-of)', () => {
    const facts = readSupport([ticket({ priority: 'urgent', ageDays: 20, closedDaysAgo: 5 })], NOW - 10 * 86_400_000, m, 1);
    expect(facts.worstOpen).toEqual({ slaRatio: 5, days: 10, priority: 'urgent' });
    expect(facts.urgentSlaRatio).toBe(5);
  });

  it.each([
    [0, 100],
    [1, 50],
    [2, 25],
    [4, 6.25],
  ])('%p escalations score %p', (count, score) => {
    expect(escalationScore(count)).toBe(score);
  });

  it('counts escalations in the window and in the last 30 days', () => {
    const facts = readSupport(
      [ticket({ isEscalated: true, ageDays: 5 }), ticket({ isEscalated: true, ageDays: 60 }), ticket({ isEscalated: true, ageDays: 120, closedDaysAgo: 100 })],
      NOW,
      m,
      1,
    );
    expect([facts.escalations, facts.escalationsLast30Days]).toEqual([2, 1]);
  });

  it.each([
    ['no rating: dropped', 0, 0, 4, null],
    ['one angry rating is pulled toward the org mean', 1, 1, 4, 100 * ((1 + 5 * 4) / 6 - 2.5) / 2],
    ['many ratings stand on their own', 200, 50, 4, 100 * ((200 + 20) / 55 - 2.5) / 2],
    ['a perfect record', 25, 5, 4.5, 100],
  ])('CSAT: %s', (_name, sum, count, orgMean, score) => {
    const result = csatScore(sum, count, orgMean, m.csat);
    if (score === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(score);
  });

  it('takes CSAT from tickets closed in the window only', () => {
    const facts = readSupport(
      [ticket({ csat: 2, ageDays: 20, closedDaysAgo: 10 }), ticket({ csat: 5, ageDays: 400, closedDaysAgo: 390 }), ticket({ csat: 4, ageDays: 3 })],
      NOW,
      m,
      1,
    );
    expect([facts.csatSum, facts.csatCount]).toEqual([2, 1]);
  });
});
