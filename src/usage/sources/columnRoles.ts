import type { UsageMetric } from '../../contracts/usageSource.js';
import { isWide, type UsageShape } from './usageShape.js';

/** How the engine holding the data types a column, as far as reading usage cares. */
export type ColumnKind = 'date' | 'timestamp' | 'timestamptz' | 'text' | 'number' | 'other';

export interface FoundColumn {
  name: string;
  kind: ColumnKind;
  /** The engine's own name of the type, for messages (`BIGINT`, `jsonb`). */
  type: string;
}

/** The configured columns, found in the data, by the role they play. */
export interface ResolvedColumns {
  account: FoundColumn;
  /** `columns.time` of events, `columns.day` of daily rows. */
  when: FoundColumn;
  user?: FoundColumn;
  feature?: FoundColumn;
  metric?: FoundColumn;
  value?: FoundColumn;
  /** Wide daily rows: the column of each metric named under `metrics`. */
  metricColumns?: Partial<Record<UsageMetric, FoundColumn>>;
}

/** Config key of each role, for messages that say what to change. */
export function configKey(shape: UsageShape, role: keyof ResolvedColumns): string {
  if (role === 'when') return shape.format === 'events' ? 'columns.time' : 'columns.day';
  return `columns.${role}`;
}

export const DAY_KINDS: readonly ColumnKind[] = ['date', 'timestamp', 'timestamptz', 'text'];

/**
 * Finds each configured column among those the data has and checks its type can be used, or
 * returns the problem (`where` names the file or query). Text day/value columns are accepted
 * here; whether their values parse is for the source to check.
 */
export function resolveColumns(shape: UsageShape, found: readonly FoundColumn[], where: string): ResolvedColumns | string {
  const wanted: [keyof ResolvedColumns, string | undefined][] =
    shape.format === 'events'
      ? [['account', shape.columns.account], ['when', shape.columns.time], ['user', shape.columns.user], ['feature', shape.columns.feature]]
      : [['account', shape.columns.account], ['when', shape.columns.day], ['metric', shape.columns.metric], ['value', shape.columns.value]];
  const resolved: Partial<ResolvedColumns> = {};
  for (const [role, name] of wanted) {
    if (name === undefined) continue;
    const column = found.find((c) => c.name === name);
    if (!column) {
      const near = found.find((c) => c.name.toLowerCase() === name.toLowerCase());
      const hint = near ? ` (did you mean "${near.name}"? names are case-sensitive)` : '';
      return `column "${name}" (${configKey(shape, role)}) not found in ${where}${hint}; it has: ${found.map((c) => c.name).join(', ')}`;
    }
    if (role === 'when' && !DAY_KINDS.includes(column.kind)) {
      return `column "${name}" (${configKey(shape, role)}) in ${where} is ${column.type}, not a date, timestamp or ISO-8601 text; name the column that holds the ${shape.format === 'events' ? "event's time" : 'day'}`;
    }
    if (role === 'value' && column.kind !== 'number' && column.kind !== 'text') {
      return `column "${name}" (columns.value) in ${where} is ${column.type}, not a number; name the column that holds the metric's value`;
    }
    (resolved as Record<string, FoundColumn>)[role] = column;
  }
  if (isWide(shape)) {
    const metricColumns: Partial<Record<UsageMetric, FoundColumn>> = {};
    for (const [metric, name] of Object.entries(shape.metrics) as [UsageMetric, string | undefined][]) {
      if (name === undefined) continue;
      const column = found.find((c) => c.name === name);
      if (!column) {
        return `column "${name}" (metrics.${metric}) not found in ${where}; it has: ${found.map((c) => c.name).join(', ')} (wide daily rows name a column per metric; long form names columns.metric and columns.value)`;
      }
      if (column.kind !== 'number' && column.kind !== 'text') return `column "${name}" (metrics.${metric}) in ${where} is ${column.type}, not a number`;
      metricColumns[metric] = column;
    }
    resolved.metricColumns = metricColumns;
  }
  return resolved as ResolvedColumns;
}
