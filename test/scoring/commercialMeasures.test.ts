import {
  arrTrendScore,
  contractionScore,
  readCommercial,
  renewalLag,
  renewalReadinessScore,
  type RenewalFacts,
} from '../../src/scoring/measures/commercialMeasures.js';
import { defaultScoring, NOW, daysAgo, opportunity } from '../support/scoringFixtures.js';

const m = defaultScoring().measures;
const now = { mode: 'current' as const, atMs: NOW };

describe('commercial measures', () => {
  it.each([
    [-0.3, 0],
    [-0.2, 0],
    [-0.1, 37.5],
    [0, 75],
    [0.1, 87.5],
    [0.2, 100],
    [0.5, 100],
  ])('ARR growth %p scores %p', (g, score) => {
    expect(arrTrendScore(g)).toBeCloseTo(score);
  });

  it('has no ARR trend without a contract a year ago', () => {
    expect(arrTrendScore(null)).toBeNull();
    expect(readCommercial([opportunity({ type: 'new', amount: 10_000, closeDaysAgo: 100 })], null, now, m).arrGrowth).toBeNull();
  });

  it('rebuilds contract ARR from won new business, renewals and expansions', () => {
    const opps = [
      opportunity({ type: 'new', amount: 10_000, closeDaysAgo: 700 }),
      opportunity({ type: 'expansion', amount: 2_000, closeDaysAgo: 500 }),
      opportunity({ type: 'renewal', amount: 12_500, closeDaysAgo: 335 }),
      opportunity({ type: 'expansion', amount: 1_000, isWon: false, closeDaysAgo: 100 }),
      opportunity({ type: 'renewal', amount: 15_000, isClosed: false, isWon: false, closeDaysAgo: -30 }),
    ];
    const facts = readCommercial(opps, null, now, m);
    expect(facts.arrNow).toBe(12_500);
    expect(facts.arrGrowth).toBeCloseTo(12_500 / 12_000 - 1);
    expect(facts.downsell).toBe(0);
    expect(facts.lostUpsell).toBe(true);
    expect(contractionScore(facts)).toBe(60);
  });

  it('sees a downsell: a renewal more than 10% below the contract it renewed', () => {
    const facts = readCommercial(
      [opportunity({ type: 'new', amount: 10_000, closeDaysAgo: 500 }), opportunity({ type: 'renewal', amount: 7_000, closeDaysAgo: 135 })],
      null,
      now,
      m,
    );
    expect(facts.downsell).toBeCloseTo(0.3);
    expect(contractionScore(facts)).toBe(0);
    expect(arrTrendScore(facts.arrGrowth)).toBe(0);
  });

  it('compares a renewal with the contract it renews at one rate: a currency that moved is no downsell', () => {
    // A EUR contract renewed flat while the euro fell 15% against the corporate currency: at the
    // close-date rates the renewal is worth 15% less, at today's rate the two are equal.
    const facts = readCommercial(
      [
        opportunity({ type: 'new', amount: 10_000, amountAtCurrentRate: 8_500, closeDaysAgo: 500 }),
        opportunity({ type: 'renewal', amount: 8_500, amountAtCurrentRate: 8_500, closeDaysAgo: 135 }),
      ],
      null,
      now,
      m,
    );
    expect(facts.arrNow).toBe(8_500);
    expect(facts.downsell).toBe(0);
    expect(facts.arrGrowth).toBe(0);
    expect(contractionScore(facts)).toBe(100);
  });

  it('has no contraction measure without any won contract', () => {
    expect(contractionScore(readCommercial([], null, now, m))).toBeNull();
  });

  it('as-of, ignores the renewal being predicted and anything closed after the moment', () => {
    const target = opportunity({ type: 'renewal', amount: 1_000, isWon: false, closeDaysAgo: 10 });
    const later = opportunity({ type: 'expansion', amount: 5_000, closeDaysAgo: 50 });
    const opps = [opportunity({ type: 'new', amount: 10_000, closeDaysAgo: 400 }), later, target];
    const facts = readCommercial(opps, null, { mode: 'asOf', atMs: daysAgo(100), excludeOpportunityId: target.id }, m);
    expect(facts.arrNow).toBe(10_000);
    expect(facts.lostUpsell).toBe(false);
    expect(facts.renewal).toBeNull();
  });

  const open = (days: number, probability: number | null, stage: string | null = null): RenewalFacts =>
    readCommercial([opportunity({ type: 'renewal', isClosed: false, isWon: false, closeDaysAgo: -days, probability, stage })], null, now, m).renewal!;

  it.each([
    ['beyond the horizon: not scored', open(200, 10), null],
    ['180 days out, just opened', open(180, 10), 100],
    ['105 days out at 50% (expected 50%)', open(105, 50), 100],
    ['105 days out at 20% (30 points behind)', open(105, 20), 40],
    ['30 days out at 90%', open(30, 90), 80],
    ['30 days out at 10%', open(30, 10), 0],
    ['overdue and not signed', open(-5, 75), 50],
    ['no progress information', open(60, null), null],
  ])('renewal readiness: %s', (_name, facts, score) => {
    const result = renewalReadinessScore(facts, m.renewalReadiness);
    if (score === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(score);
  });

  it('maps stages to progress when configured, over the probability', () => {
    const mapped = defaultScoring({ measures: { renewalReadiness: { stageProgress: { Negotiation: 0.9 } } } }).measures;
    const facts = readCommercial([opportunity({ type: 'renewal', isClosed: false, isWon: false, closeDaysAgo: -30, stage: 'Negotiation', probability: 10 })], null, now, mapped).renewal!;
    expect(facts.progress).toBe(0.9);
    expect(renewalLag(facts, mapped.renewalReadiness)).toBeCloseTo(0.1);
  });

  it.each([
    ['no renewal opportunity 100 days before contract end scores 0', [], -100, { opportunity: 'missing', score: 0 }],
    ['no renewal opportunity 150 days out is only behind', [], -150, { opportunity: 'missing', score: 100 - 200 * 0.2 }],
    ['a renewal already won for this contract end', [opportunity({ type: 'renewal', closeDaysAgo: 5 })], -60, { opportunity: 'secured', score: 100 }],
  ])('renewal readiness: %s', (_name, opps, renewalDaysAgo, expected) => {
    const facts = readCommercial(opps, daysAgo(renewalDaysAgo), now, m).renewal!;
    expect(facts.opportunity).toBe(expected.opportunity);
    expect(renewalReadinessScore(facts, m.renewalReadiness)).toBeCloseTo(expected.score);
  });
});
