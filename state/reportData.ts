import type { Band } from '../src/model/bands.js';
import { MoneyConverter } from '../src/model/money.js';
import { orgMoney } from './currencies.js';
import type { State } from './openState.js';
import type { StoredDrivers, StoredMeasure } from './snapshots.js';

/**
 * What `vitals report` reads: set-based queries over the latest pass, the passes of the report
 * period, tasks, runs. Figures are derived from these rows in `src/reporting/`, not here.
 */

/** Snapshots are read per pass through the pass index (see snapshots.ts). */
const BY_PASS = 'INDEXED BY score_snapshots_by_pass';

export interface PassAccount {
  accountId: string;
  name: string | null;
  /** In the org's corporate currency. */
  arr: number | null;
  /** `YYYY-MM-DD` or an ISO instant, as synced. */
  renewalDate: string | null;
  health: number;
  band: Band;
  /** Probability 0-1. */
  churnRisk: number;
  driversText: string;
  /** As the CRM holds it (a URL or a bare domain); normalised where accounts are matched. */
  website?: string | null;
}

/** Every account of a pass, with its current ARR, name, renewal date and website from the accounts table. */
export function passAccounts(state: State, connector: string, asOf: string): PassAccount[] {
  const rows = state.db
    .prepare(
      `SELECT s.account_id, a.name, a.arr, a.currency, a.renewal_date, s.health, s.band, s.churn_risk, s.drivers_text, a.website
       FROM score_snapshots AS s ${BY_PASS}
       LEFT JOIN accounts AS a ON a.connector = s.connector AND a.crm_id = s.account_id
       WHERE s.connector = ? AND s.as_of = ?`,
    )
    .raw()
    .all(connector, asOf) as [string, string | null, number | null, string | null, string | null, number, Band, number | null, string | null, string | null][];
  const money = new MoneyConverter(orgMoney(state, connector));
  return rows.map(([accountId, name, arr, currency, renewalDate, health, band, risk, text, website]) => ({
    accountId,
    name,
    arr: money.atCurrentRate(arr, currency),
    renewalDate,
    health,
    band,
    churnRisk: risk ?? 0,
    driversText: text ?? '',
    website,
  }));
}

/** The instants of a connector's passes at or after `from`, oldest first. */
export function passTimes(state: State, connector: string, from: string): string[] {
  const rows = state.db.prepare('SELECT as_of FROM score_passes WHERE connector = ? AND as_of >= ? ORDER BY as_of').raw().all(connector, from) as [string][];
  return rows.map(([asOf]) => asOf);
}

/** The newest pass at or before `at`, else the oldest pass there is; null when there is none. */
export function passAtOrBefore(state: State, connector: string, at: string): string | null {
  const before = state.db.prepare('SELECT as_of FROM score_passes WHERE connector = ? AND as_of <= ? ORDER BY as_of DESC LIMIT 1').get(connector, at) as
    | { as_of: string }
    | undefined;
  if (before) return before.as_of;
  const first = state.db.prepare('SELECT as_of FROM score_passes WHERE connector = ? ORDER BY as_of LIMIT 1').get(connector) as { as_of: string } | undefined;
  return first?.as_of ?? null;
}

export interface PassHealth {
  health: number;
  band: Band;
}

/** Health and band per account of one pass (the baseline movers are measured from). */
export function passHealths(state: State, connector: string, asOf: string): Map<string, PassHealth> {
  const rows = state.db
    .prepare(`SELECT account_id, health, band FROM score_snapshots ${BY_PASS} WHERE connector = ? AND as_of = ?`)
    .raw()
    .iterate(connector, asOf) as IterableIterator<[string, number, Band]>;
  const out = new Map<string, PassHealth>();
  for (const [accountId, health, band] of rows) out.set(accountId, { health, band });
  return out;
}

export interface BandTotals {
  band: Band;
  accounts: number;
  /** Summed at today's ARR and rates (corporate currency): the state keeps no ARR history. */
  arr: number;
}

/**
 * Accounts and ARR per band in one pass, leaving out `excluding` (accounts counted in another
 * connector); summed per currency, then converted (a sum converts as its parts do).
 */
export function passBandTotals(state: State, connector: string, asOf: string, excluding: readonly string[] = []): BandTotals[] {
  const rows = state.db
    .prepare(
      `SELECT s.band, a.currency, COUNT(*), COALESCE(SUM(a.arr), 0)
       FROM score_snapshots AS s ${BY_PASS}
       LEFT JOIN accounts AS a ON a.connector = s.connector AND a.crm_id = s.account_id
       WHERE s.connector = ? AND s.as_of = ? AND s.account_id NOT IN (SELECT value FROM json_each(?)) GROUP BY s.band, a.currency`,
    )
    .raw()
    .all(connector, asOf, JSON.stringify(excluding)) as [Band, string | null, number, number][];
  const money = new MoneyConverter(orgMoney(state, connector));
  const byBand = new Map<Band, BandTotals>();
  for (const [band, currency, accounts, arr] of rows) {
    const totals = byBand.get(band) ?? { band, accounts: 0, arr: 0 };
    totals.accounts += accounts;
    totals.arr += money.atCurrentRate(arr, currency) ?? 0;
    byBand.set(band, totals);
  }
  return [...byBand.values()];
}

