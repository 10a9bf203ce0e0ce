import type { Connection } from 'jsforce';
import { generateBook } from '../../../emulators/book/generateBook.js';
import type { RunningEmulator } from '../../../emulators/emulatorKit.js';
import { salesforceKit } from '../../../emulators/salesforce/kit.js';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { clientCredentialsConnection, rejectionOf } from './fixture.js';

type Row = Record<string, unknown>;

const book = generateBook({ accounts: 30, seed: 5, asOf: '2025-03-01T00:00:00.000Z' });
// Replication windows are whole minutes up to the current one: the clock is pinned, then moved on.
const [WINDOW_START, WINDOW_END] = ['2025-03-05T10:00:00Z', '2025-03-05T10:05:00Z'];

describe('Salesforce emulator: records purged from the recycle bin', () => {
  let org: RunningEmulator<SalesforceEmulator>;
  let conn: Connection;
  beforeEach(async () => {
    // Pages of 50 records, so a query over opportunities leaves a locator open.
    org = await salesforceKit.start({ book, profile: 'test', smallPages: true });
    conn = await clientCredentialsConnection(org.native);
    org.native.store.clock.pin('2025-03-05T10:00:10Z');
  });
  afterEach(async () => {
    await org.close();
  });

  const store = () => org.native.store;
  const ids = (rows: Row[]): string[] => rows.map((r) => String(r.Id));
  const all = async (soql: string, scanAll = false): Promise<Row[]> => (await conn.query<Row>(soql, { scanAll, autoFetch: true, maxFetch: 100_000 })).records;
  const count = async (type: string, scanAll = false): Promise<number> => (await conn.query(`SELECT COUNT() FROM ${type}`, { scanAll })).totalSize;
  const childrenOf = (account: string, type: string): string[] => ids(store().query(`SELECT Id FROM ${type} WHERE AccountId = '${account}'`, { includeDeleted: true }));
  /** An account with opportunities and cases, and a task on it and on one of its opportunities. */
  const busyAccount = (): { account: string; opportunities: string[]; cases: string[]; tasks: string[] } => {
    const account = org.data.accountIds().find((id) => childrenOf(id, 'Opportunity').length > 0 && childrenOf(id, 'Case').length > 0);
    if (!account) throw new Error('the book has no account with both opportunities and cases');
    const opportunities = childrenOf(account, 'Opportunity');
    const tasks = [account, opportunities[0] as string].map((whatId) => store().insert('Task', { WhatId: whatId, Subject: 'Call' }));
    return { account, opportunities, cases: childrenOf(account, 'Case'), tasks };
  };

  it('empties an account from the recycle bin with its opportunities, cases and tasks: no query, queryAll, getDeleted or undelete finds them', async () => {
    const { account, opportunities, cases, tasks } = busyAccount();
    const before = { accounts: await count('Account', true), opportunities: await count('Opportunity', true), cases: await count('Case', true) };
    org.data.remove('accounts', account);
    store().clock.advance(120_000);
    expect((await conn.sobject('Account').deleted(WINDOW_START, WINDOW_END)).deletedRecords.map((r) => r.id)).toEqual([account]);
    expect(ids(await all(`SELECT Id FROM Opportunity WHERE AccountId = '${account}' AND IsDeleted = true`, true)).sort()).toEqual([...opportunities].sort());

    org.data.purge('accounts', account);

    expect(await all(`SELECT Id FROM Account WHERE Id = '${account}'`, true)).toEqual([]);
    expect(ids(await all('SELECT Id FROM Account', true))).not.toContain(account);
    const gone = [...opportunities, ...cases, ...tasks];
    for (const type of ['Opportunity', 'Case', 'Task']) {
      const left = ids(await all(`SELECT Id FROM ${type}`, true));
      expect(left.filter((id) => gone.includes(id))).toEqual([]);
    }
    conn.bulk2.pollInterval = 20;
    const bulk: Row[] = [];
    for await (const row of await conn.bulk2.query('SELECT Id FROM Opportunity', { scanAll: true })) bulk.push(row as Row);
    expect(bulk.length).toBe(before.opportunities - opportunities.length);
    expect(ids(bulk).filter((id) => opportunities.includes(id))).toEqual([]);
    expect((await conn.sobject('Account').deleted(WINDOW_START, WINDOW_END)).deletedRecords).toEqual([]);
    expect((await conn.sobject('Opportunity').deleted(WINDOW_START, WINDOW_END)).deletedRecords).toEqual([]);
    expect({ accounts: await count('Account', true), opportunities: await count('Opportunity', true), cases: await count('Case', true) }).toEqual({
      accounts: before.accounts - 1,
      opportunities: before.opportunities - opportunities.length,
      cases: before.cases - cases.length,
    });
    expect((await rejectionOf(conn.sobject('Account').retrieve(account))).errorCode).toBe('NOT_FOUND');
    expect(() => org.data.restoreAccount(account)).toThrow('Entity is not in the recycle bin');
    expect(org.data.records('accounts', 'Account', ['Name']).map((r) => r.record.id)).not.toContain(account);
    expect(org.data.records('opportunities', 'Opportunity', ['Name']).map((r) => r.record.id).filter((id) => opportunities.includes(id))).toEqual([]);
  });

  it('purges a live account too; COUNT drops, ids are not reused, and later records still read and write', async () => {
    const { account, opportunities } = busyAccount();
    const [accounts, opps] = [await count('Account'), await count('Opportunity')];
    const later = [...org.data.accountIds()].reverse().find((id) => childrenOf(id, 'Opportunity').length > 0) as string;
    org.data.purge('accounts', account);
    expect([await count('Account'), await count('Opportunity')]).toEqual([accounts - 1, opps - opportunities.length]);
    expect(ids(await all('SELECT Id FROM Account'))).toEqual(org.data.accountIds());

    // Rows past the purged ones sit lower in their table: lookups, updates and the modstamp index follow them.
    org.data.editAccount(later, { Name: 'Renamed after the purge' });
    expect((await conn.sobject('Account').retrieve(later)).Name).toBe('Renamed after the purge');
    const byStamp = ids(await all('SELECT Id FROM Account ORDER BY SystemModstamp DESC, Id DESC'));
    expect(byStamp[0]).toBe(later);
    expect(byStamp).toHaveLength(accounts - 1);
    expect(byStamp).not.toContain(account);
    const [opportunity] = await all(`SELECT Id, Account.Name FROM Opportunity WHERE AccountId = '${later}' LIMIT 1`);
    expect((opportunity?.Account as Row).Name).toBe('Renamed after the purge');

    // A new record takes the next id, never the purged one's nor a held one.
    const held = org.data.accountIds();
    const fresh = org.data.addAccount('New after the purge');
    expect([...held, account]).not.toContain(fresh);
    expect(org.data.accountIds()).toEqual([...held, fresh]);
    expect((await conn.sobject('Account').retrieve(fresh)).Name).toBe('New after the purge');
  });

  it('lets a query locator opened before a purge run on, without the purged rows', async () => {
    const first = await conn.query<Row>('SELECT Id, Name, Account.Name FROM Opportunity ORDER BY Id');
    expect(first.done).toBe(false);
    const seen = new Set(ids(first.records));
    // An account whose opportunities all lie on later pages.
    const account = org.data.accountIds().find((id) => childrenOf(id, 'Opportunity').length > 0 && childrenOf(id, 'Opportunity').every((o) => !seen.has(o)));
    if (!account) throw new Error('every account has an opportunity on the first page');
    const purged = childrenOf(account, 'Opportunity');
    org.data.purge('accounts', account);

    let page = first;
    const rest: Row[] = [];
    while (!page.done) {
      page = await conn.queryMore<Row>(page.nextRecordsUrl ?? '');
      rest.push(...page.records);
    }
    expect(ids(rest).filter((id) => purged.includes(id))).toEqual([]);
    expect(first.records.length + rest.length).toBe(first.totalSize - purged.length);
  });

  it('keeps a soft delete in the recycle bin: queryAll and getDeleted still see it, and undelete brings it back', async () => {
    const { account } = busyAccount();
    const ticket = childrenOf(account, 'Case')[0] as string;
    org.data.remove('tickets', ticket);
    org.data.remove('accounts', account);
    store().clock.advance(120_000);
    expect(ids(await all(`SELECT Id FROM Case WHERE Id = '${ticket}'`))).toEqual([]);
    expect(await all(`SELECT Id, IsDeleted FROM Case WHERE Id = '${ticket}'`, true)).toEqual([expect.objectContaining({ Id: ticket, IsDeleted: true })]);
    expect((await conn.sobject('Case').deleted(WINDOW_START, WINDOW_END)).deletedRecords.map((r) => r.id)).toContain(ticket);
    expect(org.data.records('accounts', 'Account', ['Name']).find((r) => r.record.id === account)?.deleted).toBe(true);
    org.data.restoreAccount(account);
    expect(ids(await all(`SELECT Id FROM Account WHERE Id = '${account}'`))).toEqual([account]);
  });

  it('refuses to purge users, ids it does not hold, and a record twice', () => {
    expect(() => org.data.purge('owners', store().idOf('User', 0))).toThrow('users cannot be deleted');
    const { account } = busyAccount();
    org.data.purge('accounts', account);
    expect(() => org.data.purge('accounts', account)).toThrow('invalid cross reference id');
  });
});
