import type { BacktestReport } from '../src/model/backtest.js';
import type { State } from './openState.js';

export interface StoredBacktest {
  connector: string;
  computedAt: string;
  report: BacktestReport;
}

/** Keeps a back-test, so reports show the latest without replaying every renewal again. */
export function recordBacktest(state: State, connector: string, computedAt: string, report: BacktestReport): void {
  state.db
    .prepare('INSERT OR REPLACE INTO backtests (connector, computed_at, renewals, auc, report) VALUES (?, ?, ?, ?, ?)')
    .run(connector, computedAt, report.renewals, Number.isFinite(report.risk.auc) ? report.risk.auc : null, JSON.stringify(report));
}

export function latestBacktest(state: State, connector: string): StoredBacktest | null {
  const row = state.db
    .prepare('SELECT computed_at, report FROM backtests WHERE connector = ? ORDER BY computed_at DESC LIMIT 1')
    .get(connector) as { computed_at: string; report: string } | undefined;
  if (!row) return null;
  // JSON has no NaN: an undefined metric (AUC with one class only) was written as null. Every
  // null in a back-test is such a number, so it reads back as NaN, which renderers show as n/a.
  const report = JSON.parse(row.report, (_key, value: unknown) => (value === null ? Number.NaN : value)) as BacktestReport;
  return { connector, computedAt: row.computed_at, report };
}
