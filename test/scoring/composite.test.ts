import type { GroupKey } from '../../src/config/scoringSettings.js';
import { composite } from '../../src/scoring/composite.js';
import type { MeasureValue } from '../../src/scoring/measureValue.js';
import { redFlagsOf } from '../../src/scoring/redFlags.js';
import type { RenewalFacts } from '../../src/scoring/measures/commercialMeasures.js';
import type { SupportFacts } from '../../src/scoring/measures/supportMeasures.js';
import { ScoringProfiles } from '../../src/scoring/segmentProfile.js';
import { defaultScoring } from '../support/scoringFixtures.js';

const config = defaultScoring();
const profile = new ScoringProfiles(config).for('Mid-Market');

const GROUP: Record<string, GroupKey> = {
  ticketLoad: 'support',
  openHighPriorityAge: 'support',
  escalations: 'support',
  csat: 'support',
  renewalReadiness: 'commercial',
  arrTrend: 'commercial',
  contraction: 'commercial',
  activityRecency: 'engagement',
  usage_score: 'engagement',
  nps: 'sentiment',
};
const BASE = { ticketLoad: 50, openHighPriorityAge: 100, escalations: 50, csat: 60, renewalReadiness: 0, arrTrend: 75, contraction: 100, activityRecency: 100, usage_score: 40, nps: 80 };

function measures(overrides: Partial<Record<keyof typeof BASE, number | null | 'not-due'>> = {}): MeasureValue[] {
  return Object.entries({ ...BASE, ...overrides }).map(([key, score]) => ({
    key,
    group: GROUP[key]!,
    score: score === 'not-due' ? null : score,
    value: null,
    ...(score === 'not-due' ? { notDue: true } : {}),
  }));
}

describe('composite', () => {
  it.each([
    // support (35·50 + 30·100 + 15·50 + 20·60)/100 = 67; commercial (40·0 + 25·75 + 15·100)/80 = 42.1875
    ['every measure present', measures(), 61.865625, 1],
    // engagement falls back to activity alone (100) and sentiment is dropped: /90
    ['usage and NPS missing: their weight is shared out', measures({ usage_score: null, nps: null }), (30 * 67 + 35 * 42.1875 + 25 * 100) / 90, 0.8],
    ['CSAT missing inside its group', measures({ csat: null }), (30 * ((35 * 50 + 30 * 100 + 15 * 50) / 80) + 35 * 42.1875 + 25 * 76 + 10 * 80) / 100, 1 - 0.3 * 0.2],
    // commercial = (25·75 + 15·100)/40 = 84.375; a renewal not due yet is not missing data
    ['renewal not due: left out of coverage too', measures({ renewalReadiness: 'not-due' }), (30 * 67 + 35 * 84.375 + 25 * 76 + 10 * 80) / 100, 1],
    ['every measure at 100', measures(Object.fromEntries(Object.keys(BASE).map((k) => [k, 100]))), 100, 1],
  ])('%s', (_name, values, health, coverage) => {
    const c = composite(values, profile, [], 39)!;
    expect(c.health).toBeCloseTo(health, 8);
    expect(c.uncapped).toBeCloseTo(health, 8);
    expect(c.coverage).toBeCloseTo(coverage, 8);
    // H = Σ ω·s, and the ω of present measures sum to 1.
    const omegaSum = c.omega.reduce((a, b) => a + b, 0);
    expect(omegaSum).toBeCloseTo(1, 10);
    expect(values.reduce((h, m, i) => h + c.omega[i]! * (m.score ?? 0), 0)).toBeCloseTo(health, 8);
  });

  it('gives each present measure its group share times its share in the group', () => {
    const c = composite(measures(), profile, [], 39)!;
    expect(c.omega[0]).toBeCloseTo(0.3 * 0.35); // ticket load
    expect(c.omega[4]).toBeCloseTo(0.35 * 0.5); // renewal readiness: 40 of 80 in commercial
    expect(c.omega[9]).toBeCloseTo(0.1); // NPS alone in sentiment
  });

  it('caps the score below the red line while a red flag is up, keeping the uncapped value', () => {
    const c = composite(measures(), profile, [{ code: 'no-renewal', label: 'No renewal opp 80d out' }], 39)!;
    expect(c.health).toBe(39);
    expect(c.uncapped).toBeCloseTo(61.865625);
    const low = composite(measures(Object.fromEntries(Object.keys(BASE).map((k) => [k, 10]))), profile, [{ code: 'escalations', label: 'x' }], 39)!;
    expect(low.health).toBeCloseTo(10);
  });

  it('cannot score an account with no data at all', () => {
    expect(composite(measures(Object.fromEntries(Object.keys(BASE).map((k) => [k, null]))), profile, [], 39)).toBeNull();
  });

  it('ignores measures and groups weighted 0', () => {
    const noSentiment = new ScoringProfiles(defaultScoring({ groups: { sentiment: 0 }, measures: { contraction: { weight: 0 } } })).for(null);
    const c = composite(measures(), noSentiment, [], 39)!;
    expect(c.health).toBeCloseTo((30 * 67 + 35 * ((25 * 75) / 65) + 25 * 76) / 90, 8);
    expect(c.coverage).toBe(1);
  });
});

