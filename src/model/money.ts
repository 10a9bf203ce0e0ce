/**
 * Money in one currency. A multi-currency org keeps every amount in its record's own currency;
 * the engine adds, ranks and models amounts in the org's corporate currency, converted when the
 * state is read (so a rate changed in the CRM re-converts on the next run without a re-pull).
 * Rates are units of a currency per one corporate unit (Salesforce's direction).
 */

/** A rate as the state keeps it; `from`/`to` (`YYYY-MM-DD`, `to` exclusive) only for dated ones. */
export interface StoredRate {
  code: string;
  perCorporate: number;
  from: string | null;
  to: string | null;
}

export interface OrgMoney {
  /** The corporate currency; null when the connector never said (a single-currency org read as before). */
  corporate: string | null;
  rates: readonly StoredRate[];
}

export const SINGLE_CURRENCY: OrgMoney = { corporate: null, rates: [] };

/**
 * Converts one org's amounts to its corporate currency. An amount with no currency code is
 * already in it (a single-currency org, HubSpot companies). An amount in a currency the org has
 * no rate for is unknown (null), never counted as corporate money; `unconverted` names those codes.
 */
export class MoneyConverter {
  readonly corporate: string | null;
  readonly unconverted = new Set<string>();
  private readonly current = new Map<string, number>();
  /** Dated periods per code, in start order. */
  private readonly dated = new Map<string, StoredRate[]>();

  constructor(money: OrgMoney) {
    this.corporate = money.corporate;
    for (const rate of money.rates) {
      if (rate.from === null) this.current.set(rate.code, rate.perCorporate);
      else {
        let periods = this.dated.get(rate.code);
        if (!periods) this.dated.set(rate.code, (periods = []));
        periods.push(rate);
      }
    }
    for (const periods of this.dated.values()) periods.sort((a, b) => (a.from! < b.from! ? -1 : 1));
  }

  /** At the current rate: account ARR, and any amount whose ratio to another must not move with the rates. */
  atCurrentRate(amount: number | null, currency: string | null): number | null {
    if (amount === null || currency === null) return amount;
    const rate = this.current.get(currency);
    return rate === undefined ? this.unknown(currency) : amount / rate;
  }

  /**
   * At the rate in force on `day` (`YYYY-MM-DD`; an opportunity's close date), where the org keeps
   * dated rates (Salesforce advanced currency management); otherwise, or outside every period, at
   * the current rate.
   */
  onDay(amount: number | null, currency: string | null, day: string | null): number | null {
    if (amount === null || currency === null) return amount;
    const periods = day === null ? undefined : this.dated.get(currency);
    if (periods && day !== null) {
      let lo = 0;
      let hi = periods.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const p = periods[mid]!;
        if (day < p.from!) hi = mid - 1;
        else if (p.to !== null && day >= p.to) lo = mid + 1;
        else return amount / p.perCorporate;
      }
    }
    return this.atCurrentRate(amount, currency);
  }

  private unknown(currency: string): null {
    this.unconverted.add(currency);
    return null;
  }
}
