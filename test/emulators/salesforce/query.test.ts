import type { Connection } from 'jsforce';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { clientCredentialsConnection, rejectionOf, smallBook, startOrg } from './fixture.js';

type Row = Record<string, unknown>;

describe('Salesforce emulator: SOQL through jsforce', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;
  beforeEach(async () => {
    emulator = await startOrg();
    conn = await clientCredentialsConnection(emulator);
  });
  afterEach(async () => {
    await emulator.close();
  });

  const rows = async (soql: string): Promise<Row[]> => (await conn.query<Row>(soql, { autoFetch: true, maxFetch: 100_000 })).records;
  const names = async (soql: string): Promise<string[]> => (await rows(soql)).map((r) => String(r.Name));

  it('filters with =, IN, NOT IN, LIKE (case-insensitive), null and booleans', async () => {
    expect(await names("SELECT Name FROM Account WHERE Segment__c = 'Enterprise' ORDER BY Name DESC LIMIT 3")).toEqual([
      'Account 023', 'Account 020', 'Account 017',
    ]);
    expect(await rows("SELECT Id FROM Account WHERE Segment__c IN ('SMB', 'Enterprise')")).toHaveLength(17);
    expect(await rows("SELECT Id FROM Account WHERE Segment__c NOT IN ('SMB', 'Enterprise')")).toHaveLength(8);
    expect(await rows("SELECT Id FROM Account WHERE Name LIKE 'account 01%'")).toHaveLength(10);
    expect(await rows("SELECT Id FROM Account WHERE Name LIKE 'Account 00_'")).toHaveLength(10);
    expect(await rows('SELECT Id FROM Account WHERE Usage_Score__c = null')).toHaveLength(5);
    expect(await rows('SELECT Id FROM Account WHERE Usage_Score__c != null AND Usage_Score__c >= 70')).toHaveLength(4);
    expect(await rows('SELECT Id FROM Opportunity WHERE IsWon = true AND IsClosed = TRUE')).toHaveLength(25);
    expect(await rows("SELECT Id FROM Account WHERE segment__c = 'enterprise'")).toHaveLength(8);
  });

  it('combines conditions with AND, OR, NOT and parentheses, and refuses AND/OR mixed without them', async () => {
    const soql = "SELECT Id FROM Account WHERE (Segment__c = 'SMB' OR Segment__c = 'Enterprise') AND NOT Name = 'Account 000'";
    expect(await rows(soql)).toHaveLength(16);
    const error = await rejectionOf(conn.query("SELECT Id FROM Account WHERE Segment__c = 'SMB' OR Segment__c = 'Enterprise' AND Name = 'x'"));
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain("unexpected token: 'AND'");
  });

  it('compares date and datetime literals in every accepted form', async () => {
    expect(await rows('SELECT Id FROM Account WHERE Renewal_Date__c = 2025-06-30')).toHaveLength(13);
    expect(await rows('SELECT Id FROM Account WHERE Renewal_Date__c > 2025-07-01')).toHaveLength(12);
    for (const literal of ['2024-12-10T00:00:00Z', '2024-12-10T00:00:00.000Z', '2024-12-10T00:00:00+00:00', '2024-12-10T01:00:00.000+0100']) {
      expect(await names(`SELECT Name FROM Account WHERE SystemModstamp > ${literal} ORDER BY SystemModstamp ASC, Id ASC`)).toEqual([
        'Account 020', 'Account 021', 'Account 022', 'Account 023', 'Account 024',
      ]);
    }
    emulator.store.clock.pin('2025-03-01T12:00:00Z');
    expect(await rows('SELECT Id FROM Account WHERE LastActivityDate = LAST_N_DAYS:3')).toHaveLength(3);
    expect(await rows('SELECT Id FROM Case WHERE ClosedDate < LAST_N_DAYS:30')).toHaveLength(25);
  });

  it('orders by several fields with NULLS LAST, applies LIMIT and OFFSET, and counts', async () => {
    const ordered = await rows('SELECT Name, Usage_Score__c FROM Account ORDER BY Usage_Score__c DESC NULLS LAST, Name ASC');
    expect(ordered[0]).toMatchObject({ Name: 'Account 024', Usage_Score__c: 74 });
    expect(ordered.slice(-5).map((r) => r.Usage_Score__c)).toEqual([null, null, null, null, null]);
    expect(ordered.slice(-5).map((r) => r.Name)).toEqual(['Account 000', 'Account 005', 'Account 010', 'Account 015', 'Account 020']);
    const nullsFirst = await rows('SELECT Name FROM Account ORDER BY Usage_Score__c');
    expect(nullsFirst[0]?.Name).toBe('Account 000');
    expect(await names('SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 3')).toEqual(['Account 003', 'Account 004']);
    const count = await conn.query('SELECT COUNT() FROM Case WHERE IsClosed = false');
    expect(count).toMatchObject({ totalSize: 25, done: true, records: [] });
  });

  it('returns records with attributes, canonical field names, +0000 datetimes and nested parents', async () => {
    const [opp] = await rows(
      "SELECT name, Amount, account.name, Account.Owner.Name, SystemModstamp FROM Opportunity WHERE Account.Segment__c = 'Enterprise' AND IsClosed = false ORDER BY Account.Name LIMIT 1",
    );
    expect(opp).toEqual({
      attributes: { type: 'Opportunity', url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Opportunity\/006\w{15}$/) },
      Name: 'Expansion 2',
      Amount: 500,
      Account: {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${emulator.store.idOf('Account', 2)}` },
        Name: 'Account 002',
        Owner: { attributes: { type: 'User', url: expect.stringContaining('/sobjects/User/005') }, Name: 'Alan Turing' },
      },
      SystemModstamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/),
    });
  });

  it('keeps SystemModstamp order exact across writes: changed rows move to the end, once', async () => {
    const before = await rows('SELECT Id FROM Account ORDER BY SystemModstamp, Id');
    emulator.store.update('Account', emulator.store.idOf('Account', 0), { Health_Band__c: 'red' });
    emulator.store.update('Account', emulator.store.idOf('Account', 7), { Health_Band__c: 'green' });
    emulator.store.update('Account', emulator.store.idOf('Account', 0), { Health_Band__c: 'yellow' });
    const after = await rows('SELECT Id, Health_Band__c FROM Account ORDER BY SystemModstamp ASC, Id ASC');
    expect(after).toHaveLength(25);
    expect(after.slice(-2).map((r) => r.Id)).toEqual([emulator.store.idOf('Account', 7), emulator.store.idOf('Account', 0)]);
    expect(after[24]?.Health_Band__c).toBe('yellow');
    expect(after.slice(0, 23).map((r) => r.Id)).toEqual(before.map((r) => r.Id).filter((id) => id !== after[23]?.Id && id !== after[24]?.Id));
    const newest = await rows('SELECT Id FROM Account ORDER BY SystemModstamp DESC, Id DESC LIMIT 2');
    expect(newest.map((r) => r.Id)).toEqual([emulator.store.idOf('Account', 0), emulator.store.idOf('Account', 7)]);
    const stamp = String((await rows(`SELECT SystemModstamp FROM Account WHERE Id = '${emulator.store.idOf('Account', 7)}'`))[0]?.SystemModstamp);
    const since = await rows(`SELECT Id FROM Account WHERE SystemModstamp >= ${stamp} ORDER BY SystemModstamp`);
    expect(since).toHaveLength(2);
  });

  it('reads string literals with escapes', async () => {
    emulator.store.insert('Account', { Name: "O'Brien \\ Sons" });
    expect(await names("SELECT Name FROM Account WHERE Name = 'O\\'Brien \\\\ Sons'")).toEqual(["O'Brien \\ Sons"]);
  });

  it('reports MALFORMED_QUERY, INVALID_FIELD and INVALID_TYPE with the caret block', async () => {
    const field = await rejectionOf(conn.query('SELECT Foo FROM Account'));
    expect(field.errorCode).toBe('INVALID_FIELD');
    expect(field.message).toBe(
      "\nSELECT Foo FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
    const type = await rejectionOf(conn.query('SELECT Id FROM Foo'));
    expect(type.errorCode).toBe('INVALID_TYPE');
    expect(type.message).toContain("ERROR at Row:1:Column:16\nsObject type 'Foo' is not supported.");
    const eof = await rejectionOf(conn.query('SELECT Id FROM Account WHERE'));
    expect(eof.errorCode).toBe('MALFORMED_QUERY');
    expect(eof.message).toContain("unexpected token: '<EOF>'");
    const alias = await rejectionOf(conn.query('SELECT Id FROMM Account'));
    expect(alias.message).toContain('only aggregate expressions use field aliasing');
    const relation = await rejectionOf(conn.query('SELECT Acount.Name FROM Opportunity'));
    expect(relation.message).toContain("Didn't understand relationship 'Acount' in field path.");
  });

  it('type-checks filter values as the API does', async () => {
    const quoted = await rejectionOf(conn.query("SELECT Id FROM Account WHERE SystemModstamp > '2024-01-01T00:00:00Z'"));
    expect(quoted.errorCode).toBe('INVALID_FIELD');
    expect(quoted.message).toContain("value of filter criterion for field 'SystemModstamp' must be of type dateTime and should not be enclosed in quotes");
    const dateForDatetime = await rejectionOf(conn.query('SELECT Id FROM Account WHERE CreatedDate > 2024-01-01'));
    expect(dateForDatetime.errorCode).toBe('INVALID_FIELD');
    const badId = await rejectionOf(conn.query("SELECT Id FROM Account WHERE Id = 'abc'"));
    expect(badId.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
    const longText = await rejectionOf(conn.query('SELECT Id FROM Account ORDER BY Health_Drivers__c'));
    expect(longText.message).toContain("field 'Health_Drivers__c' can not be sorted in a query call");
    const unquoted = await rejectionOf(conn.query('SELECT Id FROM Account WHERE Name = 5'));
    expect(unquoted.message).toContain('must be of type string and should be enclosed in quotes');
  });

  it('hides deleted rows from query and shows them to queryAll', async () => {
    const id = emulator.store.idOf('Account', 3);
    emulator.store.delete('Account', id);
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(24);
    expect((await conn.query('SELECT COUNT() FROM Opportunity')).totalSize).toBe(48);
    const all = await conn.query<Row>('SELECT Id, IsDeleted FROM Account WHERE IsDeleted = true', { scanAll: true });
    expect(all.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
    expect((await conn.query('SELECT Id FROM Account WHERE IsDeleted = true')).totalSize).toBe(0);
    const missing = await rejectionOf(conn.sobject('Account').retrieve(id));
    expect(missing.errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('runs semi-joins and aggregate functions', async () => {
    const soql = "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Case WHERE Priority = 'Urgent' AND Account.Segment__c = 'SMB')";
    expect(await rows(soql)).toHaveLength(9);
    const [agg] = await rows('SELECT COUNT(Id), MAX(Amount) biggest FROM Opportunity WHERE IsWon = true');
    expect(agg).toEqual({ attributes: { type: 'AggregateResult' }, expr0: 25, biggest: 25000 });
  });
});

describe('Salesforce emulator: query paging through jsforce', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;
  beforeAll(async () => {
    emulator = await startOrg({ book: smallBook(1100) });
    conn = await clientCredentialsConnection(emulator);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('pages by 2,000 by default and by the Sforce-Query-Options batch size, clamped to 200..2000', async () => {
    const first = await conn.query<Row>('SELECT Id FROM Opportunity');
    expect(first).toMatchObject({ totalSize: 2200, done: false });
    expect(first.records).toHaveLength(2000);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g\w{15}-2000$/);
    const rest = await conn.queryMore<Row>(first.nextRecordsUrl ?? '');
    expect(rest).toMatchObject({ totalSize: 2200, done: true });
    expect(rest.records).toHaveLength(200);

    const small = await conn.query<Row>('SELECT Id FROM Account', { headers: { 'Sforce-Query-Options': 'batchSize=50' } });
    expect(small.records).toHaveLength(200);
  });

  it('follows nextRecordsUrl to the end with autoFetch, in order, without duplicates', async () => {
    emulator.resetCallCounts();
    const result = await conn.query<Row>('SELECT Id, Name FROM Account ORDER BY Name DESC', {
      autoFetch: true,
      maxFetch: 100_000,
      headers: { 'Sforce-Query-Options': 'batchSize=250' },
    });
    expect(result.records).toHaveLength(1100);
    expect(new Set(result.records.map((r) => r.Id)).size).toBe(1100);
    // Text sorts as text: 'Account 999' comes after 'Account 1099'.
    expect(result.records[0]?.Name).toBe('Account 999');
    expect(result.records[1099]?.Name).toBe('Account 000');
    expect(emulator.callCounts()['GET /services/data/:version/query/:locator']).toBe(4);
  });

  it('pages queryAll too, and serves a page from a snapshot taken when the query ran', async () => {
    const first = await conn.query<Row>('SELECT Id, Name FROM Account ORDER BY Name', { scanAll: true, headers: { 'Sforce-Query-Options': 'batchSize=1000' } });
    emulator.store.update('Account', emulator.store.idOf('Account', 999), { Name: 'Renamed' });
    const rest = await conn.queryMore<Row>(first.nextRecordsUrl ?? '');
    expect(rest.records.map((r) => r.Name)).toContain('Account 999');
    expect(rest.records.map((r) => r.Name)).not.toContain('Renamed');
  });

  it('answers INVALID_QUERY_LOCATOR for an unknown locator', async () => {
    const error = await rejectionOf(conn.queryMore('01g5g0000000000ZZZAAA-2000'));
    expect(error.errorCode).toBe('INVALID_QUERY_LOCATOR');
  });
});
