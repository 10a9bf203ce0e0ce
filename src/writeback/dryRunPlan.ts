import type { ApiBudget } from '../contracts/connector.js';
import type { SkippedField } from './planWrites.js';
import { plannedCalls, type ConnectorPlan } from './writebackPlan.js';

/** A task line in the plan. */
export interface TaskLine {
  key: string;
  rule: string;
  accountId: string;
  account: string | null;
  subject: string;
  dueDate: string;
  priority: string;
  ownerId: string | null;
}

/** A connector's plan as `writeback --dry-run --json` prints it (and the real run reports it). */
export interface PlanReport {
  connector: string;
  scoredAt: string | null;
  accounts: number;
  writes: {
    /** Records to update. */
    records: number;
    /** Changes per CRM field. */
    fields: Record<string, number>;
    /** Fields left as the CRM holds them, by reason. */
    kept: Record<SkippedField['reason'], number>;
    /** Every changed field of the first `sampleSize` records. */
    sample: { accountId: string; account: string | null; field: string; from: unknown; to: unknown }[];
    keptSample: { accountId: string; account: string | null; field: string; reason: SkippedField['reason']; crm: unknown; desired: unknown }[];
  };
  tasks: {
    create: TaskLine[];
    close: TaskLine[];
    /** Creates resent (in flight when a run died) or retried (the CRM refused them). */
    resend: number;
    retry: number;
    coolingDown: number;
    gaveUp: number;
    /** Tasks whose condition cleared, left open because a person works on them. */
    leftAlone: number;
    /** Tasks found completed (or deleted) by a person. */
    completedByPerson: number;
    /** Closes skipped: the connector cannot read tasks back to check for a person's edits. */
    unverifiable: number;
    /** Creates tried before that the CRM holds (their answer was lost): recorded, not sent again. */
    landed: number;
    /** Younger tasks holding a key an older task holds: to archive. */
    duplicates: number;
  };
  calls: {
    writeFields: number;
    writeTasks: number;
    /** Reads spent while planning (tasks due to close, creates tried before). */
    readTasks: number;
    /**
     * Write batches plus task reads. The connector's own reads come on top: login and `/limits`
     * (Salesforce), property definitions, and each task read's account associations (HubSpot).
     */
    total: number;
    batchSize: { fields: number; tasks: number };
    dailyLimit?: number;
    dailyRemaining?: number;
    reserve?: number;
  };
}

/** Turns a plan into the report a person or a machine reads. */
export function planReport(plan: ConnectorPlan, budget: ApiBudget | null): PlanReport {
  const name = (id: string) => plan.names.get(id) ?? null;
  const calls = plannedCalls(plan);
  const line = (t: { key: string; rule: string; accountId: string; subject: string; dueDate: string; priority: string; ownerId: string | null }): TaskLine => ({
    key: t.key, rule: t.rule, accountId: t.accountId, account: name(t.accountId), subject: t.subject, dueDate: t.dueDate, priority: t.priority, ownerId: t.ownerId,
  });
  return {
    connector: plan.connector,
    scoredAt: plan.scoredAt,
    accounts: plan.scored,
    writes: {
      records: plan.writes.records,
      fields: plan.writes.fields,
      kept: plan.writes.kept,
      // The sample is whole records: every changed field of the first `sampleSize` accounts.
      sample: plan.writes.sample.map((c) => ({ accountId: c.accountId, account: name(c.accountId), field: c.field, from: c.from, to: c.to })),
      keptSample: plan.writes.keptSample.map((s) => ({ accountId: s.accountId, account: name(s.accountId), field: s.field, reason: s.reason, crm: s.crmValue, desired: s.desired })),
    },
    tasks: {
      create: plan.tasks.sends.filter((s) => s.kind === 'new').map(line),
      close: plan.tasks.closes.map((c) => line(c.send)),
      resend: plan.tasks.sends.filter((s) => s.kind === 'resend').length,
      retry: plan.tasks.sends.filter((s) => s.kind === 'retry').length,
      coolingDown: plan.tasks.coolingDown,
      gaveUp: plan.tasks.gaveUp,
      leftAlone: plan.tasks.leftAlone,
      completedByPerson: plan.tasks.findings.filter((f) => f.finding === 'completed').length,
      unverifiable: plan.tasks.unverifiable,
      landed: plan.tasks.landed.length,
      duplicates: plan.tasks.duplicates.length,
    },
    calls: {
      ...calls,
      readTasks: plan.tasks.readCalls,
      total: calls.writeFields + calls.writeTasks + plan.tasks.readCalls,
      batchSize: plan.batchSize,
      ...(budget?.dailyLimit !== undefined ? { dailyLimit: budget.dailyLimit } : {}),
      ...(budget?.dailyRemaining !== undefined ? { dailyRemaining: budget.dailyRemaining } : {}),
      ...(budget ? { reserve: budget.reserve } : {}),
    },
  };
}
