import type { AccountInputs, ScoringOpportunity, ScoringTicket, UsageSeries } from '../../src/model/accountInputs.js';
import { scoringConfigSchema, type ScoringConfig } from '../../src/config/scoringConfig.js';

/** A fixed "now" for scoring tests, and day arithmetic around it. */
export const NOW = Date.parse('2025-06-15T00:00:00.000Z');
export const DAY = 86_400_000;
export const daysAgo = (days: number): number => NOW - days * DAY;

export function defaultScoring(written: unknown = {}): ScoringConfig {
  return scoringConfigSchema.parse(written);
}

export function ticket(overrides: Partial<ScoringTicket> & { ageDays?: number; closedDaysAgo?: number } = {}): ScoringTicket {
  const { ageDays = 10, closedDaysAgo, ...rest } = overrides;
  return {
    priority: 'medium',
    isClosed: closedDaysAgo !== undefined,
    isEscalated: false,
    createdMs: daysAgo(ageDays),
    closedMs: closedDaysAgo === undefined ? null : daysAgo(closedDaysAgo),
    csat: null,
    ...rest,
  };
}

let nextId = 1;
export function opportunity(overrides: Partial<ScoringOpportunity> & { closeDaysAgo?: number } = {}): ScoringOpportunity {
  const { closeDaysAgo, ...rest } = overrides;
  const amount = rest.amount === undefined ? 10_000 : rest.amount;
  return {
    amountAtCurrentRate: amount,
    id: `O${nextId++}`,
    type: 'renewal',
    stage: null,
    probability: null,
    isClosed: true,
    isWon: true,
    amount: 10_000,
    closeMs: closeDaysAgo === undefined ? null : daysAgo(closeDaysAgo),
    createdMs: null,
    ...rest,
  };
}

export function account(overrides: Partial<AccountInputs> = {}): AccountInputs {
  return {
    id: `A${nextId++}`,
    name: 'Acme',
    segment: 'Mid-Market',
    arr: 20_000,
    renewalMs: daysAgo(-300),
    lastActivityMs: daysAgo(5),
    createdMs: daysAgo(800),
    extras: {},
    seats: null,
    usage: null,
    tickets: [],
    opportunities: [],
    ...overrides,
  };
}

/** One day of usage, `daysAgo` before NOW; a metric left out is not given (NaN). */
export interface UsageDayFixture {
  daysAgo: number;
  activeUsers?: number;
  activeUsers30d?: number;
  events?: number;
  features30d?: number;
  seats?: number;
}

/**
 * A usage series covering `fromDaysAgo` to `toDaysAgo` days before NOW (both included), with the
 * given days in any order; `each` fills every covered day from a function of its daysAgo instead.
 */
export function usageSeries(options: { fromDaysAgo: number; toDaysAgo?: number; days?: UsageDayFixture[]; each?: (daysAgo: number) => Omit<UsageDayFixture, 'daysAgo'> | null }): UsageSeries {
  const today = Math.floor(NOW / DAY);
  const toDaysAgo = options.toDaysAgo ?? 0;
  const days: UsageDayFixture[] = [...(options.days ?? [])];
  if (options.each) {
    for (let d = options.fromDaysAgo; d >= toDaysAgo; d--) {
      const day = options.each(d);
      if (day) days.push({ daysAgo: d, ...day });
    }
  }
  days.sort((a, b) => b.daysAgo - a.daysAgo);
  const column = (pick: (d: UsageDayFixture) => number | undefined) => Float64Array.from(days, (d) => pick(d) ?? Number.NaN);
  return {
    days: Int32Array.from(days, (d) => today - d.daysAgo),
    activeUsers: column((d) => d.activeUsers),
    activeUsers30d: column((d) => d.activeUsers30d),
    events: column((d) => d.events),
    features30d: column((d) => d.features30d),
    seats: column((d) => d.seats),
    fromDay: today - options.fromDaysAgo,
    toDay: today - toDaysAgo,
  };
}
