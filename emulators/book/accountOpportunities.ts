import type { BookOpportunity, OpportunityKind } from './bookTypes.js';
import { DAY_MS } from '../../src/model/time.js';
import type { BookCalendar } from './bookCalendar.js';
import { clamp, sigmoid, type BookRandom } from './bookRandom.js';
import { DECISION_LEAD_DAYS } from './churnModel.js';
import { CLOSED_LOST, CLOSED_WON, openStageIndex, stageAt } from './opportunityStages.js';

/** Renewal opportunities are expected to progress over the last 180 days, done 30 days out. */
export const RENEWAL_RUNWAY_DAYS = 180;
export const HOUR_MS = 3_600_000;

/**
 * Writes an account's opportunities as its history unfolds: the first contract, each yearly
 * renewal, upsells, and the renewal now in flight. Times are milliseconds (days for close dates)
 * from the as-of day; each method returns what the account's history needs next.
 */
export class AccountOpportunities {
  readonly records: BookOpportunity[] = [];

  constructor(
    private readonly rng: BookRandom,
    private readonly calendar: BookCalendar,
  ) {}

  /** Returns when the deal was closed, where the first renewal may be opened. */
  addNewBusiness(
    accountIndex: number,
    name: string,
    amount: number,
    startDay: number,
    accountCreatedMs: number,
  ): number {
    const rng = this.rng;
    const closedMs = startDay * DAY_MS + rng.between(9, 18) * HOUR_MS;
    const createdMs = accountCreatedMs + rng.between(1, 240) * HOUR_MS;
    this.add(accountIndex, `${name} - New Business`, 'new', CLOSED_WON, amount, startDay, createdMs, closedMs);
    return closedMs;
  }

  /** Returns when the renewal was closed. Won renewals close a little before the contract end. */
  addPastRenewal(
    accountIndex: number,
    name: string,
    renewalDay: number,
    amount: number,
    lost: boolean,
    previousCloseMs: number,
  ): number {
    const rng = this.rng;
    const createdMs = this.renewalCreatedMs(previousCloseMs, renewalDay);
    const closedMs = clamp(
      renewalDay * DAY_MS + rng.between(lost ? -20 : -10, lost ? 10 : 0) * DAY_MS,
      createdMs + HOUR_MS,
      -rng.between(1, 12) * HOUR_MS,
    );
    const stage = lost ? CLOSED_LOST : CLOSED_WON;
    const label = this.renewalName(name, renewalDay);
    this.add(accountIndex, label, 'renewal', stage, amount, renewalDay, createdMs, closedMs);
    return closedMs;
  }

  /**
   * The renewal in flight. Its stage follows the expected progress for the days left, minus a lag
   * that grows with the account's churn risk; risky and orphaned accounts often have none at all,
   * the missing-renewal red flag.
   */
  addUpcomingRenewal(
    accountIndex: number,
    name: string,
    renewalDay: number,
    arr: number,
    churnRisk: number,
    ownerActive: boolean,
    previousCloseMs: number,
  ): void {
    const rng = this.rng;
    if (rng.chance(0.04 + 0.35 * churnRisk + (ownerActive ? 0 : 0.15))) return;
    const createdMs = this.renewalCreatedMs(previousCloseMs, renewalDay);
    if (createdMs >= 0) return;
    const expected = clamp((RENEWAL_RUNWAY_DAYS - renewalDay) / (RENEWAL_RUNWAY_DAYS - DECISION_LEAD_DAYS), 0, 1);
    const lag = Math.max(0, 1.5 * churnRisk + 0.12 * rng.normal());
    const stage = openStageIndex(expected - lag + 0.06);
    // Stalled renewals are also the ones nobody has touched for a while.
    const modifiedMs = Math.max(createdMs, -rng.between(0, 10 + 90 * churnRisk) * DAY_MS);
    const amount = roundTo(arr * rng.between(1, 1.08), 100);
    const label = this.renewalName(name, renewalDay);
    this.add(accountIndex, label, 'renewal', stage, amount, renewalDay, createdMs, modifiedMs);
  }

  /** Maybe an upsell during the contract year; returns the ARR it added if it has been won. */
  maybeExpansion(
    accountIndex: number,
    name: string,
    yearStart: number,
    accountCreatedMs: number,
    arr: number,
    risk: number,
  ): number {
    const rng = this.rng;
    if (!rng.chance(Math.min(0.6, 0.3 * Math.exp(-0.7 * risk)))) return 0;
    const closeDay = yearStart + rng.int(60, 330);
    const createdMs = Math.max(accountCreatedMs + DAY_MS, (closeDay - rng.int(45, 150)) * DAY_MS + rng.next() * DAY_MS);
    if (createdMs >= 0) return 0;
    const amount = roundTo(arr * rng.between(0.08, 0.35), 100);
    const label = `${name} - Expansion ${this.calendar.year(closeDay)}`;
    if (closeDay < 0) {
      const won = rng.chance(sigmoid(0.3 - 1.2 * risk));
      const closedMs = clamp((closeDay + rng.between(-2, 1)) * DAY_MS, createdMs + HOUR_MS, -HOUR_MS);
      const stage = won ? CLOSED_WON : CLOSED_LOST;
      this.add(accountIndex, label, 'expansion', stage, amount, closeDay, createdMs, closedMs);
      return won ? amount : 0;
    }
    const elapsed = -createdMs / (closeDay * DAY_MS - createdMs);
    const stage = openStageIndex(elapsed + 0.15 * rng.normal());
    this.add(accountIndex, label, 'expansion', stage, amount, closeDay, createdMs, createdMs + rng.next() * -createdMs);
    return 0;
  }

  /** About half of teams open next year's renewal as this one closes; the rest 4-7 months ahead. */
  private renewalCreatedMs(previousCloseMs: number, renewalDay: number): number {
    const rng = this.rng;
    // Capped halfway to as-of so that a renewal closed yesterday still has its successor.
    if (rng.chance(0.55)) return Math.min(previousCloseMs + rng.between(1, 120) * HOUR_MS, previousCloseMs / 2);
    return (renewalDay - rng.int(120, 210)) * DAY_MS + rng.between(8, 18) * HOUR_MS;
  }

  private renewalName(name: string, renewalDay: number): string {
    return `${name} - Renewal ${this.calendar.year(renewalDay)}`;
  }

  private add(
    accountIndex: number,
    name: string,
    kind: OpportunityKind,
    stageIndex: number,
    amount: number,
    closeDay: number,
    createdMs: number,
    modifiedMs: number,
  ): void {
    const stage = stageAt(stageIndex);
    this.records.push({
      index: this.records.length,
      accountIndex,
      name,
      kind,
      stage: stage.name,
      isClosed: stageIndex === CLOSED_WON || stageIndex === CLOSED_LOST,
      isWon: stageIndex === CLOSED_WON,
      amount,
      closeDate: this.calendar.date(closeDay),
      probability: stage.probability,
      createdAt: this.calendar.timestamp(createdMs),
      modifiedAt: this.calendar.timestamp(modifiedMs),
    });
  }
}

export function roundTo(x: number, step: number): number {
  return Math.max(step, Math.round(x / step) * step);
}
