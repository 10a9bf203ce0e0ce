import { closest } from './conditionLanguage.js';
import type { FactValue } from './taskFacts.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Placeholders in a template that are not among `known`, each phrased for the config's reader. */
export function templateProblems(template: string, known: readonly string[]): string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (known.includes(name)) continue;
    const hint = closest(name, [...known]);
    problems.push(`unknown placeholder {{${name}}}${hint ? ` (did you mean {{${hint}}}?)` : ''}; allowed: ${known.join(', ')}`);
  }
  const stray = template.replace(PLACEHOLDER, '');
  if (stray.includes('{{') || stray.includes('}}')) problems.push('unbalanced {{ }}: write placeholders as {{name}}');
  return problems;
}

/** Fills `{{name}}` placeholders; a missing value reads "n/a" so a task never shows "null". */
export function renderTemplate(template: string, values: Record<string, FactValue>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => formatValue(values[name] ?? null));
}

/** How a fact reads in a task: whole numbers plain, others to one decimal, yes/no for flags. */
export function formatValue(value: FactValue): string {
  if (value === null) return 'n/a';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  return value;
}
