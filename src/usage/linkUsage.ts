import type { UsageSourceConfig } from '../config/config.js';
import { accountMatchFields, dropUsageLinksExcept, replaceUsageLinks, storedUsageKeys } from '../../state/usageLinks.js';
import type { State } from '../../state/openState.js';
import { matchUsageKeys, type KeyMatch } from './usageKeys.js';

export interface SourceLinks {
  source: string;
  connector: string;
  keys: number;
  matchedAccounts: number;
  match: KeyMatch;
}

/**
 * Matches every configured source's stored keys to its connector's live accounts and stores the
 * links scoring reads usage through. Cheap (keys and accounts, never the days), so it runs before
 * every scoring pass: an account synced after the usage was read is matched all the same.
 */
export function linkUsage(state: State, sources: readonly UsageSourceConfig[], connector?: string): SourceLinks[] {
  const linked: SourceLinks[] = [];
  sources.forEach((source, rank) => {
    if (connector !== undefined && source.match.connector !== connector) return;
    const found = usageLinksOf(state, source);
    replaceUsageLinks(state, source.name, source.match.connector, rank, found.match.links);
    linked.push(found);
  });
  return linked;
}

/**
 * Before a connector is scored: its sources' links rebuilt, and the links of sources no longer in
 * the config dropped (`sources` is the whole `usage:` list, whose order ranks them).
 */
export function linkUsageForScoring(state: State, sources: readonly UsageSourceConfig[], connector: string): void {
  dropUsageLinksExcept(state, sources.map((s) => s.name));
  linkUsage(state, sources, connector);
}

/** The match as it stands, without storing it (`vitals status`). */
export function usageLinksOf(state: State, source: UsageSourceConfig): SourceLinks {
  const keys = storedUsageKeys(state, source.name);
  const match = matchUsageKeys(source.match.field, accountMatchFields(state, source.match.connector), keys);
  return { source: source.name, connector: source.match.connector, keys: keys.length, matchedAccounts: new Set(match.links.map((l) => l.accountId)).size, match };
}
