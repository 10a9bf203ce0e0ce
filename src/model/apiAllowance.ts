/** The CRM's daily API allowance as one read of a connector's budget saw it. */
export interface DailyAllowance {
  dailyLimit: number;
  dailyRemaining: number;
  /** Calls the configured reserve keeps back from the daily limit. */
  reserve: number;
}

/** The shape of a connector's budget (`ApiBudget` in the contract), as stored JSON is read back. */
export interface BudgetReading {
  callsThisRun: number;
  dailyLimit?: number;
  dailyRemaining?: number;
  reserve: number;
}

/**
 * The daily allowance a recorded budget holds, or null when the connector never learned it: it
 * read no `/limits` and saw no limit headers (HubSpot's search answers carry none), so its reserve
 * of 0 means "unknown", not "nothing kept back".
 */
export function dailyAllowance(budget: object | null | undefined): DailyAllowance | null {
  const { dailyLimit, dailyRemaining, reserve } = (budget ?? {}) as Record<string, unknown>;
  if (typeof dailyLimit !== 'number' || typeof dailyRemaining !== 'number') return null;
  return { dailyLimit, dailyRemaining, reserve: typeof reserve === 'number' ? reserve : 0 };
}

/**
 * A budget read later in a run counts every call so far but may know less than an earlier read:
 * a phase whose calls carried no limit headers reports no allowance. Then the earlier allowance
 * stands, less the calls made since (the connector's own tracker counts them down the same way).
 */
export function keepAllowance<B extends BudgetReading>(earlier: B | null | undefined, later: B | null | undefined): B | null {
  if (!later) return earlier ?? null;
  const known = dailyAllowance(earlier);
  if (!earlier || !known || dailyAllowance(later)) return later;
  const since = Math.max(0, later.callsThisRun - earlier.callsThisRun);
  return { ...later, dailyLimit: known.dailyLimit, dailyRemaining: known.dailyRemaining - since, reserve: known.reserve };
}
