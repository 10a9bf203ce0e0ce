import type { z } from 'zod';
import type { ConfigProblem } from '../model/errors.js';
import { formatKeyPath, type KeyPath } from './yamlSource.js';

/** A problem that keeps its key path, so callers can re-locate it (another file, another line). */
export interface LocatedProblem extends ConfigProblem {
  keyPath: KeyPath;
}

/**
 * Turns zod issues into problems a RevOps admin can act on: the key path, what is wrong, what is
 * allowed (including the allowed keys and a "did you mean" for a misspelt one).
 */
export function zodProblems(
  error: z.ZodError,
  schema: z.ZodType,
  input: unknown,
  prefix: KeyPath = [],
  lineOf?: (path: KeyPath) => number | undefined,
): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  for (const issue of error.issues) {
    const local = issue.path as KeyPath;
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, local);
      for (const key of issue.keys) {
        const suggestion = closest(key, allowed);
        const full = [...prefix, ...local, key];
        problems.push({
          keyPath: full,
          path: formatKeyPath(full),
          message: `unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed here: ${allowed.join(', ') || 'none'}`,
          line: lineOf?.(full),
        });
      }
      continue;
    }
    const full = [...prefix, ...local];
    problems.push({ keyPath: full, path: formatKeyPath(full), message: describeIssue(issue, valueAt(input, local)), line: lineOf?.(full) });
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue, actual: unknown): string {
  const got = actual === undefined ? 'nothing' : JSON.stringify(actual);
  switch (issue.code) {
    case 'invalid_type':
      return actual === undefined ? `required: expected ${issue.expected}` : `expected ${issue.expected}, got ${got}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `${issue.message} (got ${got})`
        : `must be at least ${String(issue.minimum)}, got ${got}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `${issue.message} (got ${got})`
        : `must be at most ${String(issue.maximum)}, got ${got}`;
    case 'invalid_format':
      if (issue.format === 'url') return `expected an http(s) URL, got ${got}`;
      if (issue.format === 'regex') return `${issue.message} (got ${got})`;
      return `expected ${issue.format}, got ${got}`;
    case 'invalid_union':
      return `${issue.message.startsWith('Invalid input') ? 'does not match any allowed form' : issue.message} (got ${got})`;
    default:
      return issue.message;
  }
}

function valueAt(input: unknown, path: KeyPath): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Keys an object schema allows at `path`, looking through defaults, optionals, arrays and unions. */
export function keysAt(schema: z.ZodType, path: KeyPath): string[] {
  const nodes = descend(schema, path);
  return [...new Set(nodes.flatMap((node) => objectKeys(node)))];
}

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; shape?: Record<string, z.ZodType>; valueType?: z.ZodType };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type)) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function descend(schema: z.ZodType, path: KeyPath): z.ZodType[] {
  let nodes = unwrap(schema);
  for (const key of path) {
    nodes = nodes.flatMap((node) => {
      const def = defOf(node);
      if (def.type === 'array' && def.element) return unwrap(def.element);
      if (def.type === 'record' && def.valueType) return unwrap(def.valueType);
      const child = def.shape?.[String(key)];
      return child ? unwrap(child) : [];
    });
  }
  return nodes;
}

function objectKeys(schema: z.ZodType): string[] {
  const def = defOf(schema);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** The allowed key within edit distance 2, if any: catches `schedual`, `conectors`, `apiversion`. */
function closest(key: string, allowed: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
