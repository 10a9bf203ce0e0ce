import { generateBook } from '../../emulators/book/generateBook.js';
import type { AccountInputs } from '../../src/model/accountInputs.js';
import type { BacktestReport } from '../../src/model/backtest.js';
import { backtestBook } from '../../src/scoring/backtest/backtestBook.js';
import { quarterFolds } from '../../src/scoring/backtest/folds.js';
import { AS_OF_MEASURES, type RiskRow } from '../../src/scoring/churn/features.js';
import { bookInMemory } from '../../src/scoring/bookSource.js';
import { pastRenewals, sampleCases } from '../../src/scoring/churn/renewalCases.js';
import { churnProbability, fitRiskModel, type RiskModel } from '../../src/scoring/churn/riskModel.js';
import { buildTrainingSet, subsetTrainingSet, type TrainingSet } from '../../src/scoring/churn/trainingSet.js';
import { ScoringProfiles } from '../../src/scoring/segmentProfile.js';
import { openState } from '../../state/openState.js';
import { readScoringInputs } from '../../state/scoringInputs.js';
import { bookToState } from '../support/bookToState.js';
import { defaultScoring, DAY } from '../support/scoringFixtures.js';

/**
 * A generated book whose renewals were decided by a known, noisy function of the signals
 * (emulators/book/churnModel.ts), read back through the state as a sync would store it.
 */
const AS_OF = '2025-06-15T00:00:00.000Z';
const NOW = Date.parse(AS_OF);
const config = defaultScoring();
const profiles = new ScoringProfiles(config);
let inputs: AccountInputs[];
let training: TrainingSet;
let model: RiskModel;
let report: BacktestReport;

beforeAll(() => {
  const state = openState(':memory:');
  bookToState(state, generateBook({ accounts: 3_000, seed: 7, asOf: AS_OF }));
  inputs = readScoringInputs(state, 'book');
  state.close();
  training = buildTrainingSet(inputs, pastRenewals(inputs, NOW), profiles, config);
  model = fitRiskModel(training, config.risk, []);
  report = backtestBook(bookInMemory(inputs), config, NOW);
});

/** Mean predicted churn over the training rows with one input set, as a partial dependence. */
function meanRisk(edit: (row: RiskRow) => void): number {
  let sum = 0;
  for (const row of training.rows) {
    const copy = { ...row, scores: [...row.scores] };
    edit(copy);
    sum += churnProbability(model, copy);
  }
  return sum / training.rows.length;
}
const at = (key: (typeof AS_OF_MEASURES)[number], score: number) => (row: RiskRow) => {
  row.scores[AS_OF_MEASURES.indexOf(key)] = score;
};

describe('churn model on a book with a known churn function', () => {
  it('fits on the renewal history with enough lost renewals', () => {
    expect(model.source).toBe('fitted');
    expect(model.churnedRenewals).toBeGreaterThan(300);
    expect(model.baseRate).toBeGreaterThan(0.08);
    expect(model.baseRate).toBeLessThan(0.18);
  });

  // The true effects (churnModel.ts) that the state can show as of a past date. Activity recency
  // and usage exist only as current values, so no back-test can see them.
  it.each([
    ['a heavier severity-weighted ticket load', at('ticketLoad', 10), at('ticketLoad', 90)],
    ['an old open high-priority ticket', at('openHighPriorityAge', 0), at('openHighPriorityAge', 100)],
    ['escalations', at('escalations', 25), at('escalations', 100)],
    ['a low CSAT', at('csat', 20), at('csat', 80)],
    [
      'a contraction at the last renewal',
      (r: RiskRow) => (at('arrTrend', 0)(r), at('contraction', 0)(r)),
      (r: RiskRow) => (at('arrTrend', 75)(r), at('contraction', 100)(r)),
    ],
    ['being SMB rather than Mid-Market', (r: RiskRow) => void (r.segment = 'smb'), (r: RiskRow) => void (r.segment = 'mid-market')],
    ['being Mid-Market rather than Enterprise', (r: RiskRow) => void (r.segment = 'mid-market'), (r: RiskRow) => void (r.segment = 'enterprise')],
  ])('recovers the direction of the true effect: %s raises the risk', (_name, worse, better) => {
    expect(meanRisk(worse)).toBeGreaterThan(meanRisk(better) + 0.005);
  });

  it('reports the prior, and says so, with few lost renewals', () => {
    const fewCases = firstCasesWithChurned(training, 5);
    const few = subsetTrainingSet(training, fewCases);
    const prior = fitRiskModel(few, config.risk, training.rows);
    expect(prior.source).toBe('prior');
    expect(prior.priorSd).toBeNull();
    prior.beta.forEach((b, j) => {
      if (j > 0) expect(b).toBeCloseTo(prior.priorMean[j]!, 6);
    });
    // The health-score prior already points every measure the right way: higher score, lower risk.
    AS_OF_MEASURES.forEach((_, m) => expect(prior.priorMean[1 + m]).toBeLessThanOrEqual(0));
  });

  it('keeps a tight prior with 10-50 lost renewals and learns more with more', () => {
    const some = fitRiskModel(subsetTrainingSet(training, firstCasesWithChurned(training, 30)), config.risk, training.rows);
    expect(some.source).toBe('fitted');
    expect(some.priorSd).toBe(0.25);
    expect([0.25, 0.5, 1, 2]).toContain(model.priorSd);
  });

  it('never lets a renewal outcome leak into its own features', () => {
    const cases = pastRenewals(inputs, NOW).filter((c) => c.churned).slice(0, 40);
    const before = buildTrainingSet(inputs, cases, profiles, config);
    // Flip each renewal's outcome, stage and amount, and add a ticket filed after its last slice.
    const flipped = inputs.map((a) => ({ ...a, opportunities: a.opportunities.map((o) => ({ ...o })), tickets: [...a.tickets] }));
    for (const c of cases) {
      const account = flipped[c.account]!;
      const renewal = account.opportunities.find((o) => o.id === c.opportunityId)!;
      Object.assign(renewal, { isWon: true, stage: 'Closed Won', probability: 100, amount: (renewal.amount ?? 0) * 3, amountAtCurrentRate: (renewal.amountAtCurrentRate ?? 0) * 3 });
      account.tickets.push({ priority: 'urgent', isClosed: false, isEscalated: true, createdMs: c.renewalMs - 10 * DAY, closedMs: null, csat: 1 });
    }
    const after = buildTrainingSet(flipped, cases.map((c) => ({ ...c, churned: false })), profiles, config);
    expect(after.rows).toEqual(before.rows);
    expect([...after.y].every((y) => y === 0)).toBe(true);
  });

  it('samples a big history deterministically, keeping time order', () => {
    const all = pastRenewals(inputs, NOW);
    const sample = sampleCases(all, 500);
    expect(sample).toHaveLength(500);
    expect(sampleCases(all, 500)).toEqual(sample);
    expect(sample.every((c, i) => i === 0 || c.renewalMs >= sample[i - 1]!.renewalMs)).toBe(true);
  });
});

