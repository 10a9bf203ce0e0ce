import type { ResolvedColumns } from './columnRoles.js';
import { ROWS, asText, dayOf, hasKey, ident, literal, onOrAfter } from './sqlText.js';
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
export function dailyDaysSql(relation: string, shape: DailyShape, columns: ResolvedColumns, range: UsageDayRange): string {
  const { account, when, metric, value } = columns;
  if (!metric || !value) throw new Error('daily rows need metric and value columns');
  const named = Object.entries(shape.metrics).filter((e): e is [UsageMetric, string] => e[1] !== undefined);
  const metricText = asText(metric);
  const pivoted = (Object.keys(OUTPUT) as UsageMetric[]).map((m) => {
    const name = shape.metrics[m];
    const aggregate = name === undefined ? 'CAST(NULL AS DOUBLE PRECISION)'
      : `${AGGREGATE[m]}(CASE WHEN ${metricText} = ${literal(name)} THEN CAST(${ident(value.name)} AS DOUBLE PRECISION) END)`;
    return `${aggregate} AS ${OUTPUT[m]}`;
  });
  return `
SELECT ${asText(account)} AS key, CAST(${dayOf(when)} AS TEXT) AS day,
  ${pivoted.join(',\n  ')}
FROM (${relation}) AS ${ROWS}
WHERE ${hasKey(account)} AND ${onOrAfter(when, range.from)}
  AND ${metricText} IN (${[...new Set(named.map(([, n]) => literal(n)))].join(', ')})
GROUP BY 1, 2`;
}
