import type { TaskRule } from './taskRules.js';
import { formatValue, renderTemplate } from './renderTemplate.js';
import type { FactValue, TemplateName } from './taskFacts.js';

/**
 * A task body says why it exists: the rule's own text, then the condition with the value of
 * every fact it reads, then the drivers of the health score. A CSM should not need crm-vitals
 * open to understand a task.
 */
export function taskBody(rule: TaskRule, values: Record<TemplateName, FactValue>, key: string): string {
  const lines: string[] = [];
  const intro = renderTemplate(rule.body, values).trim();
  if (intro) lines.push(intro, '');
  lines.push(`Why: ${rule.when.text}`);
  for (const fact of rule.when.facts) lines.push(`- ${fact}: ${formatValue(values[fact])}`);
  if (values.drivers) lines.push(`Health drivers: ${formatValue(values.drivers)}`);
  lines.push('', `Created by crm-vitals rule ${rule.id} (${key}).`);
  return lines.join('\n');
}

/** The body a task is closed with: what was there, and why it was closed. */
export function closingBody(body: string, rule: TaskRule | undefined, today: string, runs: number): string {
  const condition = rule?.closeWhen ? rule.closeWhen.text : rule ? `not (${rule.when.text})` : 'the condition cleared';
  return `${body}\n\nAuto-resolved by crm-vitals on ${today}: ${condition} held for ${runs} scoring run${runs === 1 ? '' : 's'}.`;
}
