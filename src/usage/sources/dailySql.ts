import type { ResolvedColumns } from './columnRoles.js';
import { ROWS, asText, dayOf, dayOut, hasKey, ident, literal, onOrAfter, withinRange, type SqlDialect } from './sqlText.js';
import type { DailyShape } from './usageShape.js';
import type { UsageDayRange, UsageMetric } from '../../contracts/usageSource.js';

/** Several rows for one account, day and metric: why events add up and the rest do not, see `withUsageShape`. */
const AGGREGATE: Record<UsageMetric, 'sum' | 'max'> = {
  activeUsers: 'max',
  activeUsers30d: 'max',
  events: 'sum',
  features30d: 'max',
  seats: 'max',
};

const OUTPUT: Record<UsageMetric, string> = {
  activeUsers: 'active_users',
  activeUsers30d: 'active_users_30d',
  events: 'events',
  features30d: 'features_30d',
  seats: 'seats',
};

/**
 * Daily rows in long form pivoted to one row per account and day (the columns of
 * `USAGE_DAY_COLUMNS`), where the data is. Days after `range.to` come out too, for the reader to
 * refuse.
 */
export function dailyDaysSql(relation: string, shape: DailyShape, columns: ResolvedColumns, range: UsageDayRange, dialect: SqlDialect): string {
  const { metric, value } = columns;
  if (columns.metricColumns) return wideDaysSql(relation, columns, range, dialect);
  if (!metric || !value) throw new Error('daily rows need metric and value columns');
  const named = Object.entries(shape.metrics).filter((e): e is [UsageMetric, string] => e[1] !== undefined);
  const metricText = asText(metric);
  const pivoted = (Object.keys(OUTPUT) as UsageMetric[]).map((m) => {
    const name = shape.metrics[m];
    const aggregate = name === undefined ? 'CAST(NULL AS DOUBLE PRECISION)'
      : `${AGGREGATE[m]}(CASE WHEN ${metricText} = ${literal(name)} THEN CAST(${ident(value.name)} AS DOUBLE PRECISION) END)`;
    return `${aggregate} AS ${OUTPUT[m]}`;
  });
  return daysOf(relation, columns, pivoted, range, dialect, `${metricText} IN (${[...new Set(named.map(([, n]) => literal(n)))].join(', ')})`);
}

/** Wide rows: one per account and day already, aggregated all the same in case a day repeats. */
function wideDaysSql(relation: string, columns: ResolvedColumns, range: UsageDayRange, dialect: SqlDialect): string {
  const { metricColumns } = columns;
  const pivoted = (Object.keys(OUTPUT) as UsageMetric[]).map((m) => {
    const column = metricColumns![m];
    const aggregate = column === undefined ? 'CAST(NULL AS DOUBLE PRECISION)' : `${AGGREGATE[m]}(CAST(${ident(column.name)} AS DOUBLE PRECISION))`;
    return `${aggregate} AS ${OUTPUT[m]}`;
  });
  return daysOf(relation, columns, pivoted, range, dialect, 'TRUE');
}

/**
 * One row per account and day of the range, the metrics aggregated as `pivoted` says; in key order,
 * so the state inserts each key's days together.
 */
function daysOf(relation: string, columns: ResolvedColumns, pivoted: string[], range: UsageDayRange, dialect: SqlDialect, rowFilter: string): string {
  const { account, when } = columns;
  return `
SELECT ${asText(account)} AS key, ${dayOut(dayOf(when, dialect), dialect)} AS day,
  ${pivoted.join(',\n  ')}
FROM (${relation}) AS ${ROWS}
WHERE ${hasKey(account)} AND ${onOrAfter(when, range.from, dialect)} AND ${withinRange(when, range, dialect)} AND ${rowFilter}
GROUP BY 1, 2
ORDER BY 1, 2`;
}

/** The metric names the data holds, to tell a misspelt `metrics:` entry (up to `METRIC_NAMES_SHOWN` + 1 names). */
export function metricNamesSql(relation: string, columns: ResolvedColumns): string {
  if (!columns.metric) throw new Error('daily rows need a metric column');
  return `SELECT DISTINCT ${asText(columns.metric)} AS metric FROM (${relation}) AS ${ROWS} LIMIT ${METRIC_NAMES_SHOWN + 1}`;
}

const METRIC_NAMES_SHOWN = 50;

/** A configured metric name the data never holds, said with the names it does hold; undefined when all are there. */
export function missingMetric(shape: DailyShape, columns: ResolvedColumns, held: readonly string[], where: string): string | undefined {
  const metricColumn = columns.metric?.name ?? shape.columns.metric;
  // A long list of names was cut short, so a name not among them may still be there.
  if (held.length > METRIC_NAMES_SHOWN) return undefined;
  for (const [metric, name] of Object.entries(shape.metrics)) {
    if (name === undefined || held.includes(name)) continue;
    return `metric "${name}" (metrics.${metric}) is not among the values of column "${metricColumn}" in ${where}; it holds: ${[...held].sort().join(', ')}`;
  }
  return undefined;
}
