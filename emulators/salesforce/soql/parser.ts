import { isValidDate, parseDateTime } from '../fieldValues.js';
import type { AggregateName, CompareOp, Condition, FieldRef, Literal, OrderItem, SelectItem, SoqlQuery } from './ast.js';
import { isDateLiteralName, takesParameter } from './dateLiterals.js';
import { tokenize, unescapeString, type Token } from './lexer.js';
import { SoqlError } from './soqlError.js';

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG']);
/** Words that end a select item or a FROM clause rather than naming an alias. */
const CLAUSE_WORDS = new Set(['FROM', 'WHERE', 'WITH', 'GROUP', 'ORDER', 'LIMIT', 'OFFSET', 'FOR', 'USING', 'HAVING', 'UPDATE', 'ALL']);
const COMPARE_OPS: Record<string, CompareOp> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** Features real SOQL has that the emulator refuses loudly instead of answering wrongly. */
function unsupported(what: string, at: Token): SoqlError {
  return new SoqlError('MALFORMED_QUERY', `${what} is not supported by the crm-vitals Salesforce emulator`, at.start);
}

class Parser {
  private i = 0;
  private alias: string | undefined;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }

  unexpected(t: Token = this.peek()): SoqlError {
    return new SoqlError('MALFORMED_QUERY', `unexpected token: '${t.text}'`, t.start);
  }

  private expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.unexpected();
    return this.next();
  }

  private expectPunct(p: string): Token {
    if (!this.isPunct(p)) throw this.unexpected();
    return this.next();
  }

  query(nested = false): SoqlQuery {
    const outerAlias = this.alias;
    this.alias = undefined;
    const q = this.queryBody(nested);
    this.alias = outerAlias;
    return q;
  }

  private queryBody(nested: boolean): SoqlQuery {
    this.expectWord('SELECT');
    const { select, countOnly } = this.selectList();
    this.expectWord('FROM');
    const fromToken = this.next();
    if (fromToken.kind !== 'ident') throw this.unexpected(fromToken);
    const q: SoqlQuery = { select, countOnly, from: { name: fromToken.text, start: fromToken.start }, orderBy: [] };
    if (this.peek().kind === 'ident' && !CLAUSE_WORDS.has(this.peek().text.toUpperCase())) {
      this.alias = this.next().text;
      for (const item of select) this.stripAlias(item.kind === 'field' ? item : item.arg);
    }
    if (this.isWord('USING')) throw unsupported('USING SCOPE', this.peek());
    if (this.isWord('WHERE')) {
      this.next();
      q.where = this.condition();
    }
    if (this.isWord('WITH')) {
      const at = this.next();
      if (!this.isWord('SECURITY_ENFORCED') && !this.isWord('USER_MODE') && !this.isWord('SYSTEM_MODE')) throw unsupported('WITH', at);
      this.next();
    }
    if (this.isWord('GROUP')) throw unsupported('GROUP BY', this.peek());
    if (this.isWord('ORDER')) {
      this.next();
      this.expectWord('BY');
      q.orderBy = this.orderList();
    }
    if (this.isWord('LIMIT')) {
      this.next();
      q.limit = this.integer();
    }
    if (this.isWord('OFFSET')) {
      this.next();
      q.offset = this.integer();
    }
    if (this.isWord('FOR')) {
      this.next();
      if (!this.isWord('VIEW') && !this.isWord('REFERENCE')) throw unsupported('FOR UPDATE', this.peek());
      this.next();
    }
    if (nested ? !this.isPunct(')') : this.peek().kind !== 'eof') throw this.unexpected();
    return q;
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    for (;;) {
      const field = this.fieldRef();
      let descending = false;
      if (this.isWord('ASC') || this.isWord('DESC')) descending = this.next().text.toUpperCase() === 'DESC';
      let nullsLast = false;
      if (this.isWord('NULLS')) {
        this.next();
        if (!this.isWord('FIRST') && !this.isWord('LAST')) throw this.unexpected();
        nullsLast = this.next().text.toUpperCase() === 'LAST';
      }
      items.push({ field, descending, nullsLast });
      if (!this.isPunct(',')) return items;
      this.next();
    }
  }

  private stripAlias(field: FieldRef): void {
    if (this.alias && field.path.length > 1 && field.path[0]?.toLowerCase() === this.alias.toLowerCase()) field.path.shift();
  }

  private integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw this.unexpected(t);
    return Number(t.text);
  }

  private selectList(): { select: SelectItem[]; countOnly: boolean } {
    if (this.isWord('COUNT') && this.peek(1).text === '(' && this.peek(2).text === ')') {
      this.i += 3;
      if (!this.isWord('FROM')) throw this.unexpected();
      return { select: [], countOnly: true };
    }
    const select: SelectItem[] = [];
    for (;;) {
      select.push(this.selectItem());
      if (!this.isPunct(',')) break;
      this.next();
    }
    return { select, countOnly: false };
  }

  private selectItem(): SelectItem {
    const t = this.peek();
    if (this.isPunct('(')) throw unsupported('A parent-to-child subquery', t);
    if (t.kind !== 'ident') throw this.unexpected();
    const upper = t.text.toUpperCase();
    if (upper === 'TYPEOF') throw unsupported('TYPEOF', t);
    if (this.peek(1).kind === 'punct' && this.peek(1).text === '(') {
      if (!AGGREGATES.has(upper)) throw unsupported(`${upper}()`, t);
      this.i += 2;
      const arg = this.fieldRef();
      this.expectPunct(')');
      const item: SelectItem = { kind: 'aggregate', fn: upper as AggregateName, arg, start: t.start };
      if (this.peek().kind === 'ident' && !CLAUSE_WORDS.has(this.peek().text.toUpperCase())) item.alias = this.next().text;
      return item;
    }
    const field = this.fieldRef();
    const after = this.peek();
    if (after.kind === 'ident' && !CLAUSE_WORDS.has(after.text.toUpperCase())) {
      throw new SoqlError('MALFORMED_QUERY', 'only aggregate expressions use field aliasing', after.start);
    }
    return field;
  }

  private fieldRef(): FieldRef {
    const first = this.next();
    if (first.kind !== 'ident') throw this.unexpected(first);
    const path = [first.text];
    while (this.isPunct('.')) {
      this.next();
      const seg = this.next();
      if (seg.kind !== 'ident') throw this.unexpected(seg);
      path.push(seg.text);
    }
    const ref: FieldRef = { kind: 'field', path, start: first.start };
    this.stripAlias(ref);
    return ref;
  }

  /** SOQL refuses AND and OR mixed at one level without parentheses. */
  condition(): Condition {
    const items = [this.unary()];
    let op: 'AND' | 'OR' | undefined;
    while (this.isWord('AND') || this.isWord('OR')) {
      const word = this.peek().text.toUpperCase() as 'AND' | 'OR';
      if (op && op !== word) throw this.unexpected();
      op = word;
      this.next();
      items.push(this.unary());
    }
    return op ? { kind: op === 'AND' ? 'and' : 'or', items } : (items[0] as Condition);
  }

  private unary(): Condition {
    if (this.isWord('NOT')) {
      this.next();
      return { kind: 'not', item: this.unary() };
    }
    if (this.isPunct('(')) {
      this.next();
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    return this.simple();
  }

  private simple(): Condition {
    const field = this.fieldRef();
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return { kind: 'compare', field, op: COMPARE_OPS[t.text] as CompareOp, value: this.literal() };
    }
    if (this.isWord('LIKE')) {
      this.next();
      const pattern = this.literal();
      if (pattern.kind !== 'string') throw new SoqlError('MALFORMED_QUERY', 'unexpected token: LIKE pattern must be a string', pattern.start);
      return { kind: 'like', field, pattern };
    }
    let negated = false;
    if (this.isWord('NOT') && this.isWord('IN', 1)) {
      this.next();
      negated = true;
    }
    if (this.isWord('IN')) {
      this.next();
      this.expectPunct('(');
      if (this.isWord('SELECT')) {
        const query = this.query(true);
        this.expectPunct(')');
        return { kind: 'semiJoin', field, negated, query };
      }
      const values: Literal[] = [this.literal()];
      while (this.isPunct(',')) {
        this.next();
        values.push(this.literal());
      }
      this.expectPunct(')');
      return { kind: 'in', field, negated, values };
    }
    if (this.isWord('INCLUDES') || this.isWord('EXCLUDES')) throw unsupported('INCLUDES/EXCLUDES', t);
    throw this.unexpected();
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', raw: t.text, value: unescapeString(t.text), start: t.start };
      case 'number':
        return { kind: 'number', text: t.text, value: Number(t.text), start: t.start };
      case 'date':
        if (!isValidDate(t.text)) throw new SoqlError('MALFORMED_QUERY', `Invalid date: ${t.text}`, t.start);
        return { kind: 'date', value: t.text, start: t.start };
      case 'datetime': {
        const value = parseDateTime(t.text);
        if (value === undefined) throw new SoqlError('MALFORMED_QUERY', `Invalid datetime: ${t.text}`, t.start);
        return { kind: 'datetime', text: t.text, value, start: t.start };
      }
      case 'ident': {
        const upper = t.text.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE', start: t.start };
        if (upper === 'NULL') return { kind: 'null', start: t.start };
        if (isDateLiteralName(upper)) return this.dateLiteral(upper, t);
        throw this.unexpected(t);
      }
      default:
        throw this.unexpected(t);
    }
  }

  private dateLiteral(name: string, t: Token): Literal {
    if (!takesParameter(name)) return { kind: 'dateLiteral', name, start: t.start };
    if (!this.isPunct(':')) throw this.unexpected();
    this.next();
    const n = this.next();
    if (n.kind !== 'number' || !/^\d+$/.test(n.text)) throw this.unexpected(n);
    return { kind: 'dateLiteral', name, n: Number(n.text), start: t.start };
  }
}

/** Parses one SOQL statement; syntax problems are MALFORMED_QUERY errors at their token. */
export function parseSoql(soql: string): SoqlQuery {
  if (soql.trim() === '') throw new SoqlError('MALFORMED_QUERY', 'A query string has to be specified');
  return new Parser(tokenize(soql)).query();
}
