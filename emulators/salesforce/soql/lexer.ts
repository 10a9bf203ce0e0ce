import { SoqlError } from './soqlError.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for strings: the text between the quotes, escapes intact). */
  text: string;
  /** Offset of the token's first character in the query. */
  start: number;
  end: number;
}

const DATETIME_AT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})/y;
const DATE_AT = /\d{4}-\d{2}-\d{2}(?![\w:])/y;
const NUMBER_AT = /[+-]?\d+(?:\.\d+)?|[+-]?\.\d+/y;
const IDENT_AT = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATORS = ['!=', '<>', '<=', '>=', '=', '<', '>'];
const LEGAL_ESCAPES = new Set(['n', 'r', 't', 'b', 'f', '"', "'", '\\', '_', '%']);

function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? m[0] : undefined;
}

/** A sign belongs to a number only where a value may start (after an operator, `(`, `,` or IN). */
function valueMayStart(previous: Token | undefined): boolean {
  if (!previous) return false;
  if (previous.kind === 'op') return true;
  if (previous.kind === 'punct') return previous.text === '(' || previous.text === ',';
  return false;
}

/** Splits a SOQL statement into tokens; lexical errors are MALFORMED_QUERY at their position. */
export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const push = (kind: TokenKind, text: string, length = text.length): void => {
      tokens.push({ kind, text, start: i, end: i + length });
      i += length;
    };
    if (c === "'") {
      let j = i + 1;
      while (j < soql.length && soql.charAt(j) !== "'") {
        if (soql.charAt(j) === '\\') {
          const next = soql.charAt(j + 1);
          if (!LEGAL_ESCAPES.has(next)) {
            throw new SoqlError('MALFORMED_QUERY', `Invalid string literal '${soql.slice(i + 1, j + 2)}'. Illegal character sequence '\\${next}' in string literal.`, i);
          }
          j += 2;
        } else {
          j++;
        }
      }
      if (j >= soql.length) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${soql.slice(i)}'`, i);
      tokens.push({ kind: 'string', text: soql.slice(i + 1, j), start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    const previous = tokens[tokens.length - 1];
    const datetime = /\d/.test(c) ? matchAt(DATETIME_AT, soql, i) : undefined;
    if (datetime) {
      push('datetime', datetime);
      continue;
    }
    const day = /\d/.test(c) ? matchAt(DATE_AT, soql, i) : undefined;
    if (day) {
      push('date', day);
      continue;
    }
    const signed = (c === '-' || c === '+') && valueMayStart(previous);
    const number = /[\d.]/.test(c) || signed ? matchAt(NUMBER_AT, soql, i) : undefined;
    if (number) {
      push('number', number);
      continue;
    }
    const ident = matchAt(IDENT_AT, soql, i);
    if (ident) {
      push('ident', ident);
      continue;
    }
    const op = OPERATORS.find((o) => soql.startsWith(o, i));
    if (op) {
      push('op', op);
      continue;
    }
    if ('(),.:'.includes(c)) {
      push('punct', c);
      continue;
    }
    const rest = /^\S+/.exec(soql.slice(i))?.[0] ?? c;
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${rest}'`, i);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: soql.length, end: soql.length });
  return tokens;
}

/** The value of a string literal with SOQL escapes resolved (`\%` and `\_` become plain characters). */
export function unescapeString(raw: string): string {
  return raw.replace(/\\(.)/g, (_, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      default:
        return ch;
    }
  });
}
