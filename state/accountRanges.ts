import type { State } from './openState.js';

/** Live accounts a write-back plans at once: their scores, ledger rows and task facts. */
export const RANGE_ACCOUNTS = 2_000;

/** Account ids in (`after`, `upTo`]; `upTo` null: no upper end. */
export interface AccountRange {
  after: string;
  upTo: string | null;
}

/**
 * A connector's account ids cut into consecutive ranges of `size` live accounts. Together they
 * cover every id, the last range being open-ended, so rows of deleted or unknown accounts (a
 * task in flight, a ledger entry) fall into exactly one range too.
 */
export function accountRanges(state: State, connector: string, size = RANGE_ACCOUNTS): AccountRange[] {
  const nextBound = state.db
    .prepare('SELECT crm_id FROM accounts WHERE connector = ? AND deleted_at IS NULL AND crm_id > ? ORDER BY crm_id LIMIT 1 OFFSET ?')
    .pluck();
  const ranges: AccountRange[] = [];
  let after = '';
  for (;;) {
    const upTo = nextBound.get(connector, after, size - 1) as string | undefined;
    if (upTo === undefined) break;
    ranges.push({ after, upTo });
    after = upTo;
  }
  ranges.push({ after, upTo: null });
  return ranges;
}

/** ` AND <column> in range` and its parameters; no range: every id. */
export function inRange(column: string, range: AccountRange | undefined): { sql: string; params: string[] } {
  if (!range) return { sql: '', params: [] };
  if (range.upTo === null) return { sql: ` AND ${column} > ?`, params: [range.after] };
  return { sql: ` AND ${column} > ? AND ${column} <= ?`, params: [range.after, range.upTo] };
}
