import { HttpApi } from 'jsforce/lib/http-api.js';
import type { HttpResponse, Schema } from 'jsforce';

/**
 * Bulk API 2.0 results as one object per row, keyed by the header's column names, every value a
 * string (an empty cell is ''): what jsforce's CSV parsing gives, at a fraction of its cost (it
 * was an eighth of a 1.5-million-record backfill's CPU), because the jobs this connector creates
 * say how their results are written: commas between cells, LF (or CRLF) between rows, cells
 * quoted with `"` when needed and `""` inside quotes. jsforce also splits unquoted cells on
 * `;`, `|`, `^`, backquote and tab, which no job of ours asks for.
 * Throws on text that is not such a CSV (a row with the wrong number of cells, a stray quote).
 */
export function parseBulkCsv(text: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  let columns: string[] | undefined;
  let cells: string[] = [];
  let at = 0;
  const end = text.length;
  while (at < end) {
    let cell: string;
    if (text.charCodeAt(at) === QUOTE) {
      // Quoted: runs to the quote not followed by another one; `""` is a quote inside it.
      let from = at + 1;
      cell = '';
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0) throw new Error(`unterminated quoted cell at offset ${at}`);
        if (text.charCodeAt(close + 1) === QUOTE) {
          cell += text.slice(from, close + 1);
          from = close + 2;
          continue;
        }
        cell += text.slice(from, close);
        at = close + 1;
        break;
      }
    } else {
      let stop = at;
      while (stop < end) {
        const c = text.charCodeAt(stop);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) throw new Error(`quote inside an unquoted cell at offset ${stop}`);
        stop++;
      }
      cell = text.slice(at, stop);
      at = stop;
    }
    cells.push(cell);
    const next = text.charCodeAt(at);
    if (next === COMMA) {
      at++;
      // A comma closing the text leaves one more, empty, cell.
      if (at === end) cells.push('');
      else continue;
    } else if (next === CR && text.charCodeAt(at + 1) === LF) at += 2;
    else if (next === LF || next === CR) at++;
    else if (at < end) throw new Error(`unexpected character after a quoted cell at offset ${at}`);
    if (!columns) columns = cells;
    else rows.push(toRow(columns, cells, rows.length + 2));
    cells = [];
    // Blank lines between rows (and after the last) hold no row.
    while (text.charCodeAt(at) === LF || (text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF)) at += text.charCodeAt(at) === CR ? 2 : 1;
  }
  return rows;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

function toRow(columns: string[], cells: string[], line: number): Record<string, string> {
  if (cells.length !== columns.length) throw new Error(`line ${line} has ${cells.length} cells, the header ${columns.length}`);
  const row: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i] as string] = cells[i] as string;
  return row;
}

/**
 * jsforce's HTTP layer with Bulk results parsed by `parseBulkCsv`; every other answer (JSON
 * bodies, errors) is parsed by jsforce as before. Unparseable CSV is returned as text, as
 * jsforce does.
 */
export class BulkResultsHttpApi<S extends Schema> extends HttpApi<S> {
  override async parseResponseBody(response: HttpResponse): Promise<unknown> {
    if (/^text\/csv(;|$)/.test(this.getResponseContentType(response) ?? '')) {
      try {
        return parseBulkCsv(response.body);
      } catch {
        return response.body;
      }
    }
    return super.parseResponseBody(response);
  }
}
