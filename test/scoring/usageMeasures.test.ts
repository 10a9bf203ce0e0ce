import type { MeasureMoment } from '../../src/scoring/accountInputs.js';
import { readUsage, usageDayOf } from '../../src/scoring/measures/usageMeasures.js';
import { measureWith, Population, readFacts } from '../../src/scoring/measureAccounts.js';
import { ScoringProfiles } from '../../src/scoring/segmentProfile.js';
import { FactsTable } from '../../src/scoring/factsTable.js';
import { usageLabel, usageSentence } from '../../src/scoring/usageValues.js';
import { account, DAY, daysAgo, defaultScoring, NOW, usageSeries } from '../support/scoringFixtures.js';

const config = defaultScoring();
const u = config.usage;
const current: MeasureMoment = { mode: 'current', atMs: NOW };
const asOf = (days: number): MeasureMoment => ({ mode: 'asOf', atMs: daysAgo(days), excludeOpportunityId: 'none' });
/** Use every weekday-like day: 10 users, 100 events, features30d 4, seats 40. */
const steady = (daysAgo: number) => ({ activeUsers: 10, activeUsers30d: 25, events: 100 + (daysAgo < 28 ? -35 : 0), features30d: 4, seats: 40 });

describe('usage at a moment', () => {
  it('reads the live score on the last covered day, and an as-of date on the day before it', () => {
    const s = usageSeries({ fromDaysAgo: 100, toDaysAgo: 2 });
    expect(usageDayOf(s, current)).toBe(s.toDay);
    expect(usageDayOf(s, asOf(30))).toBe(Math.floor(NOW / DAY) - 31);
    // Renewal-day use never counts for the as-of slice of that day.
    const usedOnTheDay = usageSeries({ fromDaysAgo: 100, days: [{ daysAgo: 30, events: 5, activeUsers: 1 }, { daysAgo: 40, events: 5, activeUsers: 1 }] });
    expect(readUsage(usedOnTheDay, null, asOf(30), u)!.daysSinceUse).toBe(9);
  });

  it('is missing, never zero, before the coverage and the window each value needs', () => {
    const s = usageSeries({ fromDaysAgo: 40, each: steady });
    const before = readUsage(s, 40, asOf(45), u)!;
    expect(before).toMatchObject({ activeUsers: null, trend: null, features: null, daysSinceUse: null });
    // 40 days covered: the 30-day values are known, the 28-against-28 trend is not.
    const now = readUsage(s, 40, current, u)!;
    expect(now.activeUsers).toBe(25);
    expect(now.trend).toBeNull();
    expect(readUsage(usageSeries({ fromDaysAgo: 54, each: steady }), 40, current, u)!.trend).toBeNull();
    expect(readUsage(usageSeries({ fromDaysAgo: 55, each: steady }), 40, current, u)!.trend).toBeCloseTo(-0.35, 10);
  });

  it('counts days without an entry inside the coverage as days without use: real zeros', () => {
    const s = usageSeries({ fromDaysAgo: 200, days: [{ daysAgo: 100, events: 50, activeUsers: 3, features30d: 2, activeUsers30d: 3 }] });
    expect(readUsage(s, 40, current, u)).toMatchObject({ activeUsers: 0, activeUsersLowerBound: false, features: 0, trend: 0, daysSinceUse: 100 });
    const never = readUsage(usageSeries({ fromDaysAgo: 60, days: [{ daysAgo: 61, events: 0, activeUsers: 0 }] }), 40, current, u)!;
    expect(never).toMatchObject({ daysSinceUse: 61, noUseSinceCoverage: true });
  });

  it('takes the 30-day count of day T, else the busiest day in 30 days as a lower bound', () => {
    const days = [
      { daysAgo: 20, activeUsers: 7, activeUsers30d: 30 },
      { daysAgo: 5, activeUsers: 12 },
      { daysAgo: 45, activeUsers: 50 },
    ];
    const withoutToday = readUsage(usageSeries({ fromDaysAgo: 90, days }), 40, current, u)!;
    expect(withoutToday).toMatchObject({ activeUsers: 12, activeUsersLowerBound: true });
    const withToday = readUsage(usageSeries({ fromDaysAgo: 90, days: [...days, { daysAgo: 0, activeUsers: 2, activeUsers30d: 33 }] }), 40, current, u)!;
    expect(withToday).toMatchObject({ activeUsers: 33, activeUsersLowerBound: false });
    // The lower bound needs the whole 30 days covered.
    expect(readUsage(usageSeries({ fromDaysAgo: 20, days: [{ daysAgo: 5, activeUsers: 12 }] }), 40, current, u)!.activeUsers).toBeNull();
  });

  it("takes seats from the source's latest count up to T, else from the CRM field, else leaves active seats out", () => {
    const s = usageSeries({ fromDaysAgo: 90, days: [{ daysAgo: 60, seats: 50, activeUsers: 1 }, { daysAgo: 10, seats: 80, activeUsers30d: 20 }] });
    expect(readUsage(s, 40, current, u)).toMatchObject({ seats: 80, seatsFromCrm: false });
    expect(readUsage(s, 40, asOf(30), u)).toMatchObject({ seats: 50, seatsFromCrm: false });
    expect(readUsage(s, 40, asOf(70), u)).toMatchObject({ seats: 40, seatsFromCrm: true });
    const noSeats = usageSeries({ fromDaysAgo: 90, days: [{ daysAgo: 0, activeUsers30d: 20 }] });
    const profile = new ScoringProfiles(config).for(null);
    const request = { inputs: account({ usage: noSeats, seats: null }), moment: current, profile };
    const m = measureWith(request, readFacts(request), new Population().freeze(), config.redFlags);
    expect(m.measures.find((x) => x.key === 'activeSeats')).toMatchObject({ score: null, value: null, note: '20/?' });
    expect(usageSentence('activeSeats', null, '20/?')).toBe('20 users active in the last 30 days; no seat count (map a seats field, or a source that gives one)');
  });

  it('counts active users for the trend when the source gives no events', () => {
    const s = usageSeries({ fromDaysAgo: 60, each: (d) => ({ activeUsers: d < 28 ? 15 : 10 }) });
    expect(readUsage(s, 40, current, u)).toMatchObject({ trend: 0.5, trendOfEvents: false });
  });

  it('leaves feature breadth out when the source gives none', () => {
    const s = usageSeries({ fromDaysAgo: 60, each: () => ({ events: 10, activeUsers: 2 }) });
    expect(readUsage(s, 40, current, u)!.features).toBeNull();
  });

  it('gives no usage facts or measures to an account no usage source matched', () => {
    const profile = new ScoringProfiles(config).for(null);
    const request = { inputs: account(), moment: current, profile };
    const facts = readFacts(request);
    expect(facts.usage).toBeNull();
    expect(measureWith(request, facts, new Population().freeze(), config.redFlags).measures.map((m) => m.group)).not.toContain('usage');
  });

  it('scores and words the measures of an account with usage', () => {
    const profile = new ScoringProfiles(config).for(null);
    // No use in the last 9 days nor in the 9 days after the previous window's start: 19 days each.
    const s = usageSeries({ fromDaysAgo: 120, each: (d) => (d < 9 || (d >= 28 && d < 37) ? null : { activeUsers: 12, events: d < 28 ? 65 : 100, features30d: 4 }) });
    const request = { inputs: account({ usage: s, seats: 40 }), moment: current, profile };
    const m = measureWith(request, readFacts(request), new Population().freeze(), config.redFlags);
    const byKey = Object.fromEntries(m.measures.filter((x) => x.group === 'usage').map((x) => [x.key, x]));
    expect(Object.keys(byKey)).toEqual(['activeSeats', 'usageTrend', 'featureBreadth', 'usageRecency']);
    const words = Object.values(byKey).map((x) => usageSentence(x.key, x.value, x.note));
    expect(words).toEqual([
      'at least 12 of 40 seats active in the last 30 days (the busiest single day: the source gave no 30-day count), seats from the CRM field',
      'usage −35% (last 28 days against the 28 before, in events)',
      '4 features used in 30 days',
      'last product use 9 days ago',
    ]);
    expect(Object.values(byKey).map((x) => usageLabel(x.key, x.value, x.note))).toEqual(['>=12/40 seats active', 'Usage -35% (28d)', '4 features used', 'No product use 9d']);
    // 12 of 40 is 0.3, the bad end; -35% is beyond the bad end of -30%.
    expect(byKey.activeSeats!.score).toBe(0);
    expect(byKey.usageTrend!.score).toBe(0);
    expect(byKey.featureBreadth!.score).toBeCloseTo(75, 10);
    expect(byKey.usageRecency!.score).toBeCloseTo(100 * Math.pow(2, -2 / 14), 8);
  });
});

describe('usage facts in the facts table', () => {
  it('come back equal from the compact row, with and without usage', () => {
    const profile = new ScoringProfiles(config).for(null);
    const table = new FactsTable();
    const accounts = [
      account({ usage: usageSeries({ fromDaysAgo: 120, each: steady }), seats: 40 }),
      account({ usage: usageSeries({ fromDaysAgo: 20, days: [{ daysAgo: 3, activeUsers: 4 }] }), seats: null }),
      account({ usage: usageSeries({ fromDaysAgo: 60, days: [{ daysAgo: 61, events: 1 }] }), seats: 10 }),
      account(),
    ];
    const facts = accounts.map((a) => readFacts({ inputs: a, moment: current, profile }));
    accounts.forEach((a, i) => table.add(a, facts[i]!));
    facts.forEach((f, i) => expect(table.facts(i)).toEqual(f));
    expect(facts.map((f) => f.usage === null)).toEqual([false, false, false, true]);
  });
});
