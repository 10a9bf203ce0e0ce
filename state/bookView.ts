import type { Band } from '../src/model/bands.js';
import { MoneyConverter } from '../src/model/money.js';
import type { State } from './openState.js';
import { orgMoney } from './currencies.js';
import { latestPass } from './snapshots.js';

export interface RiskyAccount {
  accountId: string;
  name: string | null;
  /** In the org's corporate currency (`currency`; null when the connector never said). */
  arr: number | null;
  currency: string | null;
  renewalDate: string | null;
  health: number;
  band: Band;
  /** 0-1. */
  churnRisk: number;
  driversText: string;
}

/** The accounts of the latest pass most at risk of churning, with what drives it (demo and summaries). */
export function riskiestAccounts(state: State, connector: string, limit: number): RiskyAccount[] {
  const pass = latestPass(state, connector);
  if (!pass) return [];
  const money = new MoneyConverter(orgMoney(state, connector));
  const rows = state.db
    .prepare(
      `SELECT s.account_id AS accountId, a.name, a.arr, a.currency, a.renewal_date AS renewalDate, s.health, s.band,
              s.churn_risk AS churnRisk, COALESCE(s.drivers_text, '') AS driversText
       FROM score_snapshots s INDEXED BY score_snapshots_by_pass LEFT JOIN accounts a ON a.connector = s.connector AND a.crm_id = s.account_id
       WHERE s.connector = ? AND s.as_of = ?
       ORDER BY s.churn_risk DESC, s.health ASC, s.account_id LIMIT ?`,
    )
    .all(connector, pass.asOf, limit) as (RiskyAccount & { currency: string | null })[];
  return rows.map(({ currency, ...account }) => ({ ...account, arr: money.atCurrentRate(account.arr, currency), currency: money.corporate }));
}

/** Open CSM tasks per rule, as the ledger knows them. */
export function openTasksByRule(state: State, connector: string): Record<string, number> {
  const rows = state.db
    .prepare("SELECT rule, COUNT(*) AS count FROM tasks WHERE connector = ? AND state = 'open' GROUP BY rule ORDER BY count DESC, rule")
    .all(connector) as { rule: string; count: number }[];
  return Object.fromEntries(rows.map((r) => [r.rule, r.count]));
}
