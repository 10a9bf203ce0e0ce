import { Client } from '@hubspot/api-client';
import {
  startHubSpotEmulator,
  type HubSpotEmulator,
  type HubSpotEmulatorOptions,
} from '../../../emulators/hubspot/startHubSpotEmulator.js';
import type { Book, BookAccount, BookOpportunity, BookTicket, BookUser } from '../../../emulators/book/bookTypes.js';

export const AS_OF = '2025-03-01T00:00:00.000Z';
const DAY = 86_400_000;
const at = (daysBeforeAsOf: number): string => new Date(Date.parse(AS_OF) - daysBeforeAsOf * DAY).toISOString();

/**
 * A small hand-made book with exact, known values: 3 users (the third inactive), 25 accounts,
 * 2 deals and 2 tickets per account. Deal 0 of each account is a won renewal, deal 1 an open
 * expansion; ticket 0 is closed with CSAT, ticket 1 open.
 */
export function tinyBook(accounts = 25): Book {
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
      industry: i % 2 === 0 ? 'Computer Software' : 'Financial Services',
      employees: 10 + i,
      arr: 1000 * (i + 1),
      renewalDate: '2025-06-30',
      lastActivityAt: i % 4 === 0 ? null : at(i),
      usageScore: i % 5 === 0 ? null : 50 + i,
      nps: i % 2 === 0 ? 30 : null,
      createdAt: at(400),
      modifiedAt: at(100 - i),
    });
    opportunities.push(
      opportunity(opportunities.length, i, 'renewal', 'Closed Won', true, true, 100),
      opportunity(opportunities.length + 1, i, 'expansion', 'Value Proposition', false, false, 50),
    );
    tickets.push(ticket(tickets.length, i, 'High', 'Closed', true, 4), ticket(tickets.length + 1, i, 'Urgent', 'Working', false, null));
  }
  return { seed: 1, asOf: AS_OF, users, accounts: bookAccounts, opportunities, tickets };
}

function opportunity(index: number, accountIndex: number, kind: BookOpportunity['kind'], stage: string, isClosed: boolean, isWon: boolean, probability: number): BookOpportunity {
  return {
    index,
    accountIndex,
    name: `Deal ${index}`,
    kind,
    stage,
    isClosed,
    isWon,
    amount: 500 * (index + 1),
    closeDate: '2025-01-15',
    probability,
    createdAt: at(200),
    modifiedAt: at(50),
  };
}

function ticket(index: number, accountIndex: number, priority: BookTicket['priority'], status: string, isClosed: boolean, csat: number | null): BookTicket {
  return {
    index,
    accountIndex,
    subject: `Ticket ${index} printer on fire`,
    priority,
    status,
    isClosed,
    isEscalated: false,
    createdAt: at(30),
    closedAt: isClosed ? at(20) : null,
    csat,
    modifiedAt: at(10),
  };
}

export interface Harness {
  emulator: HubSpotEmulator;
  client: Client;
}

/**
 * Starts an emulator and a real SDK client against it. Client options are the same in every
 * test: the SDK keeps retry settings in a process-wide singleton, and no retries means no
 * hidden sleeps.
 */
export async function startHarness(options: Partial<HubSpotEmulatorOptions> = {}): Promise<Harness> {
  const emulator = await startHubSpotEmulator({ book: tinyBook(), ...options });
  return { emulator, client: clientFor(emulator) };
}

export function clientFor(emulator: HubSpotEmulator, accessToken = emulator.accessToken): Client {
  return new Client({ accessToken, basePath: emulator.url });
}

/** The ApiException the SDK throws for a non-2xx reply. */
export interface SdkError {
  code: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the SDK call to fail');
}

/** A raw call with the bearer token, for shapes the SDK's models would hide. */
export async function raw(emulator: HubSpotEmulator, method: string, path: string, body?: unknown, token = emulator.accessToken): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}
