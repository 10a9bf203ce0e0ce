import { activityRecencyScore, daysSinceActivity, extraScore } from '../../src/scoring/measures/engagementMeasures.js';
import { defaultScoring, NOW, daysAgo } from '../support/scoringFixtures.js';

const config = defaultScoring();

describe('engagement measures', () => {
  it.each([
    [null, null],
    [daysAgo(-2), 100],
    [daysAgo(10), 100],
    [daysAgo(51), 50],
    [daysAgo(111), 12.5],
  ])('activity at %p scores %p', (lastActivity, score) => {
    const result = activityRecencyScore(daysSinceActivity(lastActivity, NOW), config.measures.activityRecency);
    if (score === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(score);
  });

  it.each([
    ['usage_score', 30, 0],
    ['usage_score', 55, 50],
    ['usage_score', 95, 100],
    ['nps', 15, 50],
    ['nps', -60, 0],
    ['nps', null, null],
    ['nps', undefined, null],
  ] as const)('extra %s = %p scores %p', (name, value, score) => {
    const result = extraScore(value, config.extras[name]!);
    if (score === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(score);
  });
});
