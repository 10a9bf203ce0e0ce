import type { BacktestReport } from '../../src/model/backtest.js';
import { backtestSentence } from '../../src/reporting/backtestSentence.js';

/** Only what the sentence reads; the rest of a back-test does not change it. */
function backtest(over: Partial<BacktestReport>): BacktestReport {
  return {
    renewals: 400,
    churnedRenewals: 60,
    leadTime: { churners: 42, flagged: 14, share: 14 / 42, renewals: 350, green: { renewals: 200, churned: 20, rate: 0.1 } },
    ...over,
  } as BacktestReport;
}

describe('the back-test sentence', () => {
  it.each([
    ['the usual case', backtest({}), 'Of the 42 renewals lost to churn, 33% (14) were red or yellow 60–90 days before; renewals still green then were lost at 10%, against 12% of all renewals.'],
    [
      'a back-test stored before the green figures were kept',
      backtest({ leadTime: { churners: 42, flagged: 14, share: 14 / 42 } }),
      'Of the 42 renewals lost to churn, 33% (14) were red or yellow 60–90 days before.',
    ],
    [
      'one churner, no green renewal',
      backtest({ leadTime: { churners: 1, flagged: 1, share: 1, renewals: 5, green: { renewals: 0, churned: 0, rate: 0 } } }),
      'Of the 1 renewal lost to churn, 100% (1) was red or yellow 60–90 days before; no renewal was green then.',
    ],
    ['no renewal lost', backtest({ churnedRenewals: 0 }), 'None of the 400 past renewals was lost, so there is no churn yet to test the scores against.'],
    ['no renewal at all', backtest({ renewals: 0, churnedRenewals: 0 }), 'No past renewal with an outcome to test against yet.'],
    [
      'no slice 60-90 days before',
      backtest({ leadTime: { churners: 0, flagged: 0, share: 0, renewals: 0, green: { renewals: 0, churned: 0, rate: 0 } } }),
      '60 of 400 past renewals were lost, but none was rebuilt 60–90 days before it (see scoring.risk.asOfDays), so the lead time is unknown.',
    ],
  ])('reads plainly: %s', (_case, report, sentence) => {
    expect(backtestSentence(report)).toBe(sentence);
  });
});
