import type { BacktestReport } from '../../src/model/backtest.js';
import { renderBacktest } from '../../src/cli/renderBacktest.js';
import { backtestBook } from '../../src/scoring/backtest/backtestBook.js';
import { bookInMemory } from '../../src/scoring/bookSource.js';
import { pastRenewals } from '../../src/scoring/churn/renewalCases.js';
import { fitRiskModel, type RiskModel } from '../../src/scoring/churn/riskModel.js';
import { buildTrainingSet, type TrainingSet } from '../../src/scoring/churn/trainingSet.js';
import { scoreBook, type BookScore } from '../../src/scoring/scoreBook.js';
import { ScoringProfiles } from '../../src/scoring/segmentProfile.js';
import { NO_HISTORY } from '../../src/model/scoreHistory.js';
import { defaultScoring, NOW } from '../support/scoringFixtures.js';
import { syntheticBook } from '../support/syntheticBook.js';

/**
 * A book whose lost renewals were preceded by product use falling away (test/support/syntheticBook.ts),
 * with two years of daily usage: usage is rebuilt before each past renewal, fitted, and the
 * back-test shows how much better the churn risk ranks the renewals with it than without.
 */
const config = defaultScoring();
const book = syntheticBook({ accounts: 900, seed: 21, usage: { coverDays: 730 } });
let training: TrainingSet;
let model: RiskModel;
let report: BacktestReport;
let scored: BookScore;

beforeAll(() => {
  training = buildTrainingSet(book, pastRenewals(book, NOW), new ScoringProfiles(config), config);
  model = fitRiskModel(training, config.risk, []);
  report = backtestBook(bookInMemory(book), config, NOW);
  scored = scoreBook(book, config, NOW, NO_HISTORY);
});

describe('churn model with product usage', () => {
  it('fits the usage measures and a "no usage" column when past renewals had usage', () => {
    expect(model.source).toBe('fitted');
    const names = model.space.columns.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['activeSeats', 'usageTrend', 'featureBreadth', 'usageRecency', 'usageMissing']));
    // Renewals before the two years of usage have none: both kinds of row are trained on.
    const withUsage = training.rows.filter((r) => r.scores.slice(6, 10).some((s) => !Number.isNaN(s))).length;
    expect(withUsage).toBeGreaterThan(100);
    expect(withUsage).toBeLessThan(training.rows.length);
    // Falling usage before a loss: a higher trend score lowers the risk.
    expect(model.beta[names.indexOf('usageTrend')]!).toBeLessThan(0);
  });

  it('back-tests with and without usage on the same folds, and usage ranks the churners clearly better', () => {
    expect(report.usage).toBeDefined();
    const u = report.usage!;
    expect(u.auc).toBe(report.risk.auc);
    expect(u.rows).toBeGreaterThan(100);
    expect(u.auc).toBeGreaterThan(u.aucWithout + 0.05);
    expect(u.brier).toBeLessThan(u.brierWithout);
    expect(report.notRebuildable.join('\n')).not.toMatch(/usage, NPS/);
  });

  it('names usage measures in the drivers of the live scores', () => {
    const keys = new Set(scored.accounts.flatMap((a) => a.riskDrivers.map((d) => d.factor)));
    expect([...keys].some((k) => ['activeSeats', 'usageTrend', 'featureBreadth', 'usageRecency'].includes(k))).toBe(true);
    const texts = scored.accounts.map((a) => a.drivers.text).join('\n');
    expect(texts).toMatch(/seats active|No product use|Usage [-+]\d+% \(28d\)|features? used/);
  });
});

describe('vitals backtest output with usage', () => {
  it('shows the AUC without usage beside the AUC with it, and no longer calls usage not rebuildable', () => {
    const text = renderBacktest('book', report, config.risk.asOfDays);
    const u = report.usage!;
    expect(text).toContain(`  churn risk    AUC ${u.auc.toFixed(3)}`);
    expect(text).toContain(`  without usage AUC ${u.aucWithout.toFixed(3)}  Brier ${u.brierWithout.toFixed(4)}  (the same folds fitted without product usage; with it: AUC ${u.auc.toFixed(3)}`);
    expect(text).toContain('mapped extras (CRM fields such as NPS or a usage score): the state keeps only current values');
    const { usage: _usage, ...withoutUsage } = report;
    expect(renderBacktest('book', withoutUsage, config.risk.asOfDays)).not.toContain('without usage');
  });
});

describe('usage that reaches no past renewal', () => {
  it('is not fitted but speaks for the live risk through its prior, and the back-test says nothing of it', () => {
    // 30 days of usage: every as-of date of a past renewal is before it.
    const recent = syntheticBook({ accounts: 400, seed: 8, usage: { coverDays: 30 } });
    const training = buildTrainingSet(recent, pastRenewals(recent, NOW), new ScoringProfiles(config), config);
    expect(fitRiskModel(training, config.risk, []).space.usage).toBe(false);
    const live = scoreBook(recent, config, NOW, NO_HISTORY);
    expect(Object.keys(live.risk.coefficients)).not.toContain('usageMissing');
    const factors = new Set(live.accounts.flatMap((a) => a.riskDrivers.map((d) => d.factor)));
    expect(['activeSeats', 'featureBreadth', 'usageRecency'].some((k) => factors.has(k))).toBe(true);
    expect(backtestBook(bookInMemory(recent), config, NOW).usage).toBeUndefined();
  });
});
