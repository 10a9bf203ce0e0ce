import type { State } from './openState.js';

/** A source's distinct keys with the last day each was active. */
export function storedUsageKeys(state: State, source: string): { id: number; key: string; rawKey: string; lastDay: number }[] {
  const rows = state.db.prepare('SELECT id, key, raw_key, last_day FROM usage_keys WHERE source = ? ORDER BY key').raw().all(source) as [number, string, string, number][];
  return rows.map(([id, key, rawKey, lastDay]) => ({ id, key, rawKey, lastDay }));
}

/** A connector's live accounts with the fields usage keys are matched by. */
export function accountMatchFields(state: State, connector: string): { id: string; website: string | null; externalId: string | null }[] {
  const rows = state.db
    .prepare('SELECT crm_id, website, external_id FROM accounts WHERE connector = ? AND deleted_at IS NULL')
    .raw()
    .all(connector) as [string, string | null, string | null][];
  return rows.map(([id, website, externalId]) => ({ id, website, externalId }));
}

/** Replaces a source's links to a connector's accounts. */
export function replaceUsageLinks(state: State, source: string, connector: string, rank: number, links: readonly { accountId: string; keyId: number }[]): void {
  state.db.transaction(() => {
    state.db.prepare('DELETE FROM usage_links WHERE source = ?').run(source);
    const insert = state.db.prepare('INSERT OR IGNORE INTO usage_links (connector, account_id, key_id, source, rank) VALUES (?, ?, ?, ?, ?)');
    for (const l of links) insert.run(connector, l.accountId, l.keyId, source, rank);
  })();
}

/** Drops the links of sources no longer in the config: their accounts are not measured by them any more. */
export function dropUsageLinksExcept(state: State, sources: readonly string[]): void {
  state.db.prepare('DELETE FROM usage_links WHERE source NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(sources));
}

export function liveAccountCount(state: State, connector: string): number {
  return state.db.prepare('SELECT count(*) FROM accounts WHERE connector = ? AND deleted_at IS NULL').pluck().get(connector) as number;
}
