import type { AccountInputs, ScoringOpportunity, ScoringTicket } from '../src/scoring/accountInputs.js';
import type { State } from './openState.js';
import type { OpportunityType, TicketPriority } from './rows.js';

/** Connectors that have live accounts, in name order. */
export function scoredConnectors(state: State): string[] {
  const rows = state.db.prepare('SELECT DISTINCT connector FROM accounts WHERE deleted_at IS NULL ORDER BY connector').raw().all() as [string][];
  return rows.map(([connector]) => connector);
}

type AccountColumns = [string, string | null, string | null, number | null, string | null, string | null, string | null, string];
type OpportunityColumns = [string, string, OpportunityType | null, string | null, number | null, number | null, number | null, number | null, string | null, string | null];
type TicketColumns = [string, TicketPriority | null, number | null, number | null, string | null, string | null, number | null];

/**
 * Everything scoring reads about one connector's live accounts, in three set-based queries (one
 * per table, not one per account) grouped in memory. Soft-deleted rows are left out, and so are
 * tickets and opportunities of accounts that are not live.
 */
export function readScoringInputs(state: State, connector: string): AccountInputs[] {
  const accounts = new Map<string, AccountInputs>();
  const accountRows = state.db
    .prepare(
      `SELECT crm_id, name, segment, arr, renewal_date, last_activity_at, created_at, extras
       FROM accounts WHERE connector = ? AND deleted_at IS NULL ORDER BY crm_id`,
    )
    .raw()
    .iterate(connector) as IterableIterator<AccountColumns>;
  for (const [id, name, segment, arr, renewal, activity, created, extras] of accountRows) {
    accounts.set(id, {
      id,
      name,
      segment,
      arr,
      renewalMs: toMs(renewal),
      lastActivityMs: toMs(activity),
      createdMs: toMs(created),
      extras: parseExtras(extras),
      tickets: [],
      opportunities: [],
    });
  }

  const opportunityRows = state.db
    .prepare(
      `SELECT account_id, crm_id, type, stage, probability, is_closed, is_won, amount, close_date, created_at
       FROM opportunities WHERE connector = ? AND deleted_at IS NULL AND account_id IS NOT NULL`,
    )
    .raw()
    .iterate(connector) as IterableIterator<OpportunityColumns>;
  const shared = new Map<string, string>();
  for (const [accountId, id, type, stage, probability, isClosed, isWon, amount, close, created] of opportunityRows) {
    const opportunity: ScoringOpportunity = {
      id,
      type: intern(shared, type),
      stage: intern(shared, stage),
      probability,
      isClosed: isClosed === 1,
      isWon: isWon === 1,
      amount,
      closeMs: toMs(close),
      createdMs: toMs(created),
    };
    accounts.get(accountId)?.opportunities.push(opportunity);
  }

  const ticketRows = state.db
    .prepare(
      `SELECT account_id, priority, is_closed, is_escalated, created_at, closed_at, csat
       FROM tickets WHERE connector = ? AND deleted_at IS NULL AND account_id IS NOT NULL`,
    )
    .raw()
    .iterate(connector) as IterableIterator<TicketColumns>;
  for (const [accountId, priority, isClosed, isEscalated, created, closed, csat] of ticketRows) {
    const closedMs = toMs(closed);
    const ticket: ScoringTicket = {
      priority: intern(shared, priority),
      // Some CRMs leave the flag empty and only stamp the close.
      isClosed: isClosed === null ? closedMs !== null : isClosed === 1,
      isEscalated: isEscalated === 1,
      createdMs: toMs(created),
      closedMs,
      csat,
    };
    accounts.get(accountId)?.tickets.push(ticket);
  }
  return [...accounts.values()];
}

/** Live accounts whose id or name matches, exact id first, then exact name, then name prefix. */
export function findAccounts(state: State, query: string, connector?: string): { connector: string; id: string; name: string | null }[] {
  const where = connector ? 'AND connector = ?' : '';
  const args = connector ? [connector] : [];
  const run = (condition: string, value: string) =>
    state.db
      .prepare(`SELECT connector, crm_id AS id, name FROM accounts WHERE deleted_at IS NULL AND ${condition} ${where} ORDER BY connector, name LIMIT 20`)
      .all(value, ...args) as { connector: string; id: string; name: string | null }[];
  for (const [condition, value] of [
    ['crm_id = ?', query],
    ['name = ? COLLATE NOCASE', query],
    ["name LIKE ? ESCAPE '\\'", `${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
  ] as const) {
    const found = run(condition, value);
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * One string for each distinct picklist value (type, stage, priority) instead of one per row: the
 * whole book is in memory while it is scored, and at 100,000 accounts these were 1.5 million
 * copies of a dozen words.
 */
function intern<T extends string | null>(seen: Map<string, string>, value: T): T {
  if (value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known as T;
  seen.set(value, value);
  return value;
}

function toMs(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function parseExtras(json: string): Record<string, number | null> {
  try {
    const value = JSON.parse(json) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, number | null>) : {};
  } catch {
    return {};
  }
}
