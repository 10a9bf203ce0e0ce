import type { AccountInputs, ScoringOpportunity, ScoringTicket } from '../../src/model/accountInputs.js';
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
