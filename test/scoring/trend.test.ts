import { dayOf, nextDaily, trendOf } from '../../src/scoring/trend.js';
import type { DailyHealth } from '../../src/model/scoreHistory.js';
import { defaultScoring, NOW } from '../support/scoringFixtures.js';

const trend = defaultScoring().trend;
const today = dayOf(NOW);
/** One point a week, oldest first, ending a week before today. */
const weekly = (healths: number[]): DailyHealth[] => healths.map((health, i) => [today - 7 * (healths.length - i), health]);

describe('trend', () => {
  it.each([
    ['rising 3 points a week', weekly([56, 59, 62, 65]), 68, 3, 'up'],
    ['falling 3 points a week', weekly([80, 77, 74, 71]), 68, -3, 'down'],
    ['rising 2 points a week is flat', weekly([60, 62, 64, 66]), 68, 2, 'flat'],
    ['steady', weekly([70, 70, 70, 70]), 70, 0, 'flat'],
  ] as const)('%s', (_name, daily, current, slope, label) => {
    const t = trendOf(current, today, daily, trend);
    expect(t.slopePerWeek).toBeCloseTo(slope, 8);
    expect(t.label).toBe(label);
  });

  it('fits the slope on the last 28 days only, and measures the change against 30-45 days ago', () => {
    const daily: DailyHealth[] = [
      [today - 50, 10],
      [today - 40, 75],
      [today - 29, 90],
      [today - 14, 80],
    ];
    const t = trendOf(70, today, daily, trend);
    expect(t.change).toBe(-5);
    // Only 14 days ago (80) and today (70) are within 28 days: -10 points in two weeks.
    expect(t.slopePerWeek).toBeCloseTo(-5, 8);
    expect(t.label).toBe('down');
  });

  it('has no slope or change on the first day, and ignores an earlier pass of today', () => {
    expect(trendOf(60, today, [], trend)).toEqual({ change: null, slopePerWeek: null, label: 'flat' });
    expect(trendOf(60, today, [[today, 20]], trend)).toEqual({ change: null, slopePerWeek: null, label: 'flat' });
  });

  it('keeps one health per day, the last, and only as far back as the trend reads', () => {
    let daily: DailyHealth[] = [];
    daily = nextDaily(daily, today - 60, 50, trend);
    daily = nextDaily(daily, today - 1, 60, trend);
    daily = nextDaily(daily, today, 70, trend);
    daily = nextDaily(daily, today, 72, trend);
    expect(daily).toEqual([
      [today - 1, 60],
      [today, 72],
    ]);
  });
});
