import { compileCondition, evaluateCondition } from '../../src/tasks/conditionLanguage.js';
import { FACTS, type Facts } from '../../src/tasks/taskFacts.js';

const facts: Facts = {
  health: 38, band: 'red', churn_risk: 42, trend: 'down', health_change_30d: -18, band_30d_ago: 'yellow', bands_dropped_30d: 1,
  coverage: 80, red_flags: 1, arr: 50_000, segment: 'SMB', days_to_renewal: 90, renewal_opportunity: 'open', open_tickets: 2,
  open_urgent_tickets: 1, oldest_open_urgent_days: 6, oldest_open_high_days: null, escalations_30d: 0, lowest_csat_30d: null, days_since_activity: 12,
};

describe('conditions: evaluation', () => {
  it.each<[string, boolean]>([
    ['days_to_renewal <= 120 and (churn_risk >= 35 or band == "red")', true],
    ['days_to_renewal <= 60 and (churn_risk >= 35 or band == "red")', false],
    ["band == 'red'", true],
    ['band != "red"', false],
    ['not band == "green"', true],
    ['not (health > 30 and trend == "down")', false],
    ['health < 40 or churn_risk > 90', true],
    ['health_change_30d <= -15', true],
    ['oldest_open_high_days > 3', false], // null compares false...
    ['not oldest_open_high_days > 3', true], // ...so its negation is true
    ['oldest_open_high_days == null', true],
    ['lowest_csat_30d != null and lowest_csat_30d <= 2', false],
    ['segment == "SMB" and arr >= 10000.5', true],
    ['days_to_renewal>=-5', true],
    ['1 < 2', true],
    ['health == 38 and health != 38.5', true],
    ['a_or_b_is_not_a_keyword == 1 or true', true],
  ])('%s → %s', (text, expected) => {
    const compiled = compileCondition(text, { ...FACTS, a_or_b_is_not_a_keyword: { type: 'number', description: '' } });
    if (!compiled.ok) throw new Error(compiled.problems.join('\n'));
    expect(evaluateCondition(compiled.condition, facts)).toBe(expected);
  });

  it('lists the facts a condition reads, in order of first use', () => {
    const compiled = compileCondition('days_to_renewal <= 120 and (churn_risk >= 35 or band == "red") and churn_risk < 99');
    expect(compiled.ok && compiled.condition.facts).toEqual(['days_to_renewal', 'churn_risk', 'band']);
  });
});

describe('conditions: problems, each naming what to fix', () => {
  it.each<[string, string[]]>([
    ['dys_to_renewal <= 120', [expect.stringMatching(/^unknown fact "dys_to_renewal" at column 1 \(did you mean "days_to_renewal"\?\); allowed facts: health, band, churn_risk, .*days_to_renewal/) as unknown as string]],
    ['band == "redd"', ['band is never "redd" (column 9); its values are "red", "yellow", "green"']],
    ['band >= "red"', ['">=" at column 6 orders text values; only numbers can be compared with >=']],
    ['churn_risk >= "35"', ['">=" at column 12 compares churn_risk (number) with "35" (text)']],
    ['churn_risk', ['fact "churn_risk" at column 1 is not a yes/no condition; compare it, e.g. churn_risk >= 35']],
    ['health > null', ['">" at column 8 cannot compare with null; use == null or != null']],
    ['health = 3', ['use "==" to compare at column 8']],
    ['health > 3 and', ['the condition ends too early at column 15']],
    ['(health > 3', ['expected ")" at column 12']],
    ['health > 3 band == "red"', ['unexpected "band"; join conditions with "and" / "or" at column 12']],
    ['churn_risk >= 35 or colour == "red" and tier > 2', [expect.stringMatching(/^unknown fact "colour"/) as unknown as string, expect.stringMatching(/^unknown fact "tier"/) as unknown as string]],
    ['health > "x" or band < 3', ['">" at column 8 compares health (number) with "x" (text)', '"<" at column 22 compares band (text) with 3 (number)']],
    ['process.exit(1)', ['unexpected "." at column 8']],
  ])('%s', (text, problems) => {
    const compiled = compileCondition(text);
    expect(compiled.ok).toBe(false);
    expect(compiled.ok ? [] : compiled.problems).toEqual(problems);
  });
});
