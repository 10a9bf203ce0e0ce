import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { createLogger } from '../../log/logger.js';
import { esc } from '../html/markup.js';

const log = createLogger('report.charts');

/**
 * Renders a Vega-Lite spec to an SVG string in Node: no browser, no canvas, no script in the
 * page. Vega numbers the clip paths and gradients of every SVG from 1, so ids are prefixed to
 * keep several charts in one page from clipping each other. The spec's description becomes the
 * picture's accessible name (Vega labels only the marks inside).
 */
export async function renderChart(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const compiled = compile(spec, {
    logger: quietLogger(idPrefix),
  }).spec;
  const view = new View(parse(compiled), { renderer: 'none' });
  view.logLevel(0);
  try {
    const svg = await view.toSVG();
    const label = spec.description ? ` role="img" aria-label="${esc(spec.description)}"` : '';
    return prefixIds(svg, idPrefix).replace(/^<svg /, `<svg${label} `);
  } finally {
    view.finalize();
  }
}

function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}

/** Vega-Lite's compile-time warnings go to the debug log, not the terminal the summary is printed on. */
function quietLogger(chart: string) {
  let level = 0;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error: (...args: readonly unknown[]) => {
      log.warn('chart compile error', { chart, detail: args.map(String).join(' ') });
      return logger;
    },
    warn: (...args: readonly unknown[]) => {
      log.debug('chart compile warning', { chart, detail: args.map(String).join(' ') });
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}
