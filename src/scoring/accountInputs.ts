import type { AccountInputs } from '../model/accountInputs.js';

/** An account without its tickets and opportunities: what is left once its facts are read. */
export type AccountHeader = Omit<AccountInputs, 'tickets' | 'opportunities' | 'usage'>;

export function headerOf(a: AccountInputs): AccountHeader {
  return {
    id: a.id,
    name: a.name,
    segment: a.segment,
    arr: a.arr,
    renewalMs: a.renewalMs,
    lastActivityMs: a.lastActivityMs,
    createdMs: a.createdMs,
    extras: a.extras,
    seats: a.seats,
  };
}

/**
 * When the measures are taken. `current` reads everything the state holds now; `asOf` rebuilds
 * the account as it stood at `atMs` for the churn fit and the back-test: only tickets created
 * before then, only opportunities closed before then, never the renewal being predicted
 * (`excludeOpportunityId`), and none of the fields the state keeps only as a current value
 * (stage, last activity, extras), which would leak the outcome.
 */
export type MeasureMoment =
  | { mode: 'current'; atMs: number }
  | { mode: 'asOf'; atMs: number; excludeOpportunityId: string };
