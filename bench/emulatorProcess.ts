import { startHubSpotEmulator, type HubSpotEmulator } from '../emulators/hubspot/startHubSpotEmulator.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../emulators/salesforce/startSalesforceEmulator.js';
import { emulatorCredentials } from '../emulators/serveEmulators.js';
import { generateBook } from '../emulators/book/generateBook.js';
import type { Book } from '../emulators/book/bookTypes.js';
import type { BenchCrm, EmulatorInfo, EmulatorReply, EmulatorRequest } from './emulatorProtocol.js';

/**
 * One CRM emulator in a process of its own (forked by the bench with an IPC channel), so the
 * engine's peak RSS is measured without the emulator's gigabytes. The bench asks it, over IPC,
 * for the calls it answered (counted here, not by the client), to reset them, and to change a
 * share of the records as a person would.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const crm = args.get('crm') as BenchCrm;
const accounts = Number(args.get('accounts') ?? 10_000);
const requestsPer10s = Number(args.get('requests-per-10s') ?? 100);

const book = generateBook({ accounts, seed: Number(args.get('seed') ?? 42) });
const emulator = crm === 'salesforce' ? await startSalesforceEmulator({ book, ...emulatorCredentials.salesforce }) : await startHubSpotEmulator({ book, ...emulatorCredentials.hubspot, requestsPer10s });

const info: EmulatorInfo = {
  crm,
  url: emulator.url,
  records: { owners: book.users.length, accounts: book.accounts.length, opportunities: book.opportunities.length, tickets: book.tickets.length },
};
process.send!({ ready: info });

process.on('message', (message: EmulatorRequest) => {
  let reply: EmulatorReply;
  try {
    reply = { id: message.id, ok: true, result: handle(message) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: (error as Error).stack ?? String(error) };
  }
  process.send!(reply);
  if (message.op === 'close') void emulator.close().then(() => process.exit(0));
});
process.on('disconnect', () => void emulator.close().then(() => process.exit(0)));

function handle(message: EmulatorRequest): unknown {
  switch (message.op) {
    case 'counts':
      return { total: emulator.totalCalls(), byEndpoint: emulator.callCounts() };
    case 'reset':
      emulator.resetCallCounts();
      return null;
    case 'cpu': {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    }
    case 'change':
      return crm === 'salesforce' ? changeSalesforce(emulator as SalesforceEmulator, book, message.every) : changeHubSpot(emulator as HubSpotEmulator, book, message.every);
    case 'sampleIds': {
      const every = Math.max(1, Math.floor(book.accounts.length / message.count));
      const ids: string[] = [];
      for (const i of picked(book.accounts.length, every)) {
        if (ids.length === message.count) break;
        ids.push(crm === 'salesforce' ? (emulator as SalesforceEmulator).store.idOf('Account', i) : (emulator as HubSpotEmulator).store.table('companies').records[i]!.id);
      }
      return ids;
    }
    case 'close':
      return null;
  }
}

/** Edits one record in `every` of each object, a real value change (so the stamp moves and the content differs). */
function changeSalesforce(sf: SalesforceEmulator, book: Book, every: number): Record<string, number> {
  const changed = { accounts: 0, opportunities: 0, tickets: 0 };
  for (const a of picked(book.accounts.length, every)) {
    const id = sf.store.idOf('Account', a);
    sf.store.update('Account', id, { AnnualRevenue: Number(sf.store.get('Account', id)!.AnnualRevenue ?? 0) + 1000 });
    changed.accounts++;
  }
  for (const o of picked(book.opportunities.length, every)) {
    const id = sf.store.idOf('Opportunity', o);
    sf.store.update('Opportunity', id, { Amount: Number(sf.store.get('Opportunity', id)!.Amount ?? 0) + 100 });
    changed.opportunities++;
  }
  for (const t of picked(book.tickets.length, every)) {
    const id = sf.store.idOf('Case', t);
    sf.store.update('Case', id, { Subject: `${String(sf.store.get('Case', id)!.Subject ?? '')} (updated)` });
    changed.tickets++;
  }
  return changed;
}

function changeHubSpot(hs: HubSpotEmulator, book: Book, every: number): Record<string, number> {
  const changed = { accounts: 0, opportunities: 0, tickets: 0 };
  const edit = (type: 'companies' | 'deals' | 'tickets', count: number, property: string, next: (value: string | undefined) => string): number => {
    const records = hs.store.table(type).records;
    let n = 0;
    for (const i of picked(count, every)) {
      const record = records[i]!;
      hs.store.update(type, record.id, { [property]: next(record.props[property]) });
      n++;
    }
    return n;
  };
  changed.accounts = edit('companies', book.accounts.length, 'annualrevenue', (v) => String(Number(v ?? 0) + 1000));
  changed.opportunities = edit('deals', book.opportunities.length, 'amount', (v) => String(Number(v ?? 0) + 100));
  changed.tickets = edit('tickets', book.tickets.length, 'subject', (v) => `${v ?? ''} (updated)`);
  return changed;
}

/** Indexes 0..count-1 spread evenly, one in `every` (the middle one of each run of `every`). */
function* picked(count: number, every: number): Generator<number> {
  for (let i = Math.floor(every / 2); i < count; i += every) yield i;
}
