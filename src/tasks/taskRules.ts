import type { Condition } from './conditionLanguage.js';
import type { DueRule } from './dueDate.js';
import type { OwnerChoice } from './ownerResolution.js';

export type TaskPriority = 'high' | 'normal' | 'low';

/** A task rule as the engine runs it: conditions compiled, defaults applied. */
export interface TaskRule {
  id: string;
  /** When true for an account, the account should have an open task for this rule. */
  when: Condition;
  /** When true, the task may be auto-closed; without it, when `when` is false. */
  closeWhen: Condition | null;
  subject: string;
  body: string;
  due: DueRule;
  priority: TaskPriority;
  /** Raises the priority to high while true (e.g. red accounts). */
  highWhen: Condition | null;
  owner: OwnerChoice;
  autoClose: boolean;
  /** Consecutive scoring passes the close condition must hold before auto-closing. */
  autoCloseAfterRuns: number;
  /** Days after a task of this rule closed before the rule may fire again for the account. */
  cooldownDays: number;
}

/** A rule as written in the config; for a default rule's id, only the keys it changes. */
export interface WrittenRule {
  id: string;
  enabled?: boolean;
  when?: string;
  closeWhen?: string | null;
  subject?: string;
  body?: string;
  due?: DueRule;
  priority?: TaskPriority;
  highWhen?: string | null;
  owner?: OwnerChoice;
  autoClose?: boolean;
  autoCloseAfterRuns?: number;
  cooldownDays?: number;
}

/** Settings a rule gets when neither the default nor the config names them. */
export const RULE_DEFAULTS = {
  body: '',
  due: { after: 5 } as DueRule,
  priority: 'normal' as TaskPriority,
  owner: 'account-owner' as OwnerChoice,
  autoClose: true,
  autoCloseAfterRuns: 2,
  cooldownDays: 30,
};

/**
 * The default rule set (shared/reference/scoring.md, section c): renewal at risk, health dropped,
 * stale urgent ticket, missing renewal opportunity, low CSAT. Thresholds follow the reference:
 * P1 SLA 2 days and P2 5 days, so "stale" is 2x and 3x that.
 */
export const DEFAULT_RULES: readonly (WrittenRule & { when: string; subject: string })[] = [
  {
    id: 'renewal-at-risk',
    when: 'days_to_renewal <= 120 and days_to_renewal >= 0 and renewal_opportunity != "won" and (churn_risk >= 35 or band == "red")',
    // Hysteresis: the task stays until risk is clearly lower, not when it dips just under 35.
    closeWhen: 'renewal_opportunity == "won" or days_to_renewal < 0 or (churn_risk < 25 and band != "red")',
    subject: 'Renewal at risk: {{account_name}} renews in {{days_to_renewal}} days',
    body: 'The renewal on {{renewal_date}} is at risk: churn risk {{churn_risk}}%, health {{health}} ({{band}}). Review the renewal plan with the account team.',
    due: { beforeRenewal: 40, atMost: 5 },
    priority: 'high',
  },
  {
    id: 'health-dropped',
    when: 'health_change_30d <= -15 or bands_dropped_30d >= 1',
    subject: 'Health dropped: {{account_name}} is {{band}} ({{health}}, {{health_change_30d}} in 30 days)',
    body: 'Health fell from its level 30 days ago (then {{band_30d_ago}}). Find out what changed and agree on next steps.',
    due: { after: 5 },
    priority: 'normal',
    highWhen: 'band == "red"',
  },
  {
    id: 'stale-urgent-ticket',
    when: 'oldest_open_urgent_days > 4 or oldest_open_high_days > 15',
    subject: 'Stale urgent ticket at {{account_name}}',
    body: 'The oldest open urgent ticket is {{oldest_open_urgent_days}} days old (high priority: {{oldest_open_high_days}} days). Chase support and update the customer.',
    due: { after: 1 },
    priority: 'high',
    cooldownDays: 14,
  },
  {
    id: 'missing-renewal-opportunity',
    when: 'days_to_renewal <= 150 and days_to_renewal >= 0 and renewal_opportunity == "none"',
    subject: 'No renewal opportunity for {{account_name}} (renews {{renewal_date}})',
    body: 'The contract ends in {{days_to_renewal}} days and no renewal opportunity exists. Create it so the renewal is forecast.',
    due: { after: 3 },
    priority: 'normal',
  },
  {
    id: 'low-csat',
    when: 'lowest_csat_30d <= 2',
    subject: 'Low CSAT at {{account_name}}: {{lowest_csat_30d}} of 5',
    body: 'A ticket closed in the last 30 days was rated {{lowest_csat_30d}} of 5. Call the customer and close the loop.',
    due: { after: 2 },
    priority: 'normal',
    // A bad rating does not "clear"; a person closes the task after the call.
    autoClose: false,
  },
];
