import type { FieldDescription } from '../../contracts/connector.js';
import type { FieldHint } from './fieldHints.js';

/** A CRM field that could hold a canonical field, with how sure the match is and why. */
export interface FieldMatch {
  field: FieldDescription;
  score: number;
  /** What it matched on, for the mapping file's comment (`label "Customer Tier"`). */
  on: string[];
}

/** Below this a field is listed nowhere: sharing one common word is not evidence. */
export const MIN_SCORE = 60;

/** The evidence that a field is the one the connector's bundled mapping names. */
export const BUNDLED = 'the bundled mapping’s name';

/** Where the mapping in use already points, and whether a person chose it (it differs from the bundled default). */
export interface PriorChoice {
  inUse?: string;
  bundled?: string;
}

/**
 * An API name as words: `ns__Contract_End_Date__c` → `contract end date`, `LastActivityDate` →
 * `last activity date`, `hs_ticket_priority` → `hs ticket priority`.
 */
export function nameWords(name: string): string {
  return words(
    name
      .replace(/__c$/i, '')
      .replace(/^[A-Za-z0-9]+__(?=\w)/, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2'),
  );
}

/** Lowercase words, any punctuation a separator: `Probability (%)` → `probability`. */
export function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function containsAll(haystack: string, phrase: string): boolean {
  const have = new Set(haystack.split(' '));
  return phrase.split(' ').every((w) => have.has(w));
}

/**
 * The org's fields that could hold a canonical field, best first. A phrase earlier in the hint's
 * list weighs more; a person's earlier choice beats any name; each further piece of evidence adds
 * a little, so the bundled default wins a tie with an equally well named field.
 */
export function rankFields(hint: FieldHint, fields: readonly FieldDescription[], prior: PriorChoice, taken: ReadonlySet<string>): FieldMatch[] {
  const names = hint.names.map(words);
  const contains = (hint.contains ?? []).map(words);
  const matches: FieldMatch[] = [];
  for (const field of fields) {
    if (taken.has(field.name)) continue;
    if (field.kind && !hint.kinds.includes(field.kind)) continue;
    const evidence: [number, string][] = [];
    const byName = names.indexOf(nameWords(field.name));
    const label = words(field.label);
    const byLabel = names.indexOf(label);
    if (prior.inUse === field.name && prior.inUse !== prior.bundled) evidence.push([100, 'chosen in the mapping in use']);
    if (byName >= 0) evidence.push([90 - 2 * byName, `API name`]);
    if (byLabel >= 0) evidence.push([89 - 2 * byLabel, `label "${field.label}"`]);
    if (prior.bundled === field.name) evidence.push([84, BUNDLED]);
    if (byName < 0 && byLabel < 0) {
      const part = contains.findIndex((p) => containsAll(nameWords(field.name), p) || containsAll(label, p));
      if (part >= 0) evidence.push([60 - part, `${containsAll(label, contains[part]!) ? `label "${field.label}"` : 'API name'} contains "${contains[part]}"`]);
    }
    if (evidence.length === 0) continue;
    const best = Math.max(...evidence.map(([score]) => score));
    matches.push({ field, score: best + 3 * (evidence.length - 1), on: evidence.sort((a, b) => b[0] - a[0]).map(([, why]) => why) });
  }
  return matches.filter((m) => m.score >= MIN_SCORE).sort((a, b) => b.score - a.score || a.field.name.localeCompare(b.field.name));
}
