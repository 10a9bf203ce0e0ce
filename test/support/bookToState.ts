import type { Book, BookTicket } from '../../emulators/book/bookTypes.js';
import { domainFor } from '../../emulators/book/companyDomains.js';
import type { State } from '../../state/openState.js';
import type { AccountRow, OpportunityRow, OwnerRow, TicketRow } from '../../src/model/rows.js';
import { upsertPage, type PageToStore } from '../../state/upsertPage.js';
import type { StoredObject, RowsByObject } from '../../src/model/rows.js';

export const BOOK_CONNECTOR = 'book';
const PAGE = 5_000;

/**
 * Test scaffolding: stores a generated book straight into the canonical tables, as a sync from
 * a CRM with an identity mapping would. Ids are `A<index>`, `O<index>`, `T<index>`, `U<index>`.
 */
export function bookToState(state: State, book: Book, connector = BOOK_CONNECTOR): void {
  const owners: OwnerRow[] = book.users.map((u) => ({
    crm_id: `U${u.index}`,
    name: `${u.firstName} ${u.lastName}`,
    email: u.email,
    is_active: u.isActive,
    modified_at: null,
  }));
  const accounts: AccountRow[] = book.accounts.map((a) => ({
    crm_id: `A${a.index}`,
    name: a.name,
    owner_id: `U${a.ownerIndex}`,
    segment: a.segment,
    arr: a.arr,
    renewal_date: a.renewalDate,
    website: domainFor(a.name),
    last_activity_at: a.lastActivityAt,
    created_at: a.createdAt,
    extras: { usage_score: a.usageScore, nps: a.nps },
    crm_outputs: {},
    modified_at: a.modifiedAt,
  }));
  const opportunities: OpportunityRow[] = book.opportunities.map((o) => ({
    crm_id: `O${o.index}`,
    account_id: `A${o.accountIndex}`,
    name: o.name,
    type: o.kind,
    stage: o.stage,
    probability: o.probability,
    is_closed: o.isClosed,
    is_won: o.isWon,
    amount: o.amount,
    close_date: o.closeDate,
    created_at: o.createdAt,
    modified_at: o.modifiedAt,
  }));
  const tickets: TicketRow[] = book.tickets.map((t) => ({
    crm_id: `T${t.index}`,
    account_id: `A${t.accountIndex}`,
    subject: t.subject,
    priority: PRIORITY[t.priority],
    status: t.status,
    is_closed: t.isClosed,
    is_escalated: t.isEscalated,
    created_at: t.createdAt,
    closed_at: t.closedAt,
    csat: t.csat,
    modified_at: t.modifiedAt,
  }));
  store(state, connector, 'owners', owners);
  store(state, connector, 'accounts', accounts);
  store(state, connector, 'opportunities', opportunities);
  store(state, connector, 'tickets', tickets);
}

const PRIORITY: Record<BookTicket['priority'], TicketRow['priority']> = { Low: 'low', Medium: 'medium', High: 'high', Urgent: 'urgent' };

function store<O extends StoredObject>(state: State, connector: string, object: O, rows: RowsByObject[O][]): void {
  for (let from = 0; from < rows.length; from += PAGE) {
    const page: PageToStore<O> = { connector, object, rows: rows.slice(from, from + PAGE), deletedIds: [], quarantined: [], cursor: { page: from } };
    upsertPage(state, page);
  }
}
