/** The page's only style sheet, inline: the report opens with no network, on screen or printed. */
export const REPORT_CSS = `
:root { --ink: #1d1d1f; --muted: #666; --line: #ddd; --red: #c0392b; --yellow: #b38600; --green: #2e8b57; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 940px; padding: 24px; font-size: 14px; line-height: 1.4; }
header { border-bottom: 2px solid var(--ink); margin-bottom: 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta, .note, figcaption { color: var(--muted); font-size: 12px; }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 8px; margin: 12px 0; }
.headline div { border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; }
.headline .label { display: block; color: var(--muted); font-size: 12px; }
.headline .figure { font-size: 20px; font-weight: bold; }
figure.chart { margin: 8px 0 12px; }
figure.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.band { font-weight: bold; white-space: nowrap; }
.band-red { color: var(--red); } .band-yellow { color: var(--yellow); } .band-green { color: var(--green); }
.status-failed, .status-aborted { color: var(--red); font-weight: bold; }
a { color: #1f5fa8; }
p.lead { font-size: 15px; margin: 8px 0 12px; }
details { margin: 8px 0 12px; }
details summary { cursor: pointer; font-weight: bold; }
dl.metrics { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 12px; }
dl.metrics dt { font-weight: bold; white-space: nowrap; }
dl.metrics dd { margin: 0; color: var(--muted); }
td.nowrap { white-space: nowrap; }
.why { display: block; color: var(--muted); font-size: 11px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  section { break-inside: avoid-page; }
  table { break-inside: auto; }
  tr, figure.chart { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
