import { combineHistory, lastPassPerDay } from '../../src/reporting/bandHistory.js';
import { arrAtRisk, bandFigures, renewalFigures, type BookAccount } from '../../src/reporting/bookFigures.js';
import { bandsNowChart } from '../../src/reporting/charts/bookCharts.js';
import { chart } from '../../src/reporting/charts/chartStyle.js';
import { renderChart } from '../../src/reporting/charts/renderChart.js';
import { compactAmount, decimal, percentOf } from '../../src/reporting/formatNumbers.js';
import { esc, figure } from '../../src/reporting/html/markup.js';
import { baselineKey, movers } from '../../src/reporting/movers.js';
import type { BacktestReport } from '../../src/model/backtest.js';
import { latestBacktest, recordBacktest } from '../../state/backtests.js';
import { openState } from '../../state/openState.js';

const NOW = Date.parse('2025-06-15T12:00:00Z');

function account(id: string, over: Partial<BookAccount> = {}): BookAccount {
  return { connector: 'sf', accountId: id, name: id, arr: 1000, renewalDate: null, health: 60, band: 'yellow', churnRisk: 0.1, driversText: '', ...over };
}

describe('report figures', () => {
  it('sums accounts and ARR per band, every band present, red first', () => {
    const figures = bandFigures([account('a', { band: 'red', arr: 10 }), account('b', { band: 'red', arr: null }), account('c', { band: 'green', arr: 5 })]);
    expect(figures).toEqual([
      { band: 'red', accounts: 2, arr: 10 },
      { band: 'yellow', accounts: 0, arr: 0 },
      { band: 'green', accounts: 1, arr: 5 },
    ]);
  });

  it('puts ARR at risk at Σ risk × ARR and ranks accounts by it', () => {
    const risk = arrAtRisk([account('small', { churnRisk: 0.9, arr: 100 }), account('big', { churnRisk: 0.2, arr: 10_000 }), account('none', { arr: null })], 2);
    expect(risk.total).toBeCloseTo(90 + 2000, 9);
    expect(risk.share).toBeCloseTo(2090 / 10_100, 9);
    expect(risk.top.map((a) => [a.accountId, a.arrAtRisk])).toEqual([['big', 2000], ['small', 90]]);
  });

  it('counts renewals from today to the end of each (cumulative) window; past renewals are not coming up', () => {
    const renewals = renewalFigures(
      [
        account('yesterday', { renewalDate: '2025-06-14', band: 'red' }),
        account('today', { renewalDate: '2025-06-15', band: 'red', arr: 1 }),
        account('day30', { renewalDate: '2025-07-15', band: 'red', arr: 2 }),
        account('day31', { renewalDate: '2025-07-16', band: 'red', arr: 4 }),
        account('day180', { renewalDate: '2025-12-12', band: 'green', arr: 8 }),
        account('day181', { renewalDate: '2025-12-13', band: 'green', arr: 16 }),
        account('no date', { renewalDate: null }),
      ],
      NOW,
    );
    const cell = (withinDays: number, band: string) => renewals.find((r) => r.withinDays === withinDays && r.band === band);
    expect(cell(30, 'red')).toEqual({ withinDays: 30, band: 'red', accounts: 2, arr: 3 });
    expect(cell(90, 'red')).toEqual({ withinDays: 90, band: 'red', accounts: 3, arr: 7 });
    expect(cell(180, 'green')).toEqual({ withinDays: 180, band: 'green', accounts: 1, arr: 8 });
    expect(cell(180, 'yellow')!.accounts).toBe(0);
  });

  it('finds the biggest drops and rises since the baseline, and the band moves (new accounts included)', () => {
    const baselines = new Map([
      [baselineKey('sf', 'fell'), { health: 80, band: 'green' as const }],
      [baselineKey('sf', 'fell-more'), { health: 70, band: 'yellow' as const }],
      [baselineKey('sf', 'rose'), { health: 35, band: 'red' as const }],
      [baselineKey('sf', 'still'), { health: 60, band: 'yellow' as const }],
    ]);
    const found = movers(
      [
        account('fell', { health: 65, band: 'yellow' }),
        account('fell-more', { health: 30, band: 'red' }),
        account('rose', { health: 50, band: 'yellow' }),
        account('still', { health: 60, band: 'yellow' }),
        account('new', { health: 20, band: 'red' }),
      ],
      baselines,
      5,
    );
    expect(found.down.map((m) => [m.accountId, m.change])).toEqual([['fell-more', -40], ['fell', -15]]);
    expect(found.up.map((m) => [m.accountId, m.change])).toEqual([['rose', 15]]);
    expect(found.bandChanges).toEqual([
      { from: null, to: 'red', accounts: 1 },
      { from: 'green', to: 'yellow', accounts: 1 },
      { from: 'yellow', to: 'red', accounts: 1 },
      { from: 'red', to: 'yellow', accounts: 1 },
    ]);
  });

  it('keeps the last pass of each day, and carries a connector not scored on a day forward', () => {
    expect(lastPassPerDay(['2025-06-01T04:00:00Z', '2025-06-01T20:00:00Z', '2025-06-03T08:00:00Z'])).toEqual([
      { day: '2025-06-01', asOf: '2025-06-01T20:00:00Z' },
      { day: '2025-06-03', asOf: '2025-06-03T08:00:00Z' },
    ]);
    const sf = [
      { day: '2025-06-01', totals: [{ band: 'red' as const, accounts: 2, arr: 20 }] },
      { day: '2025-06-03', totals: [{ band: 'red' as const, accounts: 3, arr: 30 }] },
    ];
    const hs = [{ day: '2025-06-02', totals: [{ band: 'red' as const, accounts: 10, arr: 100 }] }];
    const red = combineHistory([sf, hs]).filter((p) => p.band === 'red');
    expect(red.map((p) => [p.day, p.accounts, p.arr])).toEqual([
      ['2025-06-01', 2, 20],
      ['2025-06-02', 12, 120],
      ['2025-06-03', 13, 130],
    ]);
  });
});