export interface RuleActivity {
  rule: string;
  /** Tasks that reached the CRM in the period. */
  opened: number;
  /** Closed by crm-vitals because the condition cleared. */
  autoClosed: number;
  /** Completed (or deleted) by a person in the CRM. */
  completed: number;
  /** Open in the CRM now. */
  openNow: number;
}

/** Task activity per rule since `since`; `connectors` narrows it. */
export function taskActivity(state: State, since: string, connectors: readonly string[]): RuleActivity[] {
  const placeholders = connectors.map(() => '?').join(', ');
  return state.db
    .prepare(
      `SELECT rule,
         SUM(CASE WHEN crm_id IS NOT NULL AND created_at >= ? THEN 1 ELSE 0 END) AS opened,
         SUM(CASE WHEN crm_id IS NOT NULL AND state = 'closed' AND closed_at >= ? THEN 1 ELSE 0 END) AS autoClosed,
         SUM(CASE WHEN state = 'completed' AND closed_at >= ? THEN 1 ELSE 0 END) AS completed,
         SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END) AS openNow
       FROM tasks WHERE connector IN (${placeholders}) GROUP BY rule ORDER BY rule`,
    )
    .all(since, since, since, ...connectors) as RuleActivity[];
}

export interface RunSummary {
  id: number;
  kind: string;
  connector: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  apiCalls: number;
  /** Per connector, as the run last saw it: `callsThisRun`, `dailyLimit`, `dailyRemaining`, `reserve`. */
  apiBudget: Record<string, { callsThisRun?: number; dailyLimit?: number; dailyRemaining?: number; reserve?: number } | null>;
  error: string | null;
}

/** Runs started since `since` that touched the connectors (or all of them), newest first. */
export function runsSince(state: State, since: string, connectors: readonly string[]): RunSummary[] {
  const placeholders = connectors.map(() => '?').join(', ');
  const rows = state.db
    .prepare(
      `SELECT id, kind, connector, started_at, finished_at, status, api_calls, api_budget, error FROM runs
       WHERE started_at >= ? AND (connector IS NULL OR connector IN (${placeholders})) ORDER BY id DESC`,
    )
    .raw()
    .all(since, ...connectors) as [number, string, string | null, string, string | null, string, number, string | null, string | null][];
  return rows.map(([id, kind, connector, startedAt, finishedAt, status, apiCalls, budget, error]) => ({
    id,
    kind,
    connector,
    startedAt,
    finishedAt,
    status,
    apiCalls,
    apiBudget: budget ? (JSON.parse(budget) as RunSummary['apiBudget']) : {},
    error,
  }));
}

/** The newest run that reported the connector's daily allowance, whenever it ran. */
export function lastBudgetSeen(state: State, connector: string): { at: string; dailyLimit: number; dailyRemaining: number; reserve: number } | null {
  const row = state.db
    .prepare(
      `SELECT COALESCE(finished_at, started_at) AS at, json_extract(api_budget, '$."' || ? || '".dailyLimit') AS dailyLimit,
         json_extract(api_budget, '$."' || ? || '".dailyRemaining') AS dailyRemaining, json_extract(api_budget, '$."' || ? || '".reserve') AS reserve
       FROM runs WHERE api_budget IS NOT NULL AND json_extract(api_budget, '$."' || ? || '".dailyLimit') IS NOT NULL
       ORDER BY id DESC LIMIT 1`,
    )
    .get(connector, connector, connector, connector) as { at: string; dailyLimit: number; dailyRemaining: number | null; reserve: number | null } | undefined;
  if (!row) return null;
  return { at: row.at, dailyLimit: row.dailyLimit, dailyRemaining: row.dailyRemaining ?? row.dailyLimit, reserve: row.reserve ?? 0 };
}

export interface SnapshotDetailRow {
  health: number;
  measures: Record<string, StoredMeasure>;
  drivers: StoredDrivers;
  flags: { code: string; label: string }[];
}

/**
 * Measures and drivers of a few accounts in one pass (the report's movers and top accounts), each
 * read by its primary key: parsing the JSON of a whole pass for twenty rows would cost seconds.
 */
export function snapshotDetails(state: State, connector: string, asOf: string, accountIds: readonly string[]): Map<string, SnapshotDetailRow> {
  const read = state.db.prepare('SELECT health, measures, drivers, flags FROM score_snapshots WHERE connector = ? AND account_id = ? AND as_of = ?');
  const out = new Map<string, SnapshotDetailRow>();
  for (const id of new Set(accountIds)) {
    const row = read.get(connector, id, asOf) as { health: number; measures: string; drivers: string; flags: string } | undefined;
    if (!row) continue;
    out.set(id, {
      health: row.health,
      measures: JSON.parse(row.measures) as Record<string, StoredMeasure>,
      drivers: { level: [], change: [], risk: [], ...(JSON.parse(row.drivers) as Partial<StoredDrivers>) },
      flags: JSON.parse(row.flags) as { code: string; label: string }[],
    });
  }
  return out;
}
