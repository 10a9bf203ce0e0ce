import type { AccountInputs, ScoringOpportunity, ScoringTicket, UsageSeries } from '../src/model/accountInputs.js';
import type { BookSource } from '../src/model/bookSource.js';
import { MoneyConverter } from '../src/model/money.js';
import type { OpportunityType, TicketPriority } from '../src/model/rows.js';
import { orgMoney } from './currencies.js';
import type { State } from './openState.js';
import { usageSeriesReader } from './usageSeries.js';

/** Connectors that have live accounts, in name order. */
export function scoredConnectors(state: State): string[] {
  const rows = state.db.prepare('SELECT DISTINCT connector FROM accounts WHERE deleted_at IS NULL ORDER BY connector').raw().all() as [string][];
  return rows.map(([connector]) => connector);
}

type AccountColumns = [string, string | null, string | null, number | null, string | null, string | null, string | null, string, string | null, number | null];
type OpportunityColumns = [string, string, OpportunityType | null, string | null, number | null, number | null, number | null, number | null, string | null, string | null, string | null];
type TicketColumns = [string, TicketPriority | null, number | null, number | null, string | null, string | null, number | null];

/** Accounts per chunk: small, so a chunk dies young and never reaches the old generation. */
const CHUNK_ACCOUNTS = 200;

/** Accounts read by id at once (one JSON array parameter each for three queries). */
const IDS_AT_ONCE = 500;

const ACCOUNT_COLUMNS = 'crm_id, name, segment, arr, renewal_date, last_activity_at, created_at, extras, currency, seats';
const OPPORTUNITY_COLUMNS = 'account_id, crm_id, type, stage, probability, is_closed, is_won, amount, close_date, created_at, currency';
const TICKET_COLUMNS = 'account_id, priority, is_closed, is_escalated, created_at, closed_at, csat';
// In account order and, within an account, in id order: the order a scan of the table gives.
const BY_ACCOUNT = 'AND deleted_at IS NULL ORDER BY account_id, crm_id';

/**
 * A connector's live accounts with their live tickets and opportunities, money in the org's
 * corporate currency (`src/model/money.ts`), in chunks of accounts in
 * id order (keyset pages: three range queries a chunk, not one per account), or chosen by id.
 * Every query finishes before its accounts are handed out, so the caller may write to the state
 * in between. Tickets and opportunities of accounts that are not live are left out.
 */
export function storedBook(state: State, connector: string, chunkAccounts = CHUNK_ACCOUNTS): BookSource {
  const db = state.db;
  const accountPage = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE connector = ? AND deleted_at IS NULL AND crm_id > ? ORDER BY crm_id LIMIT ?`).raw();
  const opportunityRange = db.prepare(`SELECT ${OPPORTUNITY_COLUMNS} FROM opportunities WHERE connector = ? AND account_id BETWEEN ? AND ? ${BY_ACCOUNT}`).raw();
  const ticketRange = db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE connector = ? AND account_id BETWEEN ? AND ? ${BY_ACCOUNT}`).raw();
  const ids = 'IN (SELECT value FROM json_each(?))';
  const accountList = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE connector = ? AND deleted_at IS NULL AND crm_id ${ids} ORDER BY crm_id`).raw();
  const opportunityList = db.prepare(`SELECT ${OPPORTUNITY_COLUMNS} FROM opportunities WHERE connector = ? AND account_id ${ids} ${BY_ACCOUNT}`).raw();
  const ticketList = db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE connector = ? AND account_id ${ids} ${BY_ACCOUNT}`).raw();
  const assemble = assembler(new MoneyConverter(orgMoney(state, connector)));
  const usage = usageSeriesReader(state, connector);

  function* chunks(): Generator<AccountInputs[]> {
    let after = '';
    for (;;) {
      const rows = accountPage.all(connector, after, chunkAccounts) as AccountColumns[];
      if (rows.length === 0) return;
      const first = rows[0]![0];
      after = rows[rows.length - 1]![0];
      yield assemble(
        rows,
        opportunityRange.all(connector, first, after) as OpportunityColumns[],
        ticketRange.all(connector, first, after) as TicketColumns[],
        usage.between(first, after),
      );
      if (rows.length < chunkAccounts) return;
    }
  }

  function read(wanted: readonly string[]): AccountInputs[] {
    const found: AccountInputs[] = [];
    for (let at = 0; at < wanted.length; at += IDS_AT_ONCE) {
      const list = JSON.stringify(wanted.slice(at, at + IDS_AT_ONCE));
      found.push(
        ...assemble(
          accountList.all(connector, list) as AccountColumns[],
          opportunityList.all(connector, list) as OpportunityColumns[],
          ticketList.all(connector, list) as TicketColumns[],
          usage.of(list),
        ),
      );
    }
    return found;
  }
  return { chunks, read };
}

/** Builds accounts from their rows; one string per distinct picklist value across all calls. */
function assembler(money: MoneyConverter) {
  const shared = new Map<string, string>();
  return (rows: AccountColumns[], opportunities: OpportunityColumns[], tickets: TicketColumns[], usage: Map<string, UsageSeries>): AccountInputs[] => {
    const byId = new Map<string, AccountInputs>();
    for (const [id, name, segment, arr, renewal, activity, created, extras, currency, seats] of rows) {
      byId.set(id, {
        id,
        name,
        segment: intern(shared, segment),
        arr: money.atCurrentRate(arr, currency),
        renewalMs: toMs(renewal),
        lastActivityMs: toMs(activity),
        createdMs: toMs(created),
        extras: parseExtras(extras),
        seats,
        usage: usage.get(id) ?? null,
        tickets: [],
        opportunities: [],
      });
    }
    for (const [accountId, id, type, stage, probability, isClosed, isWon, amount, close, created, currency] of opportunities) {
      const opportunity: ScoringOpportunity = {
        id,
        type: intern(shared, type),
        stage: intern(shared, stage),
        probability,
        isClosed: isClosed === 1,
        isWon: isWon === 1,
        amount: money.onDay(amount, currency, close),
        amountAtCurrentRate: money.atCurrentRate(amount, currency),
        closeMs: toMs(close),
        createdMs: toMs(created),
      };
      byId.get(accountId)?.opportunities.push(opportunity);
    }
    for (const [accountId, priority, isClosed, isEscalated, created, closed, csat] of tickets) {
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
      byId.get(accountId)?.tickets.push(ticket);
    }
    return [...byId.values()];
  };
}

/** The whole book at once (tests and cross-checks; commands stream it with `storedBook`). */
export function readScoringInputs(state: State, connector: string): AccountInputs[] {
  const accounts: AccountInputs[] = [];
  for (const chunk of storedBook(state, connector).chunks()) accounts.push(...chunk);
  return accounts;
}

/** The names of the given accounts (deleted ones too: a plan may still show them). */
export function accountNames(state: State, connector: string, ids: readonly string[]): Map<string, string | null> {
  const names = new Map<string, string | null>();
  const read = state.db.prepare('SELECT crm_id, name FROM accounts WHERE connector = ? AND crm_id IN (SELECT value FROM json_each(?))').raw();
  for (let at = 0; at < ids.length; at += IDS_AT_ONCE) {
    for (const [id, name] of read.all(connector, JSON.stringify(ids.slice(at, at + IDS_AT_ONCE))) as [string, string | null][]) names.set(id, name);
  }
  return names;
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
 * One string for each distinct picklist value (type, stage, priority) instead of one per row: a
 * book read whole (back-test, report) holds 1.5 million of them at 100,000 accounts.
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
