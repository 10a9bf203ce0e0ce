import { SalesforceApiError } from '../errors.js';

/** A query problem located at an offset of the statement; becomes the API's caret message. */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: string,
    readonly detail: string,
    /** Offset in the statement; undefined for problems Salesforce reports without a caret. */
    readonly position?: number,
  ) {
    super(detail);
    this.name = 'SoqlError';
  }
}

const WORD_OR_PATH = /[A-Za-z_][\w.]*|'(?:\\.|[^'\\])*'|\S/g;

/**
 * Salesforce echoes the offending part of the statement: the line around the error, from four
 * tokens before it to four after, then a caret under the error, then `ERROR at Row:R:Column:C`.
 */
export function caretMessage(soql: string, position: number, detail: string): string {
  const lineStart = soql.lastIndexOf('\n', position - 1) + 1;
  const lineEndAt = soql.indexOf('\n', position);
  const lineEnd = lineEndAt < 0 ? soql.length : lineEndAt;
  const line = soql.slice(lineStart, lineEnd);
  const column = position - lineStart;
  const row = soql.slice(0, lineStart).split('\n').length;

  const spans: Array<[number, number]> = [];
  for (const m of line.matchAll(WORD_OR_PATH)) spans.push([m.index, m.index + m[0].length]);
  let at = spans.findIndex(([s, e]) => column >= s && column < e);
  if (at < 0) at = spans.findIndex(([s]) => s >= column);
  if (at < 0) at = spans.length;
  const from = at - 4 <= 0 ? 0 : (spans[at - 4]?.[0] ?? 0);
  const to = at + 4 >= spans.length - 1 ? line.length : (spans[at + 4]?.[1] ?? line.length);
  const window = line.slice(from, to);
  return `\n${window}\n${' '.repeat(Math.max(0, column - from))}^\nERROR at Row:${row}:Column:${column + 1}\n${detail}`;
}

export function toApiError(soql: string, error: SoqlError): SalesforceApiError {
  const message = error.position === undefined ? error.detail : caretMessage(soql, error.position, error.detail);
  return new SalesforceApiError(400, error.errorCode, message);
}
