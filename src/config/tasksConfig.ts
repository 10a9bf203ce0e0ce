import { z } from 'zod';
import { compileCondition, type Condition } from '../tasks/conditionLanguage.js';
import { templateProblems } from '../tasks/renderTemplate.js';
import { FACTS, TEMPLATE_EXTRAS } from '../tasks/taskFacts.js';
import type { DueRule } from '../tasks/dueDate.js';
import { DEFAULT_RULES, RULE_DEFAULTS, type TaskRule, type WrittenRule } from '../tasks/taskRules.js';

/**
 * The `tasks:` section: CSM task rules. Written rules are merged by `id` over the default rules
 * (a default's id may change single keys, or `enabled: false` turns it off); new ids add rules.
 * Conditions and templates are compiled here, so a typo in a fact name is a config error naming
 * the key, never a rule that silently never fires.
 */

export interface TasksConfig {
  /** False turns task creation off (score write-back still runs). */
  enabled: boolean;
  /** IANA zone "today" and business days are counted in; null: `schedule.timezone`. */
  timezone: string | null;
  /** Owner when the account owner is missing or inactive: one for every connector, or per connector name. */
  fallbackOwner: { all: string | null; byConnector: Record<string, string> };
  /** `YYYY-MM-DD` days off, besides weekends. */
  holidays: string[];
  rules: TaskRule[];
}

const ruleId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'expected lowercase letters, digits and dashes, e.g. "renewal-at-risk"' });
const businessDays = z.number().int().min(0).max(260);
const owner = z.string().min(1).max(120);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' });

// One object with a refinement rather than a union, so a wrong key is reported as such.
const dueRule = z
  .strictObject({
    /** Business days after the task is created. */
    after: businessDays.optional(),
    /** Business days before the renewal date ... */
    beforeRenewal: businessDays.optional(),
    /** ... but no later than this many business days from today. */
    atMost: businessDays.optional(),
  })
  .refine((d) => (d.after !== undefined ? d.beforeRenewal === undefined && d.atMost === undefined : d.beforeRenewal !== undefined && d.atMost !== undefined), {
    error: 'expected { after: N } (business days from today) or { beforeRenewal: N, atMost: M } (anchored to the renewal date)',
  })
  .transform((d): DueRule => (d.after !== undefined ? { after: d.after } : { beforeRenewal: d.beforeRenewal as number, atMost: d.atMost as number }));

const CONDITION_KEYS = ['when', 'closeWhen', 'highWhen'] as const;
const TEMPLATE_NAMES = [...Object.keys(FACTS), ...Object.keys(TEMPLATE_EXTRAS)];

const writtenRule = z.strictObject({
  /** Stable id, part of every task's dedupe key: renaming it starts new tasks. */
  id: ruleId,
  /** @default true */
  enabled: z.boolean().optional(),
  /** Condition over the facts, e.g. `days_to_renewal <= 120 and (churn_risk >= 35 or band == "red")`. */
  when: z.string().min(1).optional(),
  /** Auto-close condition. @default not `when` */
  closeWhen: z.string().min(1).nullable().optional(),
  /** Task subject; `{{fact}}` placeholders. */
  subject: z.string().min(1).max(255).optional(),
  /** Task body; the engine appends why the rule fired (facts and drivers). @default "" */
  body: z.string().max(4000).optional(),
  /** @default { after: 5 } */
  due: dueRule.optional(),
  /** @default normal */
  priority: z.enum(['high', 'normal', 'low']).optional(),
  /** Priority is high while this condition holds. */
  highWhen: z.string().min(1).nullable().optional(),
  /** `account-owner`, or a CRM user id or email. @default account-owner */
  owner: owner.optional(),
  /** @default true */
  autoClose: z.boolean().optional(),
  /** @default 2 */
  autoCloseAfterRuns: z.number().int().min(1).max(10).optional(),
  /** @default 30 */
  cooldownDays: z.number().min(0).max(365).optional(),
}).superRefine((rule, ctx) => {
  // Checked per rule, so one rule's problems are reported even when another rule is malformed;
  // a rule switched off is still checked, so switching it on later cannot surprise.
  const needsAll = rule.enabled !== false && !DEFAULT_RULES.some((d) => d.id === rule.id);
  if (needsAll && !rule.when) ctx.addIssue({ code: 'custom', path: ['when'], message: `required: rule "${rule.id}" is not a default rule, so it needs a condition` });
  if (needsAll && !rule.subject) ctx.addIssue({ code: 'custom', path: ['subject'], message: `required: rule "${rule.id}" is not a default rule, so it needs a subject` });
  for (const key of CONDITION_KEYS) {
    const text = rule[key];
    if (!text) continue;
    const compiled = compileCondition(text);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', path: [key], message: compiled.problems.join('; ') });
  }
  for (const key of ['subject', 'body'] as const) {
    const problems = templateProblems(rule[key] ?? '', TEMPLATE_NAMES);
    if (problems.length > 0) ctx.addIssue({ code: 'custom', path: [key], message: problems.join('; ') });
  }
});

