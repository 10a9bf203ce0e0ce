import type { UsageSeries } from '../src/model/accountInputs.js';
import type { State } from './openState.js';

type DayColumns = [string, number, number, number | null, number | null, number | null, number | null, number | null];
type CoverageColumns = [string, number | null, number | null];

const DAY_COLUMNS = 'l.account_id, l.rank, d.day, d.active_users, d.active_users_30d, d.events, d.features_30d, d.seats';
const JOIN = 'FROM usage_links l JOIN usage_daily d ON d.key_id = l.key_id';
// Covered up to the source's latest data, not the day read: yesterday's figures may arrive today.
const COVERAGE = 'SELECT l.account_id, min(r.read_from), max(coalesce(r.data_through, r.read_through)) FROM usage_links l JOIN usage_reads r ON r.source = l.source';

/**
 * Reads the usage series of a connector's accounts, a range of ids (scoring's chunks) or a list of
 * ids at a time, through the links `src/usage/linkUsage.ts` stored. Accounts no source matched
 * are absent from the maps.
 */
export function usageSeriesReader(state: State, connector: string) {
  const db = state.db;
  const linked = db.prepare('SELECT 1 FROM usage_links WHERE connector = ? LIMIT 1').pluck().get(connector) !== undefined;
  const range = 'l.connector = ? AND l.account_id BETWEEN ? AND ?';
  const list = 'l.connector = ? AND l.account_id IN (SELECT value FROM json_each(?))';
  const daysInRange = db.prepare(`SELECT ${DAY_COLUMNS} ${JOIN} WHERE ${range} ORDER BY l.account_id, d.day, l.rank`).raw();
  const coverageInRange = db.prepare(`${COVERAGE} WHERE ${range} GROUP BY l.account_id ORDER BY l.account_id`).raw();
  const daysInList = db.prepare(`SELECT ${DAY_COLUMNS} ${JOIN} WHERE ${list} ORDER BY l.account_id, d.day, l.rank`).raw();
  const coverageInList = db.prepare(`${COVERAGE} WHERE ${list} GROUP BY l.account_id ORDER BY l.account_id`).raw();
  return {
    between(first: string, last: string): Map<string, UsageSeries> {
      if (!linked) return new Map();
      return assemble(coverageInRange.all(connector, first, last) as CoverageColumns[], daysInRange.all(connector, first, last) as DayColumns[]);
    },
    of(idsJson: string): Map<string, UsageSeries> {
      if (!linked) return new Map();
      return assemble(coverageInList.all(connector, idsJson) as CoverageColumns[], daysInList.all(connector, idsJson) as DayColumns[]);
    },
  };
}

/** Rows in account, day, rank order: per day and metric the first source with a value wins. */
function assemble(coverage: CoverageColumns[], rows: DayColumns[]): Map<string, UsageSeries> {
  const series = new Map<string, UsageSeries>();
  let at = 0;
  for (const [accountId, fromDay, toDay] of coverage) {
    while (at < rows.length && rows[at]![0] < accountId) at++;
    let end = at;
    while (end < rows.length && rows[end]![0] === accountId) end++;
    let days = 0;
    for (let i = at; i < end; i++) if (i === at || rows[i]![2] !== rows[i - 1]![2]) days++;
    const s: UsageSeries = {
      days: new Int32Array(days),
      activeUsers: new Float64Array(days).fill(Number.NaN),
      activeUsers30d: new Float64Array(days).fill(Number.NaN),
      events: new Float64Array(days).fill(Number.NaN),
      features30d: new Float64Array(days).fill(Number.NaN),
      seats: new Float64Array(days).fill(Number.NaN),
      fromDay: fromDay ?? 0,
      toDay: toDay ?? -1,
    };
    let k = -1;
    for (let i = at; i < end; i++) {
      const [, , day, activeUsers, activeUsers30d, events, features30d, seats] = rows[i]!;
      if (k < 0 || s.days[k] !== day) s.days[++k] = day;
      if (activeUsers !== null && Number.isNaN(s.activeUsers[k]!)) s.activeUsers[k] = activeUsers;
      if (activeUsers30d !== null && Number.isNaN(s.activeUsers30d[k]!)) s.activeUsers30d[k] = activeUsers30d;
      if (events !== null && Number.isNaN(s.events[k]!)) s.events[k] = events;
      if (features30d !== null && Number.isNaN(s.features30d[k]!)) s.features30d[k] = features30d;
      if (seats !== null && Number.isNaN(s.seats[k]!)) s.seats[k] = seats;
    }
    series.set(accountId, s);
    at = end;
  }
  return series;
}
