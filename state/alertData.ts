import type { Band } from '../src/model/bands.js';
import { MoneyConverter } from '../src/model/money.js';
import type { State } from './openState.js';
import { orgMoney } from './currencies.js';

/** An account of a run's pass that is red or at the risk threshold, with where it stood the pass before. */
export interface AlertCandidate {
  accountId: string;
  name: string | null;
  /** In the org's corporate currency. */
  arr: number | null;
  health: number;
  band: Band;
  /** Probability 0-1. */
  churnRisk: number;
  driversText: string;
  /** Null when the account was not in the previous pass (new to the book). */
  previous: { health: number; band: Band; churnRisk: number } | null;
}

export interface RunPassChanges {
  asOf: string;
  previousAsOf: string | null;
  candidates: AlertCandidate[];
}

/**
 * The pass a run wrote for a connector, against the pass before it: only the accounts that are
 * red or at/above the risk threshold now (`riskAtLeast`, a probability), read through the pass
 * index and the snapshots' primary key. Null when the run wrote no pass for the connector (its
 * sync failed, or it scored nothing): an older pass must not be alerted on twice.
 */
export function runPassChanges(state: State, connector: string, runId: number, riskAtLeast: number): RunPassChanges | null {
  const pass = state.db
    .prepare('SELECT as_of FROM score_passes WHERE connector = ? AND run_id = ? ORDER BY as_of DESC LIMIT 1')
    .get(connector, runId) as { as_of: string } | undefined;
  if (!pass) return null;
  const previous = state.db
    .prepare('SELECT as_of FROM score_passes WHERE connector = ? AND as_of < ? ORDER BY as_of DESC LIMIT 1')
    .get(connector, pass.as_of) as { as_of: string } | undefined;
  const rows = state.db
    .prepare(
      `SELECT c.account_id, a.name, a.arr, a.currency, c.health, c.band, c.churn_risk, c.drivers_text, p.health, p.band, p.churn_risk
       FROM score_snapshots AS c INDEXED BY score_snapshots_by_pass
       LEFT JOIN score_snapshots AS p ON p.connector = c.connector AND p.account_id = c.account_id AND p.as_of = ?
       LEFT JOIN accounts AS a ON a.connector = c.connector AND a.crm_id = c.account_id
       WHERE c.connector = ? AND c.as_of = ? AND (c.band = 'red' OR c.churn_risk >= ?)
       ORDER BY c.account_id`,
    )
    .raw()
    .all(previous?.as_of ?? null, connector, pass.as_of, riskAtLeast) as [
    string, string | null, number | null, string | null, number, Band, number | null, string | null, number | null, Band | null, number | null,
  ][];
  const money = new MoneyConverter(orgMoney(state, connector));
  return {
    asOf: pass.as_of,
    previousAsOf: previous?.as_of ?? null,
    candidates: rows.map(([accountId, name, arr, currency, health, band, risk, text, prevHealth, prevBand, prevRisk]) => ({
      accountId,
      name,
      arr: money.atCurrentRate(arr, currency),
      health,
      band,
      churnRisk: risk ?? 0,
      driversText: text ?? '',
      previous: prevBand === null ? null : { health: prevHealth ?? 0, band: prevBand, churnRisk: prevRisk ?? 0 },
    })),
  };
}
