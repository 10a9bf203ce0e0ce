import { readFileSync, writeFileSync } from 'node:fs';
import { backtestBook } from '../../src/scoring/backtest/backtestBook.js';
import { bookInMemory } from '../../src/scoring/bookSource.js';
import { scoreBook } from '../../src/scoring/scoreBook.js';
import { NO_HISTORY } from '../../src/model/scoreHistory.js';
import { defaultScoring, NOW } from '../support/scoringFixtures.js';
import { syntheticBook } from '../support/syntheticBook.js';

/**
 * An org with no usage source must score exactly as before usage measures existed. The golden
 * file was written by the scoring code of the commit before them (set WRITE_SCORING_GOLDEN=1 to
 * write it again, only on code that is known to be right), so health, bands, churn risk, the
 * risk drivers and the drivers text are compared with what that code gave, to the last bit.
 */
const GOLDEN = new URL('../fixtures/scoresWithoutUsage.json', import.meta.url);

function scoresOf() {
  const book = syntheticBook({ accounts: 700, seed: 5 });
  const config = defaultScoring();
  const scored = scoreBook(book, config, NOW, NO_HISTORY);
  const backtest = backtestBook(bookInMemory(book), config, NOW);
  return {
    risk: scored.risk,
    churned: scored.churned,
    backtest: { auc: backtest.risk.auc, brier: backtest.risk.brier, healthAuc: backtest.healthAuc, prior: backtest.prior, folds: backtest.folds },
    accounts: scored.accounts.map((a) => [a.accountId, a.health, a.band, a.coverage, a.churnRisk, a.drivers.text, a.riskDrivers.map((r) => `${r.factor} ${r.points}`).join('; ')]),
  };
}

describe('scoring an org with no usage', () => {
  it('gives exactly the scores, bands, risks and drivers of the code before usage measures', () => {
    const now = scoresOf();
    if (process.env.WRITE_SCORING_GOLDEN === '1') writeFileSync(GOLDEN, JSON.stringify(now, null, 0).replaceAll('],[', '],\n['));
    const before = JSON.parse(readFileSync(GOLDEN, 'utf8')) as ReturnType<typeof scoresOf>;
    expect(now.risk.source).toBe('fitted');
    expect(now.accounts.length).toBeGreaterThan(450);
    expect(now).toEqual(before);
  });
});
