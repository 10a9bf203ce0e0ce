import { ConditionSyntaxError, parseCondition, type ComparisonOp, type Expr, type Literal, type Operand } from './conditionParser.js';
import { FACTS, type FactName, type Facts, type FactSpec, type FactValue } from './taskFacts.js';

/** A condition that parsed and type-checked against the fact catalogue. */
export interface Condition {
  text: string;
  expr: Expr;
  /** Facts it reads, in order of first use: the task body shows their values. */
  facts: FactName[];
}

export type CompileResult = { ok: true; condition: Condition } | { ok: false; problems: string[] };

/**
 * Parses and checks a condition: every identifier must be a known fact, a comparison must
 * compare like with like, an enumeration only with one of its values, and the whole must be a
 * yes/no question. All problems are returned, each phrased for the person editing the YAML.
 */
export function compileCondition(text: string, catalogue: Record<string, FactSpec> = FACTS): CompileResult {
  let expr: Expr;
  try {
    expr = parseCondition(text);
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return { ok: false, problems: [error.message] };
    throw error;
  }
  const problems: string[] = [];
  const facts: FactName[] = [];
  const allowed = () => Object.keys(catalogue).join(', ');

  const operandType = (operand: Operand): FactSpec | 'null' | 'unknown' | { type: 'number' | 'text' | 'boolean' } => {
    if (operand.kind === 'literal') return literalType(operand.value);
    const spec = catalogue[operand.name];
    if (!spec) {
      const hint = closest(operand.name, Object.keys(catalogue));
      problems.push(`unknown fact "${operand.name}" at column ${operand.column}${hint ? ` (did you mean "${hint}"?)` : ''}; allowed facts: ${allowed()}`);
      return 'unknown';
    }
    if (!facts.includes(operand.name as FactName)) facts.push(operand.name as FactName);
    return spec;
  };

  const checkBoolean = (e: Expr): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        checkBoolean(e.left);
        checkBoolean(e.right);
        return;
      case 'not':
        checkBoolean(e.expr);
        return;
      case 'compare':
        checkComparison(e.op, e.left, e.right, e.column);
        return;
      default: {
        const type = operandType(e);
        if (type !== 'unknown' && (type === 'null' || type.type !== 'boolean')) {
          const what = e.kind === 'fact' ? `fact "${e.name}"` : `value ${JSON.stringify(e.value)}`;
          problems.push(`${what} at column ${e.column} is not a yes/no condition; compare it, e.g. ${e.kind === 'fact' ? `${e.name} >= 35` : 'churn_risk >= 35'}`);
        }
      }
    }
  };

  const checkComparison = (op: ComparisonOp, left: Operand, right: Operand, column: number): void => {
    const l = operandType(left);
    const r = operandType(right);
    if (l === 'unknown' || r === 'unknown') return;
    if (l === 'null' || r === 'null') {
      if (op !== '==' && op !== '!=') problems.push(`"${op}" at column ${column} cannot compare with null; use == null or != null`);
      return;
    }
    if (l.type !== r.type) {
      problems.push(`"${op}" at column ${column} compares ${describe(left, l)} with ${describe(right, r)}`);
      return;
    }
    if (op !== '==' && op !== '!=' && l.type !== 'number') {
      problems.push(`"${op}" at column ${column} orders ${l.type} values; only numbers can be compared with ${op}`);
      return;
    }
    for (const [fact, literal] of [
      [left, right],
      [right, left],
    ] as const) {
      if (fact.kind !== 'fact' || literal.kind !== 'literal') continue;
      const values = catalogue[fact.name]?.values;
      if (values && !values.includes(String(literal.value))) {
        problems.push(`${fact.name} is never ${JSON.stringify(literal.value)} (column ${literal.column}); its values are ${values.map((v) => JSON.stringify(v)).join(', ')}`);
      }
    }
  };

  checkBoolean(expr);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, condition: { text, expr, facts } };
}

/** A checked condition against one account's facts. A comparison involving null is false, except `== null` / `!= null`. */
export function evaluateCondition(condition: Condition, facts: Facts): boolean {
  return truthy(evaluate(condition.expr, facts));
}

function evaluate(e: Expr, facts: Facts): FactValue {
  switch (e.kind) {
    case 'and':
      return truthy(evaluate(e.left, facts)) && truthy(evaluate(e.right, facts));
    case 'or':
      return truthy(evaluate(e.left, facts)) || truthy(evaluate(e.right, facts));
    case 'not':
      return !truthy(evaluate(e.expr, facts));
    case 'compare':
      return compare(e.op, evaluate(e.left, facts), evaluate(e.right, facts));
    case 'fact':
      return facts[e.name as FactName] ?? null;
    case 'literal':
      return e.value;
  }
}

function compare(op: ComparisonOp, a: FactValue, b: FactValue): boolean {
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

function truthy(value: FactValue): boolean {
  return value === true;
}

function literalType(value: Literal): 'null' | { type: 'number' | 'text' | 'boolean' } {
  if (value === null) return 'null';
  return { type: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text' };
}

function describe(operand: Operand, type: { type: string }): string {
  return operand.kind === 'fact' ? `${operand.name} (${type.type})` : `${JSON.stringify(operand.value)} (${type.type})`;
}

/** The known name within edit distance 3 (typos like `dys_to_renewal`, `churn-risk`). */
export function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}
