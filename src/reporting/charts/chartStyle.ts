import type { TopLevelSpec } from 'vega-lite';
import { BANDS } from '../../model/bands.js';

/** Band colours, dark enough to tell apart printed in grey. */
export const BAND_COLOR = { domain: [...BANDS], range: ['#c0392b', '#d9a400', '#2e8b57'] };

/** Page content is about 900 px wide; two panels side by side take half each. */
export const FULL_WIDTH = 820;
export const HALF_WIDTH = 330;

/**
 * A chart with the report's look: the page's font stack (nothing fetched), no view border, and a
 * description that becomes the SVG's accessible label.
 */
export function chart(description: string, spec: Record<string, unknown>): TopLevelSpec {
  return {
    description,
    background: 'white',
    padding: 8,
    config: {
      font: 'Helvetica, Arial, sans-serif',
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6' },
      legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' },
      concat: { spacing: 40 },
    },
    ...spec,
  } as TopLevelSpec;
}

/**
 * An axis of amounts or counts whose ticks read "0", "500k", "1.2M". A bare `~s` format lets Vega
 * pick one SI prefix for every tick from the step, so zero reads "0k" and small books "0.1k";
 * formatting each tick on its own avoids that. Counts (`whole`) never tick at fractions.
 */
export function amountAxis(whole = false): { labelExpr: string; tickMinStep?: number } {
  const labelExpr = "isFinite(datum.value) && datum.value != 0 ? format(datum.value, '~s') : '0'";
  return whole ? { labelExpr, tickMinStep: 1 } : { labelExpr };
}
