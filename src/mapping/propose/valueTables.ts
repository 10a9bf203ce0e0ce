import type { FieldDescription } from '../../contracts/connector.js';
import { OTHER_VALUES } from '../applyMapping.js';

/** One picklist value of the org and the canonical value proposed for it. */
export interface ProposedValue {
  crm: string;
  label: string;
  canonical: string;
  why: string;
}

export interface ProposedValueTable {
  canonical: 'type' | 'priority';
  entries: ProposedValue[];
  /** The canonical value for anything not listed (`"*"`), when there is one. */
  other?: string;
}

/** Why a value maps as it did in the mapping in use. */
export const KEPT = 'as the mapping in use has it';

/** Words in a value or its label that say what it is, first rule that matches wins. */
const RULES: Record<ProposedValueTable['canonical'], [RegExp, string][]> = {
  type: [
    [/renew/, 'renewal'],
    [/upsell|upgrade|expan|cross ?sell|add ?on|existing ?business/, 'expansion'],
    [/\bnew\b|newbusiness/, 'new'],
  ],
  priority: [
    [/urgent|critical|emergency|blocker|highest|\bp ?1\b|\bsev(erity)? ?1\b/, 'urgent'],
    [/high|\bp ?2\b|\bsev(erity)? ?2\b/, 'high'],
    [/low|minor|\bp ?4\b|\bsev(erity)? ?4\b/, 'low'],
    [/medium|normal|moderate|\bp ?3\b|\bsev(erity)? ?3\b/, 'medium'],
  ],
};

/** What an unrecognised value becomes: a deal of another kind, a ticket of middling weight. */
const FALLBACK: Record<ProposedValueTable['canonical'], string> = { type: 'other', priority: 'medium' };

/**
 * The value table for a picklist field: every value the org allows, mapped as the mapping in use
 * maps it where it does, else by the words in the value and its label. A value no table covers
 * would quarantine its records, so every allowed value is listed (and `type` keeps `"*": other`).
 */
export function proposeValues(canonical: ProposedValueTable['canonical'], field: FieldDescription, inUse: Record<string, string> | undefined): ProposedValueTable {
  const entries = (field.options ?? []).map(({ value, label }): ProposedValue => {
    const kept = inUse?.[value];
    if (kept !== undefined && kept !== inUse?.[OTHER_VALUES]) return { crm: value, label, canonical: kept, why: KEPT };
    const text = `${value} ${label}`.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
    const named = label !== value ? `label "${label}": ` : '';
    for (const [pattern, meaning] of RULES[canonical]) {
      const word = pattern.exec(text)?.[0];
      if (word) return { crm: value, label, canonical: meaning, why: `${named}"${word.trim()}" reads as ${meaning}` };
    }
    return { crm: value, label, canonical: FALLBACK[canonical], why: `${named}no word says more: check it` };
  });
  return { canonical, entries, ...(canonical === 'type' ? { other: 'other' } : {}) };
}
