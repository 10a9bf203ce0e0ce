import type { TopLevelSpec } from 'vega-lite';
import { BANDS } from '../../model/bands.js';
import type { StoredBacktest } from '../../../state/backtests.js';
import type { RuleActivity } from '../../../state/reportData.js';
import type { ConnectorBudget } from '../syncHealth.js';
import { amountAxis, BAND_COLOR, chart, FULL_WIDTH, HALF_WIDTH } from './chartStyle.js';

/** Tasks opened, auto-closed and completed per rule in the period. */
export function tasksChart(tasks: readonly RuleActivity[]): TopLevelSpec {
  const kinds = ['opened', 'auto-closed', 'completed'];
  const values = tasks.flatMap((t) => [
    { rule: t.rule, kind: 'opened', tasks: t.opened },
    { rule: t.rule, kind: 'auto-closed', tasks: t.autoClosed },
    { rule: t.rule, kind: 'completed', tasks: t.completed },
  ]);
  return chart('CSM tasks per rule in the period', {
    data: { values },
    width: { step: 22 },
    height: 180,
    mark: { type: 'bar' },
    encoding: {
      // Rule names are read whole: no label limit, and the padding keeps them clear of the bars.
      x: { field: 'rule', type: 'nominal', title: null, axis: { labelAngle: -20, labelAlign: 'right', labelLimit: 0, labelPadding: 6 } },
      xOffset: { field: 'kind', type: 'nominal', sort: kinds },
      y: { field: 'tasks', type: 'quantitative', title: 'tasks', axis: { tickMinStep: 1 } },
      color: { field: 'kind', type: 'nominal', sort: kinds, scale: { domain: kinds, range: ['#3b6ea8', '#7fa7d1', '#9a9a9a'] }, title: null },
    },
  });
}

/** Calibration (predicted against observed churn by decile) and churn per band against the base rate. */
export function backtestChart(backtest: StoredBacktest): TopLevelSpec {
  const r = backtest.report;
  const deciles = r.risk.deciles.filter((d) => d.n > 0).map((d) => ({ predicted: d.meanPredicted, observed: d.observedRate, n: d.n }));
  const top = Math.min(1, Math.max(0.05, ...deciles.map((d) => Math.max(d.predicted, d.observed))) * 1.1);
  const calibration = {
    width: HALF_WIDTH,
    height: HALF_WIDTH * 0.75,
    title: { text: 'Calibration by decile', fontSize: 12, fontWeight: 'normal' as const },
    layer: [
      {
        data: { values: [{ p: 0 }, { p: top }] },
        mark: { type: 'line' as const, color: '#9a9a9a', strokeDash: [4, 4] },
        encoding: { x: { field: 'p', type: 'quantitative' as const }, y: { field: 'p', type: 'quantitative' as const } },
      },
      {
        data: { values: deciles },
        mark: { type: 'line' as const, point: { filled: true, size: 50 }, color: '#3b6ea8' },
        encoding: {
          x: { field: 'predicted', type: 'quantitative' as const, title: 'predicted churn', scale: { domain: [0, top] }, axis: { format: '.0%' } },
          y: { field: 'observed', type: 'quantitative' as const, title: 'observed churn', scale: { domain: [0, top] }, axis: { format: '.0%' } },
        },
      },
    ],
  };
  const bands = r.bands.map((b) => ({ band: b.band, rate: Number.isFinite(b.rate) ? b.rate : 0, rows: b.rows }));
  const byBand = {
    width: HALF_WIDTH,
    height: HALF_WIDTH * 0.75,
    title: { text: 'Churn rate per band vs base rate', fontSize: 12, fontWeight: 'normal' as const },
    layer: [
      {
        data: { values: bands },
        mark: { type: 'bar' as const },
        encoding: {
          x: { field: 'band', type: 'nominal' as const, sort: [...BANDS], title: null, axis: { labelAngle: 0 } },
          y: { field: 'rate', type: 'quantitative' as const, title: 'churn rate', axis: { format: '.0%' } },
          color: { field: 'band', type: 'nominal' as const, scale: BAND_COLOR, legend: null },
        },
      },
      {
        data: { values: [{ base: Number.isFinite(r.baseRate) ? r.baseRate : 0 }] },
        mark: { type: 'rule' as const, color: '#333', strokeDash: [6, 3], strokeWidth: 1.5 },
        encoding: { y: { field: 'base', type: 'quantitative' as const } },
      },
    ],
  };
  return chart(`Back-test of ${backtest.connector}: calibration and churn per band`, { hconcat: [calibration, byBand] });
}

/** crm-vitals' API calls per day, by kind of run. */
export function apiCallsChart(callsPerDay: readonly { day: string; kind: string; calls: number }[]): TopLevelSpec {
  const days = new Set(callsPerDay.map((c) => c.day)).size;
  return chart('API calls per day by kind of run', {
    data: { values: [...callsPerDay] },
    // A bar per day; a week should not stretch one bar across the page.
    width: Math.min(FULL_WIDTH - 120, Math.max(160, days * 36)),
    height: 160,
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'day', type: 'ordinal', title: null, axis: { labelAngle: -30 } },
      y: { field: 'calls', type: 'quantitative', stack: 'zero', title: 'API calls', axis: amountAxis(true) },
      color: { field: 'kind', type: 'nominal', title: 'run', scale: { scheme: 'tableau10' } },
    },
  });
}

/** Each connector's daily allowance as the CRM last reported it: used, the reserve line, the limit. */
export function budgetChart(budgets: readonly ConnectorBudget[]): TopLevelSpec {
  const values = budgets.map((b) => ({ connector: b.connector, used: b.usedToday, limit: b.dailyLimit, stopAt: b.dailyLimit - b.reserve }));
  return chart('API calls used today against the daily allowance', {
    data: { values },
    width: FULL_WIDTH - 220,
    height: { step: 28 },
    encoding: { y: { field: 'connector', type: 'nominal', title: null } },
    layer: [
      { mark: { type: 'bar', color: '#e6e6e6' }, encoding: { x: { field: 'limit', type: 'quantitative', title: 'API calls today', axis: amountAxis(true) } } },
      { mark: { type: 'bar', color: '#3b6ea8', height: 12 }, encoding: { x: { field: 'used', type: 'quantitative' } } },
      { mark: { type: 'tick', color: '#c0392b', thickness: 2, size: 24 }, encoding: { x: { field: 'stopAt', type: 'quantitative' } } },
    ],
  });
}
