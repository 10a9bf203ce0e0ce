import type { AlertCandidate, RunPassChanges } from '../../state/alertData.js';
import type { AccountUrl } from '../reporting/accountLinks.js';

/** One account in a digest: where it stands now, where it stood the pass before, and its link. */
export interface AccountAlert {
  connector: string;
  accountId: string;
  name: string | null;
  url: string | null;
  arr: number | null;
  /** The currency `arr` is in; null when the connector never said. */
  currency: string | null;
  health: number;
  band: AlertCandidate['band'];
  /** Probability 0-1. */
  churnRisk: number;
  previous: AlertCandidate['previous'];
  driversText: string;
}

export interface AccountAlerts {
  enteredRed: AccountAlert[];
  riskCrossed: AccountAlert[];
}

/**
 * What a run's pass changed that a person should hear about now: accounts that entered red, and
 * accounts whose churn risk rose to `riskAtLeast` (a probability) or above. Only crossings count,
 * so an account that stays red is told once, not every run; an account new to the book counts as
 * crossing. A connector's first pass has nothing to cross from and is a baseline: it alerts nothing.
 * Largest ARR first, the order a CS lead works in.
 */
export function accountAlerts(
  connector: string,
  changes: RunPassChanges,
  riskAtLeast: number,
  urlOf: AccountUrl,
  money: { currency: string | null; factor: number } = { currency: null, factor: 1 },
): AccountAlerts {
  if (changes.previousAsOf === null) return { enteredRed: [], riskCrossed: [] };
  const alert = (c: AlertCandidate): AccountAlert => ({
    connector,
    accountId: c.accountId,
    name: c.name,
    url: urlOf(connector, c.accountId),
    arr: c.arr === null ? null : c.arr * money.factor,
    currency: money.currency,
    health: c.health,
    band: c.band,
    churnRisk: c.churnRisk,
    previous: c.previous,
    driversText: c.driversText,
  });
  const enteredRed = changes.candidates.filter((c) => c.band === 'red' && c.previous?.band !== 'red').map(alert);
  const riskCrossed = changes.candidates.filter((c) => c.churnRisk >= riskAtLeast && (c.previous === null || c.previous.churnRisk < riskAtLeast)).map(alert);
  return { enteredRed: enteredRed.sort(byArr), riskCrossed: riskCrossed.sort(byArr) };
}

function byArr(a: AccountAlert, b: AccountAlert): number {
  return (b.arr ?? 0) - (a.arr ?? 0) || b.churnRisk - a.churnRisk || a.accountId.localeCompare(b.accountId);
}