describe('segment profiles', () => {
  const profiles = new ScoringProfiles(
    defaultScoring({
      segments: { SMB: { groups: { engagement: 40 }, measures: { csat: { weight: 0 } }, extras: { nps: { weight: 50 } } } },
    }),
  );

  it.each([
    ['Enterprise', 'Enterprise', 14],
    ['enterprise ', 'Enterprise', 14],
    ['Mid-Market', 'default', 21],
    [null, 'default', 21],
  ])('segment %p uses the %s profile (activity grace %p days)', (segment, name, grace) => {
    const p = profiles.for(segment);
    expect(p.name).toBe(name);
    expect(p.measures.activityRecency.graceDays).toBe(grace);
  });

  it('merges a segment override over the top-level settings', () => {
    const smb = profiles.for('smb');
    expect(smb.groups).toEqual({ support: 30, commercial: 35, engagement: 40, sentiment: 10, usage: 25 });
    expect(smb.weighted.map((w) => w.key)).not.toContain('csat');
    expect(smb.extras.nps).toMatchObject({ weight: 50, bad: -20, good: 50, group: 'sentiment' });
    expect(smb.measures.ticketLoad.weight).toBe(35);
  });
});

describe('red flags', () => {
  const support = (over: Partial<SupportFacts> = {}): SupportFacts => ({
    load: 0,
    worstOpen: null,
    urgentSlaRatio: 0,
    escalations: 0,
    escalationsLast30Days: 0,
    csatSum: 0,
    csatCount: 0,
    ...over,
  });
  const renewal = (days: number, opportunity: RenewalFacts['opportunity'], progress: number | null = 0): RenewalFacts => ({ days, opportunity, progress });

  it.each([
    ['nothing wrong', support(), null, []],
    ['a P1 open 3.5 SLAs', support({ urgentSlaRatio: 3.5 }), null, ['urgent-over-sla: P1 open 7d']],
    ['a P1 open exactly 3 SLAs', support({ urgentSlaRatio: 3 }), null, []],
    ['no renewal opportunity 80 days out', support(), renewal(80, 'missing'), ['no-renewal: No renewal opp 80d out']],
    ['no renewal opportunity, contract ended', support(), renewal(-12, 'missing'), ['no-renewal: No renewal opp, contract ended 12d ago']],
    ['no renewal opportunity 100 days out', support(), renewal(100, 'missing'), []],
    ['renewal 50 days out at 20%', support(), renewal(50, 'open', 0.2), ['renewal-lag: Renewal 50d out, stage lag 67%']],
    ['renewal 70 days out at 20%', support(), renewal(70, 'open', 0.2), []],
    ['renewal 50 days out at 50%', support(), renewal(50, 'open', 0.5), []],
    ['two escalations in 30 days', support({ escalationsLast30Days: 2 }), null, ['escalations: 2 escalations in 30d']],
  ])('%s', (_name, s, r, expected) => {
    expect(redFlagsOf(s, r, config.measures, config.redFlags).map((f) => `${f.code}: ${f.label}`)).toEqual(expected);
  });

  it('turns a flag off with a threshold of 0', () => {
    const off = { ...config.redFlags, escalationsIn30Days: 0, urgentOverSlaMultiple: 0 };
    expect(redFlagsOf(support({ escalationsLast30Days: 5, urgentSlaRatio: 10 }), null, config.measures, off)).toEqual([]);
  });
});