const timezone = z.string().refine(
  (name) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'not an IANA time zone; expected a name like "UTC" or "Europe/Paris"' },
);

const tasksShape = z.strictObject({
  /** @default true */
  enabled: z.boolean().default(true),
  /** False starts from no rules instead of the five defaults. @default true */
  defaultRules: z.boolean().default(true),
  /** @default schedule.timezone */
  timezone: timezone.optional(),
  /** A CRM user id or email, or one per connector name. */
  fallbackOwner: z.union([owner, z.record(z.string(), owner)], { error: 'expected a user id or email, or { <connector>: <user> }' }).optional(),
  /** @default [] */
  holidays: z.array(date).default([]),
  rules: z
    .array(writtenRule)
    .superRefine(
      (rules, ctx) => {
        const seen = new Set<unknown>();
        rules.forEach((rule, index) => {
          const id = (rule as { id?: unknown } | null)?.id;
          if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `rule "${String(id)}" is written twice; ids must be unique` });
          seen.add(id);
        });
      },
      // Also when a rule is malformed, so every problem is reported at once.
      { when: () => true },
    )
    .default([]),
});


/** Every rule after merging, with the index of the written entry it came from (for error paths). */
function mergedRules(written: z.output<typeof tasksShape>): { rule: WrittenRule; index: number | null }[] {
  const merged: { rule: WrittenRule; index: number | null }[] = written.defaultRules ? DEFAULT_RULES.map((rule) => ({ rule: { ...rule }, index: null })) : [];
  written.rules.forEach((rule, index) => {
    const known = merged.find((m) => m.rule.id === rule.id);
    if (known) {
      known.rule = { ...known.rule, ...stripUndefined(rule) };
      known.index = index;
    } else merged.push({ rule, index });
  });
  return merged;
}

export const tasksConfigSchema = tasksShape
  .transform(
    (written): TasksConfig => ({
      enabled: written.enabled,
      timezone: written.timezone ?? null,
      fallbackOwner:
        typeof written.fallbackOwner === 'object'
          ? { all: null, byConnector: written.fallbackOwner }
          : { all: written.fallbackOwner ?? null, byConnector: {} },
      holidays: written.holidays,
      rules: mergedRules(written)
        .map((m) => m.rule)
        .filter((rule) => rule.enabled !== false)
        .map(compileRule),
    }),
  );

/** A merged, validated rule as the engine runs it. Default rules are checked by the unit tests. */
export function compileRule(rule: WrittenRule): TaskRule {
  const condition = (text: string | null | undefined): Condition | null => {
    if (!text) return null;
    const compiled = compileCondition(text);
    if (!compiled.ok) throw new Error(`rule ${rule.id}: ${compiled.problems.join('; ')}`);
    return compiled.condition;
  };
  return {
    id: rule.id,
    when: condition(rule.when) as Condition,
    closeWhen: condition(rule.closeWhen),
    subject: rule.subject ?? rule.id,
    body: rule.body ?? RULE_DEFAULTS.body,
    due: rule.due ?? RULE_DEFAULTS.due,
    priority: rule.priority ?? RULE_DEFAULTS.priority,
    highWhen: condition(rule.highWhen),
    owner: rule.owner ?? RULE_DEFAULTS.owner,
    autoClose: rule.autoClose ?? RULE_DEFAULTS.autoClose,
    autoCloseAfterRuns: rule.autoCloseAfterRuns ?? RULE_DEFAULTS.autoCloseAfterRuns,
    cooldownDays: rule.cooldownDays ?? RULE_DEFAULTS.cooldownDays,
  };
}

/** The fallback owner for one connector. */
export function fallbackOwnerFor(config: TasksConfig, connector: string): string | null {
  return config.fallbackOwner.byConnector[connector] ?? config.fallbackOwner.all;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