describe('back-test on the generated book', () => {
  it('ranks churners well above chance, better than health alone', () => {
    expect(report.renewals).toBeGreaterThan(3_000);
    expect(report.risk.auc).toBeGreaterThan(0.68);
    expect(report.risk.auc).toBeGreaterThan(report.healthAuc);
    expect(report.healthAuc).toBeGreaterThan(0.62);
    expect(report.fittedBeatsPrior).toBe(true);
  });

  it('is calibrated: small expected calibration error, slope near 1, a better Brier score than the prior', () => {
    expect(report.risk.ece).toBeLessThan(0.04);
    expect(report.risk.calibration.slope).toBeGreaterThan(0.7);
    expect(report.risk.calibration.slope).toBeLessThan(1.3);
    expect(report.risk.brier).toBeLessThan(report.prior.brier);
    expect(report.risk.deciles).toHaveLength(10);
  });

  it('finds red-band churn well above the base rate, and green below it', () => {
    const [red, yellow, green] = report.bands;
    expect(red!.band).toBe('red');
    expect(red!.rows).toBeGreaterThan(100);
    expect(red!.lift).toBeGreaterThan(3);
    expect(yellow!.lift).toBeGreaterThan(1.3);
    expect(green!.lift).toBeLessThan(1);
  });

  it('reports the lead time and what it could not rebuild', () => {
    expect(report.leadTime.churners).toBeGreaterThan(300);
    expect(report.leadTime.share).toBeGreaterThan(0.2);
    // Counted per renewal: a churner not flagged ahead is one of the green renewals that churned.
    const green = report.leadTime.green!;
    expect(green.churned).toBe(report.leadTime.churners - report.leadTime.flagged);
    expect(green.renewals).toBeLessThan(report.leadTime.renewals!);
    expect(report.leadTime.renewals).toBeLessThanOrEqual(report.renewals);
    expect(green.rate).toBeCloseTo(green.churned / green.renewals, 12);
    expect(green.rate).toBeLessThan(report.churnedRenewals / report.renewals);
    expect(report.notRebuildable.join(' ')).toMatch(/renewalReadiness.*activityRecency/s);
    expect(report.byDaysBefore.map((d) => d.days)).toEqual(config.risk.asOfDays);
  });

  it('trains every fold only on renewals resolved before its start minus the horizon', () => {
    const cases = pastRenewals(inputs, NOW);
    const folds = quarterFolds(cases, 180);
    expect(folds.length).toBeGreaterThan(8);
    const leaks = folds.flatMap((fold) => [
      ...fold.train.filter((i) => cases[i]!.renewalMs >= fold.startMs - 180 * DAY),
      ...fold.test.filter((i) => cases[i]!.renewalMs < fold.startMs),
    ]);
    expect(leaks).toEqual([]);
    expect(report.folds[0]!.source).toBe('prior');
    expect(report.folds[report.folds.length - 1]!.source).toBe('fitted');
  });
});

/** The earliest cases, up to the one that brings the lost renewals to `churned`. */
function firstCasesWithChurned(set: TrainingSet, churned: number): number[] {
  const picked: number[] = [];
  let lost = 0;
  for (let i = 0; i < set.cases.length && lost < churned; i++) {
    picked.push(i);
    if (set.cases[i]!.churned) lost += 1;
  }
  return picked;
}
