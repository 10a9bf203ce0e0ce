import { Connection } from 'jsforce';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
} from '../../../emulators/salesforce/startSalesforceEmulator.js';
import type { Book, BookAccount, BookOpportunity, BookTicket, BookUser } from '../../../emulators/book/bookTypes.js';

export const API_VERSION = '62.0';
export const AS_OF = '2025-03-01T00:00:00.000Z';
const DAY = 86_400_000;
const at = (daysBeforeAsOf: number): string => new Date(Date.parse(AS_OF) - daysBeforeAsOf * DAY).toISOString();

/**
 * A hand-made book with exact values: 3 users (the third inactive), N accounts, 2 opportunities
 * and 2 tickets per account. Account i is modified i days after the oldest; opportunity 2i is a
 * won renewal, 2i+1 an open expansion; ticket 2i is closed with CSAT 4, 2i+1 an open Urgent one.
 */
export function smallBook(accounts = 25): Book {
  const users: BookUser[] = [
    { index: 0, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', isActive: true },
    { index: 1, firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', isActive: true },
    { index: 2, firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com', isActive: false },
  ];
  const bookAccounts: BookAccount[] = [];
  const opportunities: BookOpportunity[] = [];
  const tickets: BookTicket[] = [];
  for (let i = 0; i < accounts; i++) {
    bookAccounts.push({
      index: i,
      name: `Account ${String(i).padStart(3, '0')}`,
      ownerIndex: i % 3,
      segment: (['SMB', 'Mid-Market', 'Enterprise'] as const)[i % 3] ?? 'SMB',
      industry: i % 2 === 0 ? 'Technology' : 'Finance',
      employees: 10 + i,
      arr: 1000 * (i + 1),
      renewalDate: i % 2 === 0 ? '2025-06-30' : '2025-09-30',
      lastActivityAt: i % 4 === 0 ? null : at(i),
      usageScore: i % 5 === 0 ? null : 50 + i,
      nps: i % 2 === 0 ? 30 : null,
      createdAt: at(400),
      modifiedAt: at(100 - i),
    });
    const base = { accountIndex: i, createdAt: at(300), modifiedAt: at(90 - i) };
    opportunities.push(
      { ...base, index: 2 * i, name: `Renewal ${i}`, kind: 'renewal', stage: 'Closed Won', isClosed: true, isWon: true, amount: 1000 * (i + 1), closeDate: '2024-06-30', probability: 100 },
      { ...base, index: 2 * i + 1, name: `Expansion ${i}`, kind: 'expansion', stage: 'Value Proposition', isClosed: false, isWon: false, amount: 500, closeDate: '2025-05-15', probability: 50 },
    );
    const ticketBase = { accountIndex: i, createdAt: at(60), modifiedAt: at(30), subject: `Issue ${i}` };
    tickets.push(
      { ...ticketBase, index: 2 * i, priority: 'High', status: 'Closed', isClosed: true, isEscalated: false, closedAt: at(40), csat: 4 },
      { ...ticketBase, index: 2 * i + 1, priority: 'Urgent', status: 'Working', isClosed: false, isEscalated: true, closedAt: null, csat: null },
    );
  }
  return { seed: 1, asOf: AS_OF, users, accounts: bookAccounts, opportunities, tickets };
}

export async function startOrg(options: Partial<SalesforceEmulatorOptions> = {}): Promise<SalesforceEmulator> {
  return startSalesforceEmulator({ book: smallBook(), ...options });
}

/**
 * A jsforce connection on the client-credentials flow. jsforce's own refresh needs a refresh
 * token, so a custom refreshFn asks for a new client-credentials token on a 401.
 */
export async function clientCredentialsConnection(emulator: SalesforceEmulator): Promise<Connection> {
  const { clientId, clientSecret } = emulator.credentials;
  const conn = new Connection({
    version: API_VERSION,
    oauth2: { loginUrl: emulator.url, clientId, clientSecret },
    refreshFn: (c, callback) => {
      c.oauth2
        .requestToken({ grant_type: 'client_credentials' })
        .then((r) => callback(null, r.access_token, r))
        .catch((e: unknown) => callback(e as Error));
    },
  });
  await conn.authorize({ grant_type: 'client_credentials' });
  return conn;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: PromiseLike<unknown>): Promise<Error & { errorCode?: string; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { errorCode?: string };
  }
  throw new Error('expected the call to fail');
}
