import type { Band } from '../src/model/bands.js';
import type { RiskSource } from '../src/model/riskSource.js';
import type { DailyHealth, PreviousScore, ScoringHistory, TrendLabel } from '../src/model/scoreHistory.js';
import { inRange, type AccountRange } from './accountRanges.js';
import type { State } from './openState.js';

/** A measure as stored: score, raw value, effective weight, points lost, qualifier. */
export interface StoredMeasure {
  s: number | null;
  v: number | null;
  w: number;
  p: number;
  n?: string;
}

export interface StoredDrivers {
  level: { key: string; label: string; points: number }[];
  change: { key: string; label: string; points: number }[];
  /** Churn risk contributions in percentage points. */
  risk: { factor: string; points: number }[];
}

export interface SnapshotRecord {
  accountId: string;
  health: number;
  band: Band;
  /** Probability 0-1. */
  churnRisk: number;
  riskSource: RiskSource;
  coverage: number;
  measures: Record<string, StoredMeasure>;
  drivers: StoredDrivers;
  driversText: string;
  trend: TrendLabel;
  trendChange: number | null;
  trendSlope: number | null;
  flags: { code: string; label: string }[];
  /** Kept for the next pass only (score_carry), not in the snapshot. */
  carry?: { recentHealths: number[]; daily: DailyHealth[] };
}

export interface ScorePass {
  connector: string;
  asOf: string;
  runId: number | null;
  modelVersion: string;
  riskSource: RiskSource;
  summary: Record<string, unknown>;
}

/** A pass as written: its summary may be known only once its records have streamed past. */
export type PassToWrite = Omit<ScorePass, 'summary'> & { summary: Record<string, unknown> | (() => Record<string, unknown>) };

/**
 * Writes a pass and all its snapshots in one transaction: a reader sees all of it or none.
 * `records` may be produced as they are written (a generator), so a pass of 100,000 accounts does
 * not hold every snapshot in memory at once.
 */
