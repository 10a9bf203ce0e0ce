import type { LedgerTask, TaskLedger, TaskSend } from '../../state/taskLedger.js';
import { historyKey } from '../../state/taskLedger.js';
import { evaluateCondition } from './conditionLanguage.js';
import { dueDateFor, type BusinessCalendar } from './dueDate.js';
import { coolingDownUntil, dedupeKey, nextEpisode } from './episodes.js';
import { resolveOwner, type OwnerDirectory, type ResolvedOwner } from './ownerResolution.js';
import { renderTemplate } from './renderTemplate.js';
import { closingBody, taskBody } from './taskBody.js';
import type { TaskAccount } from '../model/taskAccount.js';
import { factsOf, templateValuesOf, type Facts } from './taskFacts.js';
import type { TaskRule } from './taskRules.js';

export interface ReconcileInput {
  rules: readonly TaskRule[];
  accounts: readonly TaskAccount[];
  ledger: TaskLedger;
  /** The score pass the facts come from: close conditions count once per pass, however often write-back runs. */
  passAsOf: string;
  nowMs: number;
  /** YYYY-MM-DD in the tasks time zone. */
  today: string;
  calendar: BusinessCalendar;
  owners: OwnerDirectory;
  fallbackOwner: string | null;
  maxAttempts: number;
}

/** A task to send (create or resend), with what the plan shows about it. */
export interface PlannedSend extends TaskSend {
  kind: 'new' | 'resend' | 'retry';
  accountName: string | null;
  owner: Pick<ResolvedOwner, 'source' | 'skipped'> | null;
  /** Values of the facts the condition reads. */
  facts: Partial<Facts>;
}

export interface PlannedClose {
  send: TaskSend;
  task: LedgerTask;
  /** Whether the CRM must first confirm no person completed or edited it (not for a close already in flight). */
  verify: boolean;
}

export interface TaskPlan {
  sends: PlannedSend[];
  closes: PlannedClose[];
  /** Close-condition counters to store for open tasks. */
  checks: { key: string; clearRuns: number; checkedAsOf: string }[];
  /** Failed creates whose condition has cleared: dropped, unless the CRM turns out to hold them. */
  drops: { key: string; accountId: string }[];
  coolingDown: number;
  /** Creates given up after `maxAttempts`. */
  gaveUp: number;
}

/**
 * Declarative reconciliation: for every rule and account, the task that should exist against the
 * ledger. Writes in flight are finished first (resent with the same key and content, whatever
 * the facts say now), so the ledger and the CRM converge after any crash. Pure and ordered, so a
 * dry run plans exactly what the real run does.
 */
export function reconcileTasks(input: ReconcileInput): TaskPlan {
  const plan: TaskPlan = { sends: [], closes: [], checks: [], drops: [], coolingDown: 0, gaveUp: 0 };
  const settled: LedgerTask[] = [];
  for (const task of input.ledger.active) {
    if (task.pendingAction === 'create') plan.sends.push({ ...sendOf(task, 'create'), kind: 'resend', accountName: null, owner: null, facts: {} });
    // A close in flight is resent as it was; one whose task id is unknown is looked up by key first.
    else if (task.pendingAction === 'close') plan.closes.push({ send: sendOf(task, 'close'), task, verify: task.crmId === null });
    else settled.push(task);
  }
  const byRuleAccount = new Map<string, LedgerTask[]>();
  for (const task of settled) {
    const k = historyKey(task.rule, task.accountId);
    byRuleAccount.set(k, [...(byRuleAccount.get(k) ?? []), task]);
  }
  const inFlight = new Set(input.ledger.active.filter((t) => t.pendingAction !== null).map((t) => historyKey(t.rule, t.accountId)));

  for (const account of input.accounts) {
    const facts = factsOf(account, input.nowMs, input.today);
    for (const rule of input.rules) {
      const k = historyKey(rule.id, account.accountId);
      const fires = evaluateCondition(rule.when, facts);
      const clear = rule.closeWhen ? evaluateCondition(rule.closeWhen, facts) : !fires;
      const existing = byRuleAccount.get(k) ?? [];
      for (const task of existing) {
        if (task.state === 'failed') {
          if (!fires) plan.drops.push({ key: task.key, accountId: task.accountId });
          else if (task.attempts >= input.maxAttempts) plan.gaveUp += 1;
          else plan.sends.push(newSend(rule, account, facts, task.episode, 'retry', input));
          continue;
        }
        // open
        const clearRuns = task.checkedAsOf === input.passAsOf ? task.clearRuns : clear ? task.clearRuns + 1 : 0;
        if (task.checkedAsOf !== input.passAsOf) plan.checks.push({ key: task.key, clearRuns, checkedAsOf: input.passAsOf });
        if (!rule.autoClose || clearRuns < rule.autoCloseAfterRuns) continue;
        if (task.errorCode !== null && task.attempts >= input.maxAttempts) continue;
        // Touched tasks are read again too: once their person completes them, the cooldown starts.
        plan.closes.push({ send: { ...sendOf(task, 'close'), body: closingBody(task.body, rule, input.today, clearRuns) }, task, verify: true });
      }
      if (existing.length > 0 || inFlight.has(k) || !fires) continue;
      const history = input.ledger.history.get(k);
      if (coolingDownUntil(history, rule.cooldownDays, input.nowMs)) {
        plan.coolingDown += 1;
        continue;
      }
      plan.sends.push(newSend(rule, account, facts, nextEpisode(history), 'new', input));
    }
  }
  return plan;
}

function newSend(rule: TaskRule, account: TaskAccount, facts: Facts, episode: number, kind: PlannedSend['kind'], input: ReconcileInput): PlannedSend {
  const key = dedupeKey(rule.id, account.accountId, episode);
  const values = templateValuesOf(account, facts, rule.id);
  const owner = resolveOwner(rule.owner, account.ownerId, input.fallbackOwner, input.owners);
  return {
    action: 'create',
    kind,
    key,
    rule: rule.id,
    accountId: account.accountId,
    episode,
    // Salesforce's Subject holds 255 characters.
    subject: renderTemplate(rule.subject, values).slice(0, 255),
    body: taskBody(rule, values, key),
    dueDate: dueDateFor(rule.due, input.today, account.renewalDate, input.calendar),
    priority: rule.highWhen && evaluateCondition(rule.highWhen, facts) ? 'high' : rule.priority,
    ownerId: owner.ownerId,
    accountName: account.name,
    owner: { source: owner.source, skipped: owner.skipped },
    facts: Object.fromEntries(rule.when.facts.map((f) => [f, facts[f]])),
  };
}

function sendOf(task: LedgerTask, action: TaskSend['action']): TaskSend {
  return {
    action,
    key: task.key,
    ...(action === 'close' ? { crmId: task.crmId } : {}),
    rule: task.rule,
    accountId: task.accountId,
    episode: task.episode,
    subject: task.subject,
    body: task.body,
    dueDate: task.dueDate,
    priority: task.priority,
    ownerId: task.ownerId,
  };
}
