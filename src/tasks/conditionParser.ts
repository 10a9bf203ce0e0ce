/**
 * The syntax of task conditions: a deliberately tiny language, so a rule written by RevOps in YAML
 * can be checked when the config loads and can never run arbitrary code.
 *
 *   expression := or
 *   or         := and ("or" and)*
 *   and        := not ("and" not)*
 *   not        := "not" not | comparison
 *   comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand)?
 *   operand    := number | "string" | true | false | null | identifier | "(" expression ")"
 */

export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Literal = number | string | boolean | null;

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'compare'; op: ComparisonOp; left: Operand; right: Operand; column: number }
  | Operand;

export type Operand = { kind: 'fact'; name: string; column: number } | { kind: 'literal'; value: Literal; column: number };

type Token =
  | { type: 'number'; value: number; column: number }
  | { type: 'string'; value: string; column: number }
  | { type: 'word'; value: string; column: number }
  | { type: 'op'; value: ComparisonOp; column: number }
  | { type: 'paren'; value: '(' | ')'; column: number }
  | { type: 'end'; column: number };

export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based position in the condition text. */
    readonly column: number,
  ) {
    super(`${message} at column ${column}`);
  }
}

export function parseCondition(text: string): Expr {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): Token => tokens[at] as Token;
  const next = (): Token => tokens[at++] as Token;
  const isWord = (word: string) => peek().type === 'word' && (peek() as { value: string }).value === word;

  const or = (): Expr => {
    let left = and();
    while (isWord('or')) {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Expr => {
    let left = not();
    while (isWord('and')) {
      next();
      left = { kind: 'and', left, right: not() };
    }
    return left;
  };
  const not = (): Expr => {
    if (isWord('not')) {
      next();
      return { kind: 'not', expr: not() };
    }
    return comparison();
  };
  const comparison = (): Expr => {
    const left = operand();
    const token = peek();
    if (token.type !== 'op') return left;
    next();
    const right = operand();
    const whole = `"${token.value}" cannot compare a whole condition; compare a fact with a value`;
    if (!isOperand(left) || !isOperand(right)) throw new ConditionSyntaxError(whole, token.column);
    return { kind: 'compare', op: token.value, left, right, column: token.column };
  };
  const operand = (): Expr => {
    const token = next();
    switch (token.type) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value, column: token.column };
      case 'paren':
        if (token.value === ')') throw new ConditionSyntaxError('unexpected ")"', token.column);
        {
          const inner = or();
          const close = next();
          if (close.type !== 'paren' || close.value !== ')') throw new ConditionSyntaxError('expected ")"', close.column);
          return inner;
        }
      case 'word':
        if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true', column: token.column };
        if (token.value === 'null') return { kind: 'literal', value: null, column: token.column };
        if (token.value === 'and' || token.value === 'or' || token.value === 'not') {
          throw new ConditionSyntaxError(`expected a fact or a value, got "${token.value}"`, token.column);
        }
        return { kind: 'fact', name: token.value, column: token.column };
      case 'op':
        throw new ConditionSyntaxError(`expected a fact or a value before "${token.value}"`, token.column);
      case 'end':
        throw new ConditionSyntaxError('the condition ends too early', token.column);
    }
  };

  const expr = or();
  const rest = peek();
  if (rest.type !== 'end') throw new ConditionSyntaxError(`unexpected "${'value' in rest ? String(rest.value) : ''}"; join conditions with "and" / "or"`, rest.column);
  return expr;
}

function isOperand(e: Expr): e is Operand {
  return e.kind === 'fact' || e.kind === 'literal';
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const column = i + 1;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: 'paren', value: c, column });
      i += 1;
    } else if (/[<>=!]/.test(c)) {
      const two = text.slice(i, i + 2);
      if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ type: 'op', value: two, column });
        i += 2;
      } else if (c === '<' || c === '>') {
        tokens.push({ type: 'op', value: c, column });
        i += 1;
      } else {
        throw new ConditionSyntaxError(c === '=' ? 'use "==" to compare' : `unexpected "${c}"`, column);
      }
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ConditionSyntaxError('unterminated string', column);
      tokens.push({ type: 'string', value: text.slice(i + 1, end), column });
      i = end + 1;
    } else if (/[0-9.-]/.test(c)) {
      const match = /^-?(\d+(\.\d*)?|\.\d+)/.exec(text.slice(i));
      if (!match) throw new ConditionSyntaxError(`unexpected "${c}"`, column);
      tokens.push({ type: 'number', value: Number(match[0]), column });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'word', value: match[0], column });
      i += match[0].length;
    } else {
      throw new ConditionSyntaxError(`unexpected "${c}"`, column);
    }
  }
  tokens.push({ type: 'end', column: text.length + 1 });
  return tokens;
}