export function writeScorePass(state: State, pass: PassToWrite, records: Iterable<SnapshotRecord>): void {
  const insertPass = state.db.prepare(
    `INSERT OR REPLACE INTO score_passes (connector, as_of, run_id, model_version, risk_source, accounts, summary) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSnapshot = state.db.prepare(
    `INSERT OR REPLACE INTO score_snapshots (connector, account_id, as_of, run_id, health, band, churn_risk, risk_source, coverage,
       measures, drivers, model_version, trend, trend_change, trend_slope, drivers_text, flags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertCarry = state.db.prepare(
    `INSERT INTO score_carry (connector, account_id, as_of, band, recent_healths, measure_scores, daily) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connector, account_id) DO UPDATE SET as_of = excluded.as_of, band = excluded.band,
       recent_healths = excluded.recent_healths, measure_scores = excluded.measure_scores, daily = excluded.daily`,
  );
  state.db.transaction(() => {
    let written = 0;
    for (const r of records) {
      written += 1;
      insertSnapshot.run(
        pass.connector, r.accountId, pass.asOf, pass.runId, r.health, r.band, r.churnRisk, r.riskSource, r.coverage,
        JSON.stringify(r.measures), JSON.stringify(r.drivers), pass.modelVersion, r.trend, r.trendChange, r.trendSlope,
        r.driversText, JSON.stringify(r.flags),
      );
      const scores: Record<string, number | null> = {};
      for (const key in r.measures) scores[key] = r.measures[key]!.s;
      const carry = r.carry ?? { recentHealths: [r.health], daily: [] };
      upsertCarry.run(pass.connector, r.accountId, pass.asOf, r.band, JSON.stringify(carry.recentHealths), JSON.stringify(scores), JSON.stringify(carry.daily));
    }
    const summary = typeof pass.summary === 'function' ? pass.summary() : pass.summary;
    insertPass.run(pass.connector, pass.asOf, pass.runId, pass.modelVersion, pass.riskSource, written, JSON.stringify(summary));
    // Accounts the pass did not score (churned, deleted) start afresh if they come back.
    state.db.prepare('DELETE FROM score_carry WHERE connector = ? AND as_of <> ?').run(pass.connector, pass.asOf);
  })();
}

/**
 * Without statistics SQLite walks the primary key (connector, account_id, as_of), i.e. every
 * snapshot the connector ever had; a pass is read through its own index instead.
 */
const BY_PASS = 'INDEXED BY score_snapshots_by_pass';

/**
 * What scoring needs from earlier passes: one row per account from score_carry, read in one
 * sequential query, so a run costs the same after a year of passes as after one; or those of one
 * range of accounts (a chunk of the book): a year of daily healths for every account of a big
 * book is more than a pass may hold at once.
 */
export function readScoringHistory(state: State, connector: string, range?: AccountRange): ScoringHistory {
  const previous = new Map<string, PreviousScore>();
  const of = inRange('account_id', range);
  const rows = state.db
    .prepare(`SELECT account_id, band, recent_healths, measure_scores, daily FROM score_carry WHERE connector = ?${of.sql}`)
    .raw()
    .all(connector, ...of.params) as [string, Band, string, string, string][];
  for (const [accountId, band, recent, scores, daily] of rows) {
    previous.set(accountId, {
      band,
      recentHealths: JSON.parse(recent) as number[],
      measureScores: JSON.parse(scores) as Record<string, number | null>,
      daily: JSON.parse(daily) as DailyHealth[],
    });
  }
  return { previous };
}

/** One account's snapshots, newest first, with when each was taken and by which model. */
export function recentSnapshots(
  state: State,
  connector: string,
  accountId: string,
  limit: number,
): (SnapshotRecord & { asOf: string; modelVersion: string })[] {
  const rows = state.db
    .prepare(
      `SELECT as_of, health, band, churn_risk, risk_source, coverage, measures, drivers, model_version, trend, trend_change,
         trend_slope, drivers_text, flags
       FROM score_snapshots WHERE connector = ? AND account_id = ? ORDER BY as_of DESC LIMIT ?`,
    )
    .all(connector, accountId, limit) as {
    as_of: string;
    health: number;
    band: Band;
    churn_risk: number | null;
    risk_source: RiskSource | null;
    coverage: number;
    measures: string;
    drivers: string;
    model_version: string;
    trend: TrendLabel | null;
    trend_change: number | null;
    trend_slope: number | null;
    drivers_text: string | null;
    flags: string;
  }[];
  return rows.map((r) => ({
    accountId,
    asOf: r.as_of,
    modelVersion: r.model_version,
    health: r.health,
    band: r.band,
    churnRisk: r.churn_risk ?? 0,
    riskSource: r.risk_source ?? 'prior',
    coverage: r.coverage,
    measures: JSON.parse(r.measures) as Record<string, StoredMeasure>,
    drivers: { level: [], change: [], risk: [], ...(JSON.parse(r.drivers) as Partial<StoredDrivers>) },
    driversText: r.drivers_text ?? '',
    trend: r.trend ?? 'flat',
    trendChange: r.trend_change,
    trendSlope: r.trend_slope,
    flags: JSON.parse(r.flags) as { code: string; label: string }[],
  }));
}

/** The latest pass of a connector, or null before the first `vitals score`. */
export function latestPass(state: State, connector: string): (ScorePass & { accounts: number }) | null {
  const row = state.db
    .prepare('SELECT as_of, run_id, model_version, risk_source, accounts, summary FROM score_passes WHERE connector = ? ORDER BY as_of DESC LIMIT 1')
    .get(connector) as { as_of: string; run_id: number | null; model_version: string; risk_source: RiskSource; accounts: number; summary: string } | undefined;
  if (!row) return null;
  return {
    connector,
    asOf: row.as_of,
    runId: row.run_id,
    modelVersion: row.model_version,
    riskSource: row.risk_source,
    accounts: row.accounts,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
  };
}

/**
 * What the write-back puts in the CRM's score fields, as the state holds it: the write-back turns
 * it into the CRM's units (`src/writeback/readDesired.ts`).
 */
export interface LatestScore {
  accountId: string;
  /** 0-100. */
  health: number;
  band: Band;
  /** 0-1. */
  churnRisk: number;
  trend: TrendLabel;
  driversText: string;
  /** ISO instant of the pass. */
  scoredAt: string;
  modelVersion: string;
}

/** Every account of the connector's latest pass, or those of one range (accounts that churned since are not in it). */
export function latestScores(state: State, connector: string, range?: AccountRange): LatestScore[] {
  const pass = latestPass(state, connector);
  if (!pass) return [];
  const ofAccounts = inRange('account_id', range);
  const rows = state.db
    .prepare(
      `SELECT account_id, health, band, churn_risk, trend, drivers_text FROM score_snapshots ${BY_PASS}
       WHERE connector = ? AND as_of = ?${ofAccounts.sql} ORDER BY account_id`,
    )
    .raw()
    .all(connector, pass.asOf, ...ofAccounts.params) as [string, number, Band, number | null, TrendLabel | null, string | null][];
  return rows.map(([accountId, health, band, risk, trend, text]) => ({
    accountId,
    health,
    band,
    churnRisk: risk ?? 0,
    trend: trend ?? 'flat',
    driversText: text ?? '',
    scoredAt: pass.asOf,
    modelVersion: pass.modelVersion,
  }));
}
