/** Text into HTML: everything from the CRM (names, drivers, errors) goes through here. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A key figure: the formatted text a reader sees, and the exact value in `data-value` so the
 * numbers can be checked against the state (and copied without rounding).
 */
export function figure(name: string, value: number, text: string): string {
  return `<span class="figure" data-figure="${esc(name)}" data-value="${Number.isFinite(value) ? value : ''}">${esc(text)}</span>`;
}

export interface Column<Row> {
  title: string;
  cell: (row: Row) => string;
  numeric?: boolean;
  /** Kept on one line (dates, times): a wrapped "2025-06-15 14:03 UTC" reads as three rows. */
  nowrap?: boolean;
}

/** A table whose cells are already HTML (escape text with `esc`). */
export function table<Row>(rows: readonly Row[], columns: readonly Column<Row>[], attrs = ''): string {
  const head = columns.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${esc(c.title)}</th>`).join('');
  const cellClass = (c: Column<Row>) => [c.numeric ? 'num' : '', c.nowrap ? 'nowrap' : ''].filter(Boolean).join(' ');
  const body = rows.map((row) => `<tr>${columns.map((c) => `<td${cellClass(c) ? ` class="${cellClass(c)}"` : ''}>${c.cell(row)}</td>`).join('')}</tr>`).join('\n');
  return `<table${attrs ? ` ${attrs}` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A link to a CRM record when the connector told where records live, else the plain name. */
export function accountLink(name: string | null, id: string, url: string | null): string {
  const label = esc(name ?? id);
  return url ? `<a href="${esc(url)}" rel="noreferrer">${label}</a>` : label;
}

export function chartFigure(name: string, svg: string, caption: string): string {
  return `<figure class="chart" data-chart="${esc(name)}">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

export function note(text: string): string {
  return `<p class="note">${esc(text)}</p>`;
}

export function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : 'n/a';
}

export function minute(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'n/a';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Jun 15 14:03": a table column's time, short enough for one line; the column title says UTC. */
export function shortMinute(iso: string | null): string {
  if (!iso) return 'n/a';
  return `${MONTHS[Number(iso.slice(5, 7)) - 1] ?? iso.slice(5, 7)} ${Number(iso.slice(8, 10))} ${iso.slice(11, 16)}`;
}
