import type { ResolvedColumns } from './columnRoles.js';
import { ROWS, addDays, asText, dateLiteral, dayOf, dayOut, hasKey, onOrAfter, withinRange, type SqlDialect } from './sqlText.js';
import type { UsageDayRange } from '../../contracts/usageSource.js';

/** Days in a rolling window: the day itself and the 29 before it. */
export const WINDOW_DAYS = 30;

/**
 * The daily aggregates of raw events, one row per account and day (columns of `USAGE_DAY_COLUMNS`),
 * computed where the events are. Days after `range.to` that have events come out too, so the reader
 * can refuse them without a second pass over the data.
 *
 * Rolling distinct counts are exact and set-based ("islands"): the days a user (or feature) was
 * active, each within 30 days of the one before, form an island in which they count from its first
 * day to 29 days after its last: +1 on its first day, -1 thirty days after its last. Summed per
 * account in day order, these give the distinct users of every window. Only island edges travel
 * through the sums, found in one ordered pass (lag and lead) over the distinct active days. Each
 * stretch of days with the same counts is then spread over its days, which also yields the quiet
 * days after activity the contract asks for. Events from 29 days before `range.from` are read so
 * the first windows are full.
 */
export function eventsDaysSql(relation: string, columns: ResolvedColumns, range: UsageDayRange, dialect: SqlDialect): string {
  const { account, when, user, feature } = columns;
  if (!user) throw new Error('events rows need a user column');
  const from = dateLiteral(range.from);
  const to = dateLiteral(range.to);
  const islandEdges = (days: string, id: string) => `
    SELECT kid, d, lag(d) OVER w AS prev_d, lead(d) OVER w AS next_d
    FROM ${days} WHERE ${id} IS NOT NULL
    WINDOW w AS (PARTITION BY ${id} ORDER BY d)`;
  const changes = (name: string, users: boolean) => {
    const [on, off] = users ? ['1, 0', '-1, 0'] : ['0, 1', '0, -1'];
    return `SELECT kid, d, ${on} FROM ${name} WHERE prev_d IS NULL OR d - prev_d > ${WINDOW_DAYS}
    UNION ALL SELECT kid, d + ${WINDOW_DAYS}, ${off} FROM ${name} WHERE next_d IS NULL OR next_d - d > ${WINDOW_DAYS}`;
  };
  // Keys, users and features are numbered once, so the sorts and groupings after run on integers.
  return `
WITH usage_events AS MATERIALIZED (
  SELECT ${asText(account)} AS k, ${dayOf(when, dialect)} AS d, ${asText(user)} AS u,
    ${feature ? asText(feature) : 'CAST(NULL AS TEXT)'} AS f, count(*) AS n
  FROM (${relation}) AS ${ROWS}
  WHERE ${hasKey(account)} AND ${onOrAfter(when, addDays(range.from, 1 - WINDOW_DAYS), dialect)} AND ${withinRange(when, range, dialect)}
  GROUP BY 1, 2, 3, 4
),
accounts AS MATERIALIZED (
  SELECT k, CAST(row_number() OVER () AS INTEGER) AS kid FROM (SELECT DISTINCT k FROM usage_events) AS keys
),
user_ids AS MATERIALIZED (
  SELECT kid, k, u, CAST(row_number() OVER () AS INTEGER) AS uid
  FROM (SELECT DISTINCT k, u FROM usage_events WHERE u IS NOT NULL) AS users JOIN accounts USING (k)
),
user_days AS MATERIALIZED (
  SELECT kid, uid, d, sum(n) AS n FROM (
    SELECT ids.kid, ids.uid, e.d, e.n FROM usage_events AS e JOIN user_ids AS ids ON ids.k = e.k AND ids.u = e.u
    UNION ALL
    SELECT a.kid, NULL, e.d, e.n FROM usage_events AS e JOIN accounts AS a ON a.k = e.k WHERE e.u IS NULL
  ) AS numbered GROUP BY kid, uid, d
),
${feature ? `feature_ids AS MATERIALIZED (
  SELECT kid, k, f, CAST(row_number() OVER () AS INTEGER) AS fid
  FROM (SELECT DISTINCT k, f FROM usage_events WHERE f IS NOT NULL) AS features JOIN accounts USING (k)
),
feature_days AS (
  SELECT DISTINCT ids.kid, ids.fid, e.d FROM usage_events AS e JOIN feature_ids AS ids ON ids.k = e.k AND ids.f = e.f
),
feature_islands AS (${islandEdges('feature_days', 'fid')}
),` : ''}
daily AS (
  SELECT kid, d, sum(n) AS events, count(uid) AS users FROM user_days WHERE d >= ${from} GROUP BY kid, d
),
user_islands AS (${islandEdges('user_days', 'uid')}
),
changes AS (
  SELECT kid, d, sum(du) AS du, sum(df) AS df FROM (
    ${changes('user_islands', true)}
    ${feature ? `UNION ALL ${changes('feature_islands', false)}` : ''}
  ) AS c (kid, d, du, df) GROUP BY kid, d
),
levels AS (
  SELECT kid, greatest(d, ${from}) AS lo, least(next_d - 1, ${to}) AS hi, users_30d, features_30d FROM (
    SELECT kid, d, lead(d) OVER w AS next_d, sum(du) OVER w AS users_30d, sum(df) OVER w AS features_30d
    FROM changes
    WINDOW w AS (PARTITION BY kid ORDER BY d ROWS UNBOUNDED PRECEDING)
  ) AS running
  WHERE users_30d > 0 OR features_30d > 0
),
rolling AS (${spread(range, dialect)}
)
SELECT accounts.k AS key, ${dayOut('coalesce(r.d, daily.d)', dialect)} AS day,
  CAST(coalesce(daily.users, 0) AS INTEGER) AS active_users,
  CAST(coalesce(r.users_30d, 0) AS INTEGER) AS active_users_30d,
  CAST(coalesce(daily.events, 0) AS INTEGER) AS events,
  ${feature ? 'CAST(coalesce(r.features_30d, 0) AS INTEGER)' : 'CAST(NULL AS INTEGER)'} AS features_30d,
  CAST(NULL AS INTEGER) AS seats
FROM rolling AS r FULL OUTER JOIN daily ON r.kid = daily.kid AND r.d = daily.d
JOIN accounts ON accounts.kid = coalesce(r.kid, daily.kid)`;
}

/**
 * One row per day of each stretch `[lo, hi]` of `levels`. DuckDB joins a calendar of the range
 * (its range join beats a generate_series per stretch); PostgreSQL generates each stretch's days
 * (a calendar join would be a nested loop there).
 */
function spread(range: UsageDayRange, dialect: SqlDialect): string {
  if (dialect === 'duckdb') {
    return `
  SELECT levels.kid, calendar.d, users_30d, features_30d
  FROM levels JOIN (
    SELECT CAST(g.day AS DATE) AS d FROM generate_series(${dateLiteral(range.from)}, ${dateLiteral(range.to)}, INTERVAL 1 DAY) AS g (day)
  ) AS calendar ON calendar.d BETWEEN levels.lo AND levels.hi`;
  }
  return `
  SELECT kid, lo + CAST(g.i AS INTEGER) AS d, users_30d, features_30d
  FROM levels CROSS JOIN LATERAL generate_series(0, hi - lo) AS g (i)
  WHERE lo <= hi`;
}