describe('report rendering', () => {
  it('formats amounts compactly and undefined metrics as n/a', () => {
    expect([1_234_567, 45_200, 2_000, 999_999, 950, 0, null].map(compactAmount)).toEqual(['1.23M', '45.2k', '2k', '1M', '950', '0', 'n/a']);
    expect([percentOf(0.1234), percentOf(Number.NaN), decimal(Number.NaN), decimal(0.71234)]).toEqual(['12.3%', 'n/a', 'n/a', '0.712']);
  });

  it('escapes CRM text and keeps exact values beside rounded text', () => {
    expect(esc(`<img src=x onerror="a">&'`)).toBe('&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;');
    expect(figure('arr-red', 1234.5, '1.23k')).toBe('<span class="figure" data-figure="arr-red" data-value="1234.5">1.23k</span>');
  });

  it('renders Vega-Lite to SVG in Node, with ids unique to each chart', async () => {
    const bands = [{ band: 'red' as const, accounts: 3, arr: 30 }, { band: 'yellow' as const, accounts: 0, arr: 0 }, { band: 'green' as const, accounts: 9, arr: 90 }];
    const svg = await renderChart(bandsNowChart(bands), 'bands');
    expect(svg).toMatch(/^<svg [^>]*class="marks"/);
    expect(svg).toContain('aria-label="Accounts and ARR per band, latest scores"');
    // A clipped mark makes Vega emit a clipPath, numbered from 1 in every SVG it renders.
    const clipped = chart('clipped', { data: { values: [{ x: 0, y: 0 }, { x: 2, y: 2 }] }, mark: { type: 'line', clip: true }, encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] } }, y: { field: 'y', type: 'quantitative' } } });
    const [one, two] = await Promise.all([renderChart(clipped, 'one'), renderChart(clipped, 'two')]);
    const ids = (svg: string) => [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids(one).length).toBeGreaterThan(0);
    expect(ids(one).every((id) => id.startsWith('one-'))).toBe(true);
    expect(ids(two).filter((id) => ids(one).includes(id))).toEqual([]);
    expect([...one.matchAll(/url\(#([^)]+)\)/g)].every((m) => ids(one).includes(m[1]!))).toBe(true);
  });
});

describe('chart axes', () => {
  const ticks = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
  it.each([
    ['a small book', [1, 0, 2], [500, 0, 1200], ['0', '1', '2', '500', '1k', '1.2k']],
    ['a mid book', [3, 5, 9], [40_000, 120_000, 900_000], ['0', '9', '100k', '900k']],
    ['a big book', [100, 300, 400], [1.2e6, 3e6, 9.9e6], ['0', '400', '1M', '10M']],
    ['no ARR', [1, 2, 3], [0, 0, 0], ['0', '3']],
  ])('read plainly on %s: "0", "500k", "1M", never "0k", "0M" or a fraction of an account', async (_book, accounts, arr, expected) => {
    const bands = (['red', 'yellow', 'green'] as const).map((band, i) => ({ band, accounts: accounts[i]!, arr: arr[i]! }));
    const labels = ticks(await renderChart(bandsNowChart(bands, 'USD'), 'axes'));
    expect(labels).toEqual(expect.arrayContaining(expected));
    expect(labels.filter((t) => /^0[kMB]$|^0\.\d|NaN/.test(t))).toEqual([]);
  });
});

describe('stored back-tests', () => {
  it('keep the latest per connector; undefined metrics come back as NaN', () => {
    const state = openState(':memory:');
    const report = { renewals: 3, baseRate: 0, risk: { auc: Number.NaN, deciles: [] }, folds: [{ auc: null }] } as unknown as BacktestReport;
    recordBacktest(state, 'sf', '2025-06-01T00:00:00.000Z', { ...report, renewals: 1 });
    recordBacktest(state, 'sf', '2025-06-02T00:00:00.000Z', report);
    const latest = latestBacktest(state, 'sf')!;
    expect(latest.computedAt).toBe('2025-06-02T00:00:00.000Z');
    expect(latest.report.renewals).toBe(3);
    expect(latest.report.risk.auc).toBeNaN();
    expect(latestBacktest(state, 'hs')).toBeNull();
    expect(state.db.prepare('SELECT auc FROM backtests WHERE computed_at = ?').get('2025-06-02T00:00:00.000Z')).toEqual({ auc: null });
    state.close();
  });
});
