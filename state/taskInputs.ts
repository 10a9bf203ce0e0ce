import type { KnownOwner } from '../src/model/owners.js';
import { RENEWAL_MEMORY_DAYS, type TaskAccount } from '../src/model/taskAccount.js';
import { MoneyConverter } from '../src/model/money.js';
import { DAY_MS } from '../src/model/time.js';
import { inRange, type AccountRange } from './accountRanges.js';
import { orgMoney } from './currencies.js';
import type { State } from './openState.js';
import { latestPass } from './snapshots.js';

const RECENT_DAYS = 30;

export interface TaskInputs {
  /** The score pass the facts come from; null before the first `vitals score`. */
  passAsOf: string | null;
  accounts: TaskAccount[];
}

/** The connector's live owners, for task owner resolution. */
export function readOwners(state: State, connector: string): KnownOwner[] {
  return (
    state.db.prepare('SELECT crm_id, email, is_active FROM owners WHERE connector = ? AND deleted_at IS NULL').raw().all(connector) as [string, string | null, number | null][]
  ).map(([id, email, active]): KnownOwner => ({ id, email, isActive: active === null ? null : active === 1 }));
}

/**
 * What task rules read about a connector's live, scored accounts, in a handful of set-based
 * queries: the latest snapshot (rounded as the CRM fields show it, so a task and the score field
 * agree), the band `changeDays` ago, renewal opportunities and ticket aggregates; for every
 * account, or for one range of them.
 */
export function readTaskInputs(state: State, connector: string, nowMs: number, changeDays: number, range?: AccountRange): TaskInputs {
  const pass = latestPass(state, connector);
  if (!pass) return { passAsOf: null, accounts: [] };
  const ofAccounts = inRange('account_id', range);
  const ofSnapshots = inRange('s.account_id', range);

  const accounts = new Map<string, TaskAccount>();
  const money = new MoneyConverter(orgMoney(state, connector));
  const rows = state.db
    .prepare(
      `SELECT a.crm_id, a.name, a.owner_id, a.segment, a.arr, a.currency, a.renewal_date, a.last_activity_at,
         s.health, s.band, s.churn_risk, s.trend, s.trend_change, s.coverage, s.flags, s.drivers_text
       FROM score_snapshots s JOIN accounts a ON a.connector = s.connector AND a.crm_id = s.account_id AND a.deleted_at IS NULL
       WHERE s.connector = ? AND s.as_of = ?${ofSnapshots.sql} ORDER BY a.crm_id`,
    )
    .raw()
    .iterate(connector, pass.asOf, ...ofSnapshots.params) as IterableIterator<
    [string, string | null, string | null, string | null, number | null, string | null, string | null, string | null, number, TaskAccount['score']['band'], number | null, TaskAccount['score']['trend'] | null, number | null, number, string, string | null]
  >;
  for (const [id, name, ownerId, segment, arr, currency, renewal, activity, health, band, risk, trend, change, coverage, flags, drivers] of rows) {
    accounts.set(id, {
      accountId: id, name, ownerId, segment, arr: money.atCurrentRate(arr, currency), currency: money.corporate, renewalDate: renewal, lastActivityAt: activity,
      score: {
        health: Math.round(health), band, churnRisk: Math.round((risk ?? 0) * 100), trend: trend ?? 'flat',
        trendChange: change === null ? null : Math.round(change), coverage, redFlags: countJsonArray(flags), driversText: drivers ?? '',
      },
      band30dAgo: null, renewals: [],
      tickets: { open: 0, openUrgent: 0, oldestOpenUrgentAt: null, oldestOpenHighAt: null, escalations30d: 0, lowestCsat30d: null },
    });
  }

  // The same baseline scoring uses for the change: the latest pass changeDays back, with half the window of slack.
  const passMs = Date.parse(pass.asOf);
  const baseline = state.db
    .prepare('SELECT as_of FROM score_passes WHERE connector = ? AND as_of <= ? AND as_of >= ? ORDER BY as_of DESC LIMIT 1')
    .pluck()
    .get(connector, iso(passMs - changeDays * DAY_MS), iso(passMs - 1.5 * changeDays * DAY_MS)) as string | undefined;
  if (baseline) {
    const bands = state.db.prepare(`SELECT account_id, band FROM score_snapshots WHERE connector = ? AND as_of = ?${ofAccounts.sql}`).raw().iterate(connector, baseline, ...ofAccounts.params) as IterableIterator<[string, TaskAccount['score']['band']]>;
    for (const [id, band] of bands) {
      const account = accounts.get(id);
      if (account) account.band30dAgo = band;
    }
  }

  const renewals = state.db
    .prepare(
      `SELECT account_id, is_closed, is_won, close_date FROM opportunities
       WHERE connector = ? AND deleted_at IS NULL AND type = 'renewal' AND account_id IS NOT NULL AND (is_closed = 0 OR close_date >= ?)${ofAccounts.sql}`,
    )
    .raw()
    .iterate(connector, iso(nowMs - RENEWAL_MEMORY_DAYS * DAY_MS).slice(0, 10), ...ofAccounts.params) as IterableIterator<[string, number | null, number | null, string | null]>;
  for (const [id, closed, won, closeDate] of renewals) accounts.get(id)?.renewals.push({ isClosed: closed === 1, isWon: won === 1, closeDate });

  const recent = iso(nowMs - RECENT_DAYS * DAY_MS);
  // Some CRMs leave is_closed empty and only stamp the close (as scoring reads it too).
  const open = '(COALESCE(is_closed, closed_at IS NOT NULL) = 0)';
  const tickets = state.db
    .prepare(
      `SELECT account_id,
         SUM(CASE WHEN ${open} THEN 1 ELSE 0 END),
         SUM(CASE WHEN ${open} AND priority = 'urgent' THEN 1 ELSE 0 END),
         MIN(CASE WHEN ${open} AND priority = 'urgent' THEN created_at END),
         MIN(CASE WHEN ${open} AND priority = 'high' THEN created_at END),
         SUM(CASE WHEN is_escalated = 1 AND created_at >= ? THEN 1 ELSE 0 END),
         MIN(CASE WHEN NOT ${open} AND closed_at >= ? THEN csat END)
       FROM tickets WHERE connector = ? AND deleted_at IS NULL AND account_id IS NOT NULL${ofAccounts.sql} GROUP BY account_id`,
    )
    .raw()
    .iterate(recent, recent, connector, ...ofAccounts.params) as IterableIterator<[string, number, number, string | null, string | null, number, number | null]>;
  for (const [id, openCount, urgent, oldestUrgent, oldestHigh, escalations, csat] of tickets) {
    const account = accounts.get(id);
    if (account) account.tickets = { open: openCount, openUrgent: urgent, oldestOpenUrgentAt: oldestUrgent, oldestOpenHighAt: oldestHigh, escalations30d: escalations, lowestCsat30d: csat };
  }
  return { passAsOf: pass.asOf, accounts: [...accounts.values()] };
}

function countJsonArray(json: string): number {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.length : 0;
  } catch {
    return 0;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
