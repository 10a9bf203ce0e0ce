import type { ReportModel } from '../reportModel.js';
import { bandsSection, historySection, moversSection, renewalsSection, riskSection } from './bookSections.js';
import { day, esc, minute } from './markup.js';
import { backtestSection, syncSection, tasksSection } from './operationsSections.js';
import { REPORT_CSS } from './reportCss.js';

/** The sections, in reading order; each is an `<section data-section="id">`. */
export const REPORT_SECTIONS = ['bands', 'history', 'risk', 'renewals', 'movers', 'tasks', 'backtest', 'sync'] as const;

/**
 * One self-contained page: inline CSS, charts as inline SVG, no script. The content security
 * policy forbids every fetch, so the page provably opens with no network.
 */
export async function renderReportHtml(model: ReportModel, title: string): Promise<string> {
  const sections = [
    await bandsSection(model),
    await historySection(model),
    await riskSection(model),
    await renewalsSection(model),
    await moversSection(model),
    await tasksSection(model),
    await backtestSection(model),
    await syncSection(model),
  ];
  const scope = model.connectors.map((c) => `${c.name} (scored ${minute(c.latestAsOf)})`).join(', ');
  const money = model.currency ? ` · money in ${model.currency}, each record converted at its CRM's rates` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="crm-vitals">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="meta">Generated ${esc(minute(model.generatedAt))} · period from ${esc(day(model.since))} · ${esc(scope)}${esc(money)}</p>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
