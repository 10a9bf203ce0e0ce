import { UsageError } from '../model/errors.js';

/**
 * Parsers for command-line values, for commander's `.option(flags, description, parser)`: a value
 * a command cannot use is a usage error naming the flag and what it expects (exit 2), never a
 * stack trace from SQLite or a silently different meaning.
 */

/** A whole number from `min` (to `max` when given) for `--name <n>`. */
export function integerOption(name: string, min: number, max?: number): (value: string) => number {
  const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  return (value) => {
    const n = /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) {
      throw new UsageError('BAD_OPTION', `--${name} expects a whole number ${range}, got "${value}"`);
    }
    return n;
  };
}

/** One of `choices` for `--name <value>`. */
export function choiceOption<T extends string>(name: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new UsageError('BAD_OPTION', `--${name} expects one of ${choices.join(', ')}, got "${value}"`);
    }
    return value as T;
  };
}

/**
 * `--since 2024-01-01` (midnight UTC) or a full ISO instant, as an ISO instant; not a date, a day
 * that does not exist, or a time in the future is a usage error, never a silent full pull.
 */
export function parseSince(value: string): string {
  const dayMs = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}|$)/.test(value) ? Date.parse(`${value.slice(0, 10)}T00:00:00Z`) : Number.NaN;
  const instant = value.length === 10 ? dayMs : Date.parse(value);
  // Date.parse rolls 2024-02-31 over into March; a day that does not exist is a typo.
  const dayExists = !Number.isNaN(dayMs) && new Date(dayMs).toISOString().slice(0, 10) === value.slice(0, 10);
  if (!dayExists || Number.isNaN(instant)) {
    throw new UsageError('BAD_DATE', `--since expects a date as YYYY-MM-DD (UTC) or an ISO instant such as 2024-01-01T00:00:00Z, got "${value}"`);
  }
  if (instant > Date.now()) throw new UsageError('BAD_DATE', `--since ${value} is in the future`);
  return new Date(instant).toISOString();
}
