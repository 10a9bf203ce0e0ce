import type { OrgMoney, StoredRate } from '../src/model/money.js';
import { MoneyConverter, SINGLE_CURRENCY } from '../src/model/money.js';
import type { State } from './openState.js';

/** What a connector said of its org's money this run (`Connector.currencies`), null for single-currency. */
export interface ReadCurrencies {
  corporate: string;
  rates: StoredRate[];
}

/** Replaces the connector's rates with those just read, in one transaction; null forgets them. */
export function storeOrgCurrencies(state: State, connector: string, read: ReadCurrencies | null, at: string): void {
  state.db.transaction(() => {
    state.db.prepare('DELETE FROM currency_rates WHERE connector = ?').run(connector);
    state.db.prepare('DELETE FROM org_currencies WHERE connector = ?').run(connector);
    if (!read) return;
    state.db.prepare('INSERT INTO org_currencies (connector, corporate, read_at) VALUES (?, ?, ?)').run(connector, read.corporate, at);
    const insert = state.db.prepare('INSERT OR REPLACE INTO currency_rates (connector, code, valid_from, valid_to, per_corporate) VALUES (?, ?, ?, ?, ?)');
    for (const r of read.rates) insert.run(connector, r.code, r.from ?? '', r.to, r.perCorporate);
  })();
}

/** The connector's corporate currency and rates as the last run read them. */
export function orgMoney(state: State, connector: string): OrgMoney {
  const org = state.db.prepare('SELECT corporate FROM org_currencies WHERE connector = ?').pluck().get(connector) as string | undefined;
  if (org === undefined) return SINGLE_CURRENCY;
  const rows = state.db
    .prepare('SELECT code, per_corporate, valid_from, valid_to FROM currency_rates WHERE connector = ? ORDER BY code, valid_from')
    .raw()
    .all(connector) as [string, number, string, string | null][];
  return { corporate: org, rates: rows.map(([code, perCorporate, from, to]) => ({ code, perCorporate, from: from === '' ? null : from, to })) };
}

export interface AccountMoney {
  /** The ARR field as the CRM holds it, and its currency (null: the corporate one). */
  arr: number | null;
  currency: string | null;
  /** The org's corporate currency (null when the connector never said) and the ARR in it. */
  corporate: string | null;
  arrInCorporate: number | null;
}

/** One account's ARR as the CRM holds it and as the engine counts it (`vitals explain`). */
export function accountMoney(state: State, connector: string, accountId: string): AccountMoney {
  const row = state.db.prepare('SELECT arr, currency FROM accounts WHERE connector = ? AND crm_id = ?').get(connector, accountId) as
    | { arr: number | null; currency: string | null }
    | undefined;
  const money = orgMoney(state, connector);
  const arr = row?.arr ?? null;
  const currency = row?.currency ?? null;
  return { arr, currency, corporate: money.corporate, arrInCorporate: new MoneyConverter(money).atCurrentRate(arr, currency) };
}

export interface CurrencyStatus {
  connector: string;
  corporate: string;
  readAt: string;
  /** Codes with a current rate, the corporate one included. */
  codes: string[];
  datedRates: number;
  /** Live records whose money is in a code the org gave no rate for: counted nowhere. */
  unconverted: { object: string; code: string; records: number }[];
}

/** What `vitals status` says of each multi-currency connector's money. */
export function currencyStatus(state: State): CurrencyStatus[] {
  const orgs = state.db.prepare('SELECT connector, corporate, read_at AS readAt FROM org_currencies ORDER BY connector').all() as { connector: string; corporate: string; readAt: string }[];
  return orgs.map((org) => {
    const codes = state.db.prepare("SELECT code FROM currency_rates WHERE connector = ? AND valid_from = '' ORDER BY code").pluck().all(org.connector) as string[];
    const datedRates = state.db.prepare("SELECT COUNT(*) FROM currency_rates WHERE connector = ? AND valid_from <> ''").pluck().get(org.connector) as number;
    const unconverted = ['accounts', 'opportunities'].flatMap((object) =>
      (
        state.db
          .prepare(
            `SELECT currency, COUNT(*) FROM ${object} WHERE connector = ? AND deleted_at IS NULL AND currency IS NOT NULL
             AND currency NOT IN (SELECT code FROM currency_rates WHERE connector = ? AND valid_from = '') GROUP BY currency ORDER BY currency`,
          )
          .raw()
          .all(org.connector, org.connector) as [string, number][]
      ).map(([code, records]) => ({ object, code, records })),
    );
    return { ...org, codes, datedRates, unconverted };
  });
}
