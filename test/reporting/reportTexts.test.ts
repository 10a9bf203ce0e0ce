import type { BacktestReport } from '../../src/model/backtest.js';
import { greenRiskNote, measureChanges, measureChangesText, type SnapshotDetail } from '../../src/reporting/accountNotes.js';
import { backtestSentence } from '../../src/reporting/backtestSentence.js';
import { measureName } from '../../src/scoring/measureNames.js';
import { NOT_DUE } from '../../src/scoring/snapshotRecord.js';
import type { StoredMeasure } from '../../state/snapshots.js';

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
    [
      'usage back-tested',
      backtest({ usage: { rows: 300, auc: 0.781, aucWithout: 0.702, brier: 0.1, brierWithout: 0.11 } }),
      'Of the 42 renewals lost to churn, 33% (14) were red or yellow 60–90 days before; renewals still green then were lost at 10%, against 12% of all renewals. Product usage improved how well the churn risk ranked them (AUC 0.781 with usage, 0.702 without).',
    ],
    [
      'usage that adds nothing',
      backtest({ usage: { rows: 300, auc: 0.702, aucWithout: 0.704, brier: 0.1, brierWithout: 0.1 } }),
      'Of the 42 renewals lost to churn, 33% (14) were red or yellow 60–90 days before; renewals still green then were lost at 10%, against 12% of all renewals. Product usage left unchanged how well the churn risk ranked them (AUC 0.702 with usage, 0.704 without).',
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

const nameOf = (key: string) => measureName(key, { extras: {} } as never);
const m = (p: number, over: Partial<StoredMeasure> = {}): StoredMeasure => ({ s: 100 - p * 4, v: null, w: 0.25, p, ...over });
function snapshot(health: number, measures: Record<string, StoredMeasure>, over: Partial<SnapshotDetail> = {}): SnapshotDetail {
  return { health, measures, drivers: { level: [], change: [], risk: [] }, ...over };
}

describe('what moved a mover', () => {
  it('names the measures whose points moved most, with the points they cost or gave back', () => {
    const before = snapshot(80, { renewalReadiness: m(4), ticketLoad: m(6), csat: m(10), activityRecency: m(0) });
    const now = snapshot(61.6, { renewalReadiness: m(16), ticketLoad: m(11), csat: m(8.6), activityRecency: m(2.8) });
    expect(measureChanges(before, now)).toEqual([
      { key: 'renewalReadiness', points: -12 },
      { key: 'ticketLoad', points: -5 },
      { key: 'activityRecency', points: -2.8 },
    ]);
    expect(measureChangesText(measureChanges(before, now), nameOf)).toBe('renewal readiness −12, ticket load −5, activity recency −3');
    expect(measureChangesText(measureChanges(now, before, 2), nameOf)).toBe('renewal readiness +12, ticket load +5');
  });

  it('counts a red-flag cap as a move of its own, named by its flag; moves under a whole point are left out', () => {
    const before = snapshot(90, { ticketLoad: m(10), csat: m(0) });
    // Σp = 12.4, so the cap took 100 − 40 − 12.4 = 47.6 points.
    const now = snapshot(40, { ticketLoad: m(12), csat: m(0.4) }, { flags: [{ code: 'p1Open', label: 'P1 open 9d' }] });
    expect(measureChangesText(measureChanges(before, now), nameOf)).toBe('red flag (P1 open 9d) −48, ticket load −2');
    expect(measureChangesText(measureChanges(now, before), nameOf)).toBe('red flag (P1 open 9d) +48, ticket load +2');
    // Released: the pass without the flag keeps a tenth of a point from rounding p.
    const released = snapshot(89.9, { ticketLoad: m(10), csat: m(0) });
    expect(measureChangesText(measureChanges(now, released), nameOf)).toBe('red flag (P1 open 9d) +48, ticket load +2');
    expect(measureChangesText(measureChanges(before, snapshot(89.6, { ticketLoad: m(10.4), csat: m(0) })), nameOf)).toBeNull();
  });
});

describe('a green account with a high churn risk', () => {
  const risk = (factor: string, points: number) => ({ factor, points });
  const renewalSoon = snapshot(
    82,
    { renewalReadiness: m(3, { v: 20, n: 'missing' }), ticketLoad: m(1, { v: 0.4 }) },
    { drivers: { level: [], change: [], risk: [risk('ticketLoad', 2), risk('renewalReadiness', 25.4), risk('tenure', -3)] } },
  );

  it.each([
    ['the top factor raising the risk, worded as its measure', { band: 'green', churnRisk: 0.62 }, renewalSoon, 'green, but churn risk 62%: no renewal opp 20d out raises it most (+25 points)'],
    [
      'a factor that is not a measure',
      { band: 'green', churnRisk: 0.5 },
      snapshot(85, {}, { drivers: { level: [], change: [], risk: [risk('tenure', 11)] } }),
      'green, but churn risk 50%: tenure raises it most (+11 points)',
    ],
    [
      'a renewal not due yet',
      { band: 'green', churnRisk: 0.55 },
      snapshot(85, { renewalReadiness: m(0, { v: 200, n: NOT_DUE }) }, { drivers: { level: [], change: [], risk: [risk('renewalReadiness', 9)] } }),
      'green, but churn risk 55%: renewal in 200d raises it most (+9 points)',
    ],
    ['no factor above the segment average', { band: 'green', churnRisk: 0.7 }, snapshot(85, {}), 'green, but churn risk 70%: no single factor raises it; it is the segment’s own churn rate'],
    ['risk under the threshold: nothing to explain', { band: 'green', churnRisk: 0.49 }, renewalSoon, null],
    ['not green: its drivers already explain it', { band: 'yellow', churnRisk: 0.8 }, renewalSoon, null],
  ])('%s', (_case, account, detail, text) => {
    expect(greenRiskNote(account, detail, 50, nameOf)).toBe(text);
  });
});
