import type { TopLevelSpec } from 'vega-lite';
import { BANDS } from '../../model/bands.js';
import type { HistoryPoint } from '../bandHistory.js';
import type { BandFigure, RenewalFigure, RiskAccount } from '../bookFigures.js';
import type { Mover } from '../movers.js';
import { amountAxis, BAND_COLOR, chart, FULL_WIDTH, HALF_WIDTH } from './chartStyle.js';

/** Accounts and ARR per band in the latest pass. */
/** An ARR axis title with its currency: "ARR (USD)". */
const inCurrency = (title: string, currency: string | null) => (currency ? `${title} (${currency})` : title);

export function bandsNowChart(bands: readonly BandFigure[], currency: string | null = null): TopLevelSpec {
  const panel = (field: 'accounts' | 'arr', title: string) => ({
    width: HALF_WIDTH,
    height: 160,
    mark: { type: 'bar' as const },
    encoding: {
      y: { field: 'band', type: 'nominal' as const, sort: [...BANDS], title: null },
      x: { field, type: 'quantitative' as const, title, axis: amountAxis(field === 'accounts') },
      color: { field: 'band', type: 'nominal' as const, scale: BAND_COLOR, legend: null },
    },
  });
  return chart('Accounts and ARR per band, latest scores', { data: { values: [...bands] }, hconcat: [panel('accounts', 'accounts'), panel('arr', inCurrency('ARR', currency))] });
}

/** The book per band and day: ARR stacked, accounts stacked. */
export function historyChart(history: readonly HistoryPoint[], currency: string | null = null): TopLevelSpec {
  const days = new Set(history.map((p) => p.day)).size;
  // An area needs two days to be seen; bars show one day as well as ninety.
  const mark = days >= 3 ? { type: 'area' as const, interpolate: 'step-after' as const } : { type: 'bar' as const };
  const panel = (field: 'accounts' | 'arr', title: string) => ({
    width: HALF_WIDTH,
    height: 180,
    mark,
    encoding: {
      x: { field: 'day', type: 'temporal' as const, title: null, axis: { format: '%b %d', labelAngle: 0 } },
      y: { field, type: 'quantitative' as const, stack: 'zero' as const, title, axis: amountAxis(field === 'accounts') },
      color: { field: 'band', type: 'nominal' as const, scale: BAND_COLOR, title: 'band' },
      order: { field: 'order', type: 'quantitative' as const },
    },
  });
  const values = history.map((p) => ({ ...p, order: BANDS.indexOf(p.band) }));
  return chart('Accounts and ARR per band over time (last pass of each day; ARR at today’s values)', { data: { values }, hconcat: [panel('arr', inCurrency('ARR', currency)), panel('accounts', 'accounts')] });
}

/** The accounts carrying most ARR at risk, labelled by name. */
export function riskChart(top: readonly RiskAccount[], currency: string | null = null): TopLevelSpec {
  const values = top.map((a, i) => ({ label: accountLabel(a.name, a.accountId, i), arrAtRisk: a.arrAtRisk, band: a.band }));
  return chart('Top accounts by ARR at risk (churn risk × ARR)', {
    data: { values },
    width: FULL_WIDTH - 220,
    height: { step: 18 },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 0 } },
      x: { field: 'arrAtRisk', type: 'quantitative', title: inCurrency('ARR at risk', currency), axis: amountAxis() },
      color: { field: 'band', type: 'nominal', scale: BAND_COLOR, title: 'band' },
    },
  });
}

/** Renewals due within 30, 90 and 180 days, by band: ARR and accounts. */
export function renewalsChart(renewals: readonly RenewalFigure[], currency: string | null = null): TopLevelSpec {
  const values = renewals.map((r) => ({ ...r, window: `within ${r.withinDays} days`, order: BANDS.indexOf(r.band) }));
  const panel = (field: 'accounts' | 'arr', title: string) => ({
    width: HALF_WIDTH,
    height: 140,
    mark: { type: 'bar' as const },
    encoding: {
      y: { field: 'window', type: 'nominal' as const, sort: ['within 30 days', 'within 90 days', 'within 180 days'], title: null },
      x: { field, type: 'quantitative' as const, stack: 'zero' as const, title, axis: amountAxis(field === 'accounts') },
      color: { field: 'band', type: 'nominal' as const, scale: BAND_COLOR, title: 'band' },
      order: { field: 'order', type: 'quantitative' as const },
    },
  });
  return chart('Renewals coming up, by band', { data: { values }, hconcat: [panel('arr', inCurrency('ARR renewing', currency)), panel('accounts', 'accounts renewing')] });
}

/** Biggest health drops and rises since the baseline pass. */
export function moversChart(down: readonly Mover[], up: readonly Mover[]): TopLevelSpec {
  const values = [...down, ...[...up].reverse()].map((m, i) => ({
    label: accountLabel(m.name, m.accountId, i),
    change: Math.round(m.change * 10) / 10,
    direction: m.change < 0 ? 'dropped' : 'rose',
  }));
  return chart('Biggest health changes since the period start (points)', {
    data: { values },
    width: FULL_WIDTH - 220,
    height: { step: 16 },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 0 } },
      x: { field: 'change', type: 'quantitative', title: 'health change' },
      color: { field: 'direction', type: 'nominal', scale: { domain: ['dropped', 'rose'], range: [BAND_COLOR.range[0], BAND_COLOR.range[2]] }, title: null },
    },
  });
}

/** Names repeat across connectors and books; the position keeps each bar its own. */
function accountLabel(name: string | null, id: string, index: number): string {
  const label = name ?? id;
  return `${index + 1}. ${label.length > 32 ? `${label.slice(0, 31)}…` : label}`;
}
