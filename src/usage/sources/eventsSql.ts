import type { ResolvedColumns } from './columnRoles.js';
import { ROWS, addDays, asText, dateLiteral, dayOf, hasKey, onOrAfter } from './sqlText.js';
import type { UsageDayRange } from '../../contracts/usageSource.js';

/** Days in a rolling window: the day itself and the 29 before it. */
export const WINDOW_DAYS = 30;

/**
 * The daily aggregates of raw events, one row per account and day (columns of `USAGE_DAY_COLUMNS`),
 * computed where the events are. Days after `range.to` that have events come out too, so the reader
 * can refuse them without a second pass over the data.
 *
 * Rolling distinct counts are exact and set-based ("islands"): the days a user (or feature) was
 * active, within 30 days of each other, merge into one span [first, last + 29] in which they count
 * once; +1 at the start of each span and -1 after its end, summed in day order per account, give
 * the count on every day. Each constant stretch is then spread over its days, which also yields
 * the quiet days after activity the contract asks for. Events from 29 days before `range.from`
 * are read so the first days' windows are full.
 */
export function eventsDaysSql(relation: string, columns: ResolvedColumns, range: UsageDayRange): string {
  const { account, when, user, feature } = columns;
  if (!user) throw new Error('events rows need a user column');
  const from = dateLiteral(range.from);
  const to = dateLiteral(range.to);
  const islands = (of: 'u' | 'f') => `
    SELECT k, min(d) AS first_day, max(d) AS last_day FROM (
      SELECT k, ${of}, d, sum(starts) OVER (PARTITION BY k, ${of} ORDER BY d ROWS UNBOUNDED PRECEDING) AS island FROM (
        SELECT k, ${of}, d, CASE WHEN d - lag(d) OVER (PARTITION BY k, ${of} ORDER BY d) <= ${WINDOW_DAYS} THEN 0 ELSE 1 END AS starts
        FROM (SELECT DISTINCT k, ${of}, d FROM usage_events WHERE ${of} IS NOT NULL) AS active
      ) AS marked
    ) AS numbered GROUP BY k, ${of}, island`;
  const spanChanges = (islandsName: string, users: boolean) => {
    const [on, off] = users ? ['1, 0', '-1, 0'] : ['0, 1', '0, -1'];
    return `SELECT k, first_day AS d, ${on} FROM ${islandsName} UNION ALL SELECT k, last_day + ${WINDOW_DAYS}, ${off} FROM ${islandsName}`;
  };
  return `
WITH usage_events AS MATERIALIZED (
  SELECT ${asText(account)} AS k, ${dayOf(when)} AS d, ${asText(user)} AS u,
    ${feature ? asText(feature) : 'CAST(NULL AS TEXT)'} AS f, count(*) AS n
  FROM (${relation}) AS ${ROWS}
  WHERE ${hasKey(account)} AND ${onOrAfter(when, addDays(range.from, 1 - WINDOW_DAYS))}
  GROUP BY 1, 2, 3, 4
),
daily AS (
  SELECT k, d, sum(n) AS events, count(DISTINCT u) AS users FROM usage_events WHERE d >= ${from} GROUP BY k, d
),
user_islands AS (${islands('u')}
),
${feature ? `feature_islands AS (${islands('f')}\n),` : ''}
changes AS (
  SELECT k, d, sum(du) AS du, sum(df) AS df FROM (
    ${spanChanges('user_islands', true)}
    ${feature ? `UNION ALL ${spanChanges('feature_islands', false)}` : ''}
  ) AS c (k, d, du, df) GROUP BY k, d
),
levels AS (
  SELECT k, greatest(d, ${from}) AS lo, least(next_day - 1, ${to}) AS hi, users_30d, features_30d FROM (
    SELECT k, d, lead(d) OVER (PARTITION BY k ORDER BY d) AS next_day,
      sum(du) OVER (PARTITION BY k ORDER BY d ROWS UNBOUNDED PRECEDING) AS users_30d,
      sum(df) OVER (PARTITION BY k ORDER BY d ROWS UNBOUNDED PRECEDING) AS features_30d
    FROM changes
  ) AS running
  WHERE users_30d > 0 OR features_30d > 0
),
rolling AS (
  SELECT k, lo + CAST(g.i AS INTEGER) AS d, users_30d, features_30d
  FROM levels CROSS JOIN LATERAL generate_series(0, hi - lo) AS g (i)
  WHERE lo <= hi
)
SELECT coalesce(r.k, daily.k) AS key, CAST(coalesce(r.d, daily.d) AS TEXT) AS day,
  CAST(coalesce(daily.users, 0) AS INTEGER) AS active_users,
  CAST(coalesce(r.users_30d, 0) AS INTEGER) AS active_users_30d,
  CAST(coalesce(daily.events, 0) AS INTEGER) AS events,
  ${feature ? 'CAST(coalesce(r.features_30d, 0) AS INTEGER)' : 'CAST(NULL AS INTEGER)'} AS features_30d,
  CAST(NULL AS INTEGER) AS seats
FROM rolling AS r FULL OUTER JOIN daily ON r.k = daily.k AND r.d = daily.d`;
}
