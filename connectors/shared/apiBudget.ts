import { BudgetReserveReached, type ApiBudget } from '../../src/contracts/connector.js';

/**
 * Counts a connector's calls within a run and guards the CRM's daily allowance: pull and push
 * share one budget, and a call that would dip into the configured reserve stops the run cleanly
 * instead of starving the org's other integrations.
 */
export class ApiBudgetTracker {
  private calls = 0;
  private dailyLimit: number | undefined;
  private dailyRemaining: number | undefined;

  constructor(
    private readonly connector: string,
    /** Share of the daily allowance to keep untouched, in percent. */
    private readonly reservePercent: number,
  ) {}

  /** Records what the CRM last said about the daily allowance (`/limits`, limit headers). */
  observe(dailyLimit: number, dailyRemaining: number): void {
    this.dailyLimit = dailyLimit;
    this.dailyRemaining = dailyRemaining;
  }

  reserve(): number {
    return this.dailyLimit === undefined ? 0 : Math.ceil((this.dailyLimit * this.reservePercent) / 100);
  }

  /** Call before each request: throws `BudgetReserveReached` when the next `calls` would cross the reserve. */
  spend(calls = 1): void {
    if (this.dailyRemaining !== undefined && this.dailyRemaining - calls < this.reserve()) {
      throw new BudgetReserveReached(this.connector, this.calls, this.dailyRemaining, this.reserve());
    }
    this.calls += calls;
    if (this.dailyRemaining !== undefined) this.dailyRemaining -= calls;
  }

  /** True when `calls` more requests fit above the reserve (dry-run plans, pre-flight checks). */
  canAfford(calls: number): boolean {
    return this.dailyRemaining === undefined || this.dailyRemaining - calls >= this.reserve();
  }

  snapshot(): ApiBudget {
    return { callsThisRun: this.calls, dailyLimit: this.dailyLimit, dailyRemaining: this.dailyRemaining, reserve: this.reserve() };
  }
}
