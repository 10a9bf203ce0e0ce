import type { UsageMatch } from '../config/usageConfig.js';
import { normaliseDomain } from '../model/domains.js';

/**
 * A source's account key as it is stored and matched: a domain for `website` (`HTTPS://www.Acme.com/`
 * is `acme.com`), trimmed and lower-cased for `external_id`, trimmed for `id` (CRM ids are
 * case-sensitive). A key that is no domain stays as written (lower-cased), so it is counted among
 * the unmatched and shown, never dropped. Null for an empty key.
 */
export function normaliseUsageKey(field: UsageMatch['field'], raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  if (field === 'id') return trimmed;
  if (field === 'website') return normaliseDomain(trimmed) ?? trimmed.toLowerCase();
  return trimmed.toLowerCase();
}

export interface MatchableAccount {
  id: string;
  website: string | null;
  externalId: string | null;
}

export interface StoredUsageKey {
  id: number;
  key: string;
  rawKey: string;
  lastDay: number;
}

export interface KeyMatch {
  links: { accountId: string; keyId: number }[];
  /** Keys no account carries, most recently active first. */
  unmatched: StoredUsageKey[];
  /** Keys carried by more than one account (each gets the usage). */
  shared: number;
}

/**
 * Links a source's keys to the accounts carrying them in the match field. By `id`, an 18-character
 * Salesforce id is also found by its first 15 characters, the form reports and exports often hold.
 */
export function matchUsageKeys(field: UsageMatch['field'], accounts: readonly MatchableAccount[], keys: readonly StoredUsageKey[]): KeyMatch {
  const owners = new Map<string, string[]>();
  const own = (value: string | null, id: string) => {
    if (value === null) return;
    const list = owners.get(value);
    if (!list) owners.set(value, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  for (const a of accounts) {
    if (field === 'id') {
      own(a.id, a.id);
      if (a.id.length === 18) own(a.id.slice(0, 15), a.id);
    } else {
      const value = field === 'website' ? a.website : a.externalId;
      own(value === null ? null : normaliseUsageKey(field, value), a.id);
    }
  }
  const links: KeyMatch['links'] = [];
  const unmatched: StoredUsageKey[] = [];
  let shared = 0;
  for (const k of keys) {
    const ids = owners.get(k.key);
    if (!ids) {
      unmatched.push(k);
      continue;
    }
    if (ids.length > 1) shared += 1;
    for (const accountId of ids) links.push({ accountId, keyId: k.id });
  }
  unmatched.sort((a, b) => b.lastDay - a.lastDay || a.key.localeCompare(b.key));
  return { links, unmatched, shared };
}
