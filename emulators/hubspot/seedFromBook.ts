import type { Book, BookTicket } from '../book/bookTypes.js';
import { domainFor } from '../book/companyDomains.js';
import type { OrgCurrencies, OrgSchemaName } from '../emulatorKit.js';
import { accountCurrencies, toCurrency } from '../orgCurrencies.js';
import { BOOK_PIPELINE_ID, bookPipeline, dealStageFor } from './bookPipeline.js';
import { defaultPipelines } from './pipelines.js';
import { portalVariant } from './portalVariants.js';
import { isoFromMs } from './propertyValues.js';
import { HubSpotStore } from './store.js';

/** Owner ids and user ids as HubSpot shows them: plain numbers, in separate ranges. */
const OWNER_ID_BASE = 71_000_000;
const USER_ID_BASE = 4_100_000;

export function ownerIdFor(userIndex: number): string {
  return String(OWNER_ID_BASE + userIndex + 1);
}

/** `Computer Software` → `COMPUTER_SOFTWARE`, the shape of HubSpot's industry option values. */
export function industryValue(label: string): string {
  return label
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Book ticket status → default support pipeline stage: New 1, Working/Escalated 3 (waiting on us), closed 4. */
export function ticketStageFor(ticket: Pick<BookTicket, 'status' | 'isClosed'>): string {
  if (ticket.isClosed || ticket.status === 'Closed') return '4';
  return ticket.status === 'New' ? '1' : '3';
}

const ms = (iso: string): number => Date.parse(iso);
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The book's stamps are usually already in HubSpot's form; re-format only when they are not. */
const iso = (value: string): string => (CANONICAL_ISO.test(value) ? value : isoFromMs(ms(value)));

/**
 * Projects a CRM-neutral book into a fresh portal: users → owners (inactive ones archived),
 * accounts → companies, opportunities → deals in the book's own pipeline (bookPipeline.ts) and
 * tickets → tickets, each linked to its company with the primary association. The portal's
 * variant (`schema`) decides its customer-success properties and where the book's values land.
 * Loads without validation for speed.
 */
export function seedFromBook(book: Book, options: { portalId: number; searchIndexLagMs?: number; schema?: OrgSchemaName; currencies?: OrgCurrencies }): HubSpotStore {
  const { currencies } = options;
  const portal = currencies ? { ...portalVariant(options.schema), currencies } : portalVariant(options.schema);
  // Multicurrency: a deal is in its company's currency (by account index), its amount the book's
  // at the current rate. Company properties stay in the company currency, as HubSpot keeps them.
  const accountCode = currencies ? accountCurrencies(currencies, book.accounts.length) : [];
  const rateOf = new Map(currencies?.currencies.map((c) => [c.code, c.rate]));
  let newest = 0;
  for (const list of [book.accounts, book.opportunities, book.tickets]) for (const item of list) newest = Math.max(newest, ms(item.modifiedAt));
  const industries = [...new Set(book.accounts.map((a) => a.industry))].sort().map((label): [string, string] => [industryValue(label), label]);
  const pipelines = defaultPipelines();
  pipelines.deals.push(bookPipeline());
  const store = new HubSpotStore({ portalId: options.portalId, searchIndexLagMs: options.searchIndexLagMs ?? 0, industries, clockStart: newest, pipelines, portal });

  const asOf = ms(book.asOf);
  for (const user of book.users) {
    store.addOwner({
      id: ownerIdFor(user.index),
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      userId: USER_ID_BASE + user.index + 1,
      createdAt: asOf - 400 * 86_400_000,
      updatedAt: asOf - 30 * 86_400_000,
      archived: !user.isActive,
    });
  }

  store.reserve('companies', book.accounts.length);
  store.reserve('deals', book.opportunities.length);
  store.reserve('tickets', book.tickets.length);
  const companyIds: number[] = [];
  for (const a of book.accounts) {
    const props: Record<string, string> = {
      name: a.name,
      domain: domainFor(a.name),
      hubspot_owner_id: ownerIdFor(a.ownerIndex),
      industry: industryValue(a.industry),
      numberofemployees: String(a.employees),
      lifecyclestage: 'customer',
      ...portal.companyValues(a),
    };
    if (a.lastActivityAt !== null) props.notes_last_updated = iso(a.lastActivityAt);
    companyIds[a.index] = store.seedRecord('companies', props, ms(a.createdAt), ms(a.modifiedAt)).seq;
  }

  const ownerOf = (accountIndex: number): string => ownerIdFor(book.accounts[accountIndex]?.ownerIndex ?? 0);
  const linkDeal = store.associations.linker('deals', 'companies', [5]);
  const linkTicket = store.associations.linker('tickets', 'companies', [26]);
  for (const o of book.opportunities) {
    const props: Record<string, string> = {
      dealname: o.name,
      amount: String(o.amount),
      pipeline: BOOK_PIPELINE_ID,
      dealstage: dealStageFor(o),
      closedate: `${o.closeDate.slice(0, 10)}T00:00:00.000Z`,
      hubspot_owner_id: ownerOf(o.accountIndex),
      ...portal.dealValues(o),
    };
    const code = accountCode[o.accountIndex];
    if (code !== undefined) {
      props.amount = String(toCurrency(o.amount, rateOf.get(code) ?? 1, code));
      props.deal_currency_code = code;
    }
    const deal = store.seedRecord('deals', props, ms(o.createdAt), ms(o.modifiedAt));
    const companyId = companyIds[o.accountIndex];
    if (companyId !== undefined) linkDeal(deal.seq, companyId);
  }

  for (const t of book.tickets) {
    const props: Record<string, string> = {
      subject: t.subject,
      hs_pipeline: '0',
      hs_pipeline_stage: ticketStageFor(t),
      hs_ticket_priority: t.priority.toUpperCase(),
      hubspot_owner_id: ownerOf(t.accountIndex),
      ...portal.ticketValues(t),
    };
    if (t.closedAt !== null) props.closed_date = iso(t.closedAt);
    const ticket = store.seedRecord('tickets', props, ms(t.createdAt), ms(t.modifiedAt));
    const companyId = companyIds[t.accountIndex];
    if (companyId !== undefined) linkTicket(ticket.seq, companyId);
  }
  return store;
}
