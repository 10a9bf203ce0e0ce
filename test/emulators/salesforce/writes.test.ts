import type { Connection } from 'jsforce';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { clientCredentialsConnection, rejectionOf, startOrg } from './fixture.js';

type Row = Record<string, unknown>;
interface RawResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
}

describe('Salesforce emulator: describe and writes through jsforce', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;
  beforeEach(async () => {
    // The upsert tests need an org whose task key is an External ID.
    emulator = await startOrg({ taskKeyField: 'unique-external-id' });
    conn = await clientCredentialsConnection(emulator);
  });
  afterEach(async () => {
    await emulator.close();
  });

  const account = (i: number): string => emulator.store.idOf('Account', i);
  const raw = (results: unknown): RawResult[] => results as RawResult[];

  it('describes the objects and the score fields the engine maps', async () => {
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => [s.name, s.keyPrefix])).toEqual(
      expect.arrayContaining([['Account', '001'], ['Opportunity', '006'], ['Case', '500'], ['Task', '00T'], ['User', '005']]),
    );
    const accountDescribe = await conn.sobject('Account').describe();
    const field = (name: string): Row | undefined => accountDescribe.fields.find((f) => f.name === name) as Row | undefined;
    expect(field('Health_Score__c')).toMatchObject({ type: 'double', precision: 3, scale: 0, custom: true, updateable: true, createable: true, nillable: true });
    expect(field('Health_Band__c')).toMatchObject({ type: 'string', custom: true, updateable: true });
    expect(field('Churn_Risk__c')).toMatchObject({ type: 'percent', custom: true });
    expect(field('Health_Trend__c')).toMatchObject({ type: 'string' });
    expect(field('Health_Drivers__c')).toMatchObject({ type: 'textarea', length: 32768, filterable: false, sortable: false });
    expect(field('Health_Scored_At__c')).toMatchObject({ type: 'datetime', soapType: 'xsd:dateTime' });
    expect(field('Segment__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    expect((field('Segment__c')?.picklistValues as Row[]).map((p) => p.value)).toEqual(['SMB', 'Mid-Market', 'Enterprise']);
    expect(field('Usage_Score__c')).toMatchObject({ type: 'double' });
    expect(field('NPS__c')).toMatchObject({ type: 'double' });
    expect(field('SystemModstamp')).toMatchObject({ updateable: false, createable: false, custom: false });
    expect(field('Name')).toMatchObject({ nillable: false, custom: false, nameField: true });

    const task = await conn.sobject('Task').describe();
    expect(task.fields.find((f) => f.name === 'Vitals_Key__c')).toMatchObject({ type: 'string', externalId: true, unique: true, idLookup: true });
    const opportunity = await conn.sobject('Opportunity').describe();
    expect(opportunity.fields.find((f) => f.name === 'IsWon')).toMatchObject({ updateable: false, createable: false });
    const types = opportunity.fields.find((f) => f.name === 'Type')?.picklistValues?.map((p) => p.value);
    expect(types).toContain('Renewal');
    expect((await rejectionOf(conn.sobject('Widget__c').describe())).errorCode).toBe('NOT_FOUND');
  });

  it('creates, reads, updates and deletes a Task, deriving the read-only fields', async () => {
    const created = await conn.sobject('Task').create({ WhatId: account(4), Subject: 'Renewal at risk', ActivityDate: '2025-03-10', Priority: 'High' });
    expect(created).toMatchObject({ success: true, errors: [] });
    expect(created.id).toMatch(/^00T\w{15}$/);
    const task = (await conn.sobject('Task').retrieve(created.id ?? '')) as Row;
    expect(task).toMatchObject({ Status: 'Not Started', IsClosed: false, IsHighPriority: true, AccountId: account(4), OwnerId: emulator.store.apiUserId, TaskSubtype: 'Task' });

    await conn.sobject('Task').update({ Id: created.id ?? '', Status: 'Completed' });
    const done = (await conn.sobject('Task').retrieve(created.id ?? '')) as Row;
    expect(done).toMatchObject({ IsClosed: true, CompletedDateTime: expect.stringMatching(/\+0000$/) });
    expect(Date.parse(String(done.SystemModstamp).replace('+0000', 'Z'))).toBeGreaterThan(Date.parse(String(task.SystemModstamp).replace('+0000', 'Z')));

    await conn.sobject('Task').destroy(created.id ?? '');
    expect((await rejectionOf(conn.sobject('Task').retrieve(created.id ?? ''))).errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('reports single-record problems as top-level errors', async () => {
    const missingName = await rejectionOf(conn.sobject('Account').create({ Industry: 'Energy' }));
    expect(missingName.errorCode).toBe('REQUIRED_FIELD_MISSING');
    const readOnly = await rejectionOf(conn.sobject('Opportunity').update({ Id: emulator.store.idOf('Opportunity', 1), IsClosed: true }));
    expect(readOnly.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    const unknown = await rejectionOf(conn.sobject('Account').update({ Id: account(1), Healt_Score__c: 5 }));
    expect([unknown.errorCode, unknown.message]).toEqual(['INVALID_FIELD', "No such column 'Healt_Score__c' on sobject of type Account"]);
    const missing = await rejectionOf(conn.sobject('Account').update({ Id: '0015g0000000ZZZZZZ', Name: 'x' }));
    expect(missing.errorCode).toBe('NOT_FOUND');
    const badNumber = await rejectionOf(conn.sobject('Account').update({ Id: account(1), Health_Score__c: 'high' }));
    expect(badNumber.errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('derives IsClosed, IsWon and the stage probability when an opportunity changes stage', async () => {
    const id = emulator.store.idOf('Opportunity', 1);
    await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Lost' });
    expect(await conn.sobject('Opportunity').retrieve(id)).toMatchObject({ IsClosed: true, IsWon: false, Probability: 0, ForecastCategory: 'Omitted' });
  });

  it('upserts by external id: the second upsert updates the record the first created', async () => {
    const one = (await conn.sobject('Task').upsert({ Vitals_Key__c: 'renewal-risk:a1:1', WhatId: account(1), Subject: 'First' }, 'Vitals_Key__c')) as unknown as RawResult;
    expect(one).toMatchObject({ success: true, created: true });
    const again = (await conn.sobject('Task').upsert({ Vitals_Key__c: 'renewal-risk:a1:1', Subject: 'Second' }, 'Vitals_Key__c')) as unknown as RawResult;
    expect(again).toMatchObject({ id: one.id, success: true, created: false });
    const tasks = await conn.query<Row>("SELECT Id, Subject FROM Task WHERE Vitals_Key__c = 'renewal-risk:a1:1'");
    expect(tasks.records).toEqual([expect.objectContaining({ Id: one.id, Subject: 'Second' })]);
  });

  it('upserts collections by external id, reporting created per record and duplicates in one call', async () => {
    const records = [0, 1, 2].map((i) => ({ Vitals_Key__c: `k${i}`, WhatId: account(i), Subject: `Task ${i}` }));
    const firstRound = raw(await conn.sobject('Task').upsert(records, 'Vitals_Key__c'));
    expect(firstRound.map((r) => r.created)).toEqual([true, true, true]);
    const secondRound = raw(await conn.sobject('Task').upsert([...records.slice(0, 2), { Vitals_Key__c: 'k9', Subject: 'x' }, { Vitals_Key__c: 'K9', Subject: 'y' }], 'Vitals_Key__c'));
    expect(secondRound.map((r) => r.created)).toEqual([false, false, undefined, undefined]);
    expect(secondRound[2]?.errors[0]?.statusCode).toBe('DUPLICATE_EXTERNAL_ID');
    expect(emulator.store.count('Task')).toBe(3);
  });

  it('refuses collections of more than 200 records with EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ Id: account(i % 25), Health_Score__c: 50 }));
    const error = await rejectionOf(conn.sobject('Account').update(records));
    expect(error.errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(error.message).toBe('record limit reached. cannot submit more than 200 records into this call');
  });

  it('returns per-record results in input order when allOrNone is false', async () => {
    emulator.store.delete('Account', account(5));
    const results = raw(
      await conn.sobject('Account').update([
        { Id: account(1), Health_Score__c: 72.4, Health_Band__c: 'yellow', Churn_Risk__c: 37.5, Health_Scored_At__c: '2025-03-01T06:00:00Z' },
        { Id: account(2), Health_Score__c: 1000 },
        { Id: account(5), Health_Score__c: 10 },
        { Id: '001xx', Health_Score__c: 10 },
        { Id: account(3), Segment__c: 'Huge' },
        { Id: account(4), Health_Band__c: 'x'.repeat(21) },
        { Id: emulator.store.idOf('Opportunity', 0), Health_Score__c: 10 },
      ]),
    );
    expect(results[0]).toEqual({ id: account(1), success: true, errors: [] });
    expect(results.slice(1).map((r) => [r.success, r.errors[0]?.statusCode, r.errors[0]?.fields])).toEqual([
      [false, 'NUMBER_OUTSIDE_VALID_RANGE', ['Health_Score__c']],
      [false, 'ENTITY_IS_DELETED', []],
      [false, 'MALFORMED_ID', ['Id']],
      [false, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', ['Segment__c']],
      [false, 'STRING_TOO_LONG', ['Health_Band__c']],
      [false, 'MALFORMED_ID', ['Id']],
    ]);
    expect(results[1]?.errors[0]?.message).toBe('Health Score: value outside of valid range on numeric field: 1000');
    expect(emulator.store.get('Account', account(1))).toMatchObject({
      Health_Score__c: 72,
      Churn_Risk__c: 37.5,
      Health_Scored_At__c: '2025-03-01T06:00:00.000+0000',
      LastModifiedById: emulator.store.apiUserId,
    });
  });

  it('rolls everything back when allOrNone is true and one record fails', async () => {
    const before = emulator.store.get('Account', account(1));
    const results = raw(
      await conn.sobject('Account').update([{ Id: account(1), Health_Score__c: 50 }, { Id: account(2), Health_Score__c: 5000 }], { allOrNone: true }),
    );
    expect(results[0]).toEqual({
      id: account(1),
      success: false,
      errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }],
    });
    expect(results[1]?.errors[0]?.statusCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    expect(emulator.store.get('Account', account(1))).toEqual(before);
  });

  it('fails the whole collection call on an unknown field or an unreadable value', async () => {
    const unknown = await rejectionOf(conn.sobject('Account').update([{ Id: account(1), Health_Score__c: 1 }, { Id: account(2), Bogus__c: 1 }]));
    expect(unknown.errorCode).toBe('INVALID_FIELD');
    const unreadable = await rejectionOf(conn.sobject('Account').update([{ Id: account(1), Health_Score__c: 'abc' }]));
    expect(unreadable.errorCode).toBe('JSON_PARSER_ERROR');
    expect(unreadable.message).toContain('Cannot deserialize instance of double from VALUE_STRING value abc');
    expect(emulator.store.get('Account', account(1))?.Health_Score__c).toBeNull();
  });

  it('stamps every write with a strictly increasing SystemModstamp, shared within one call', async () => {
    emulator.store.clock.pin('2025-03-02T00:00:00Z');
    await conn.sobject('Account').update([{ Id: account(1), Health_Score__c: 1 }, { Id: account(2), Health_Score__c: 2 }]);
    await conn.sobject('Account').update({ Id: account(3), Health_Score__c: 3 });
    emulator.store.update('Account', account(4), { Name: 'Edited by a person' });
    const stamps = [1, 2, 3, 4].map((i) => emulator.store.get('Account', account(i))?.SystemModstamp);
    expect(stamps).toEqual(['2025-03-02T00:00:00.000+0000', '2025-03-02T00:00:00.000+0000', '2025-03-02T00:00:00.001+0000', '2025-03-02T00:00:00.002+0000']);
    expect(emulator.store.get('Account', account(4))?.LastModifiedById).toBe(emulator.store.idOf('User', 0));
    const changed = await conn.query<Row>('SELECT Id FROM Account WHERE SystemModstamp > 2025-03-02T00:00:00Z ORDER BY SystemModstamp, Id');
    expect(changed.records.map((r) => r.Id)).toEqual([account(3), account(4)]);
  });

  it('queries polymorphic lookups through the Name pseudo-object', async () => {
    await conn.sobject('Task').create([
      { Subject: 'On account', WhatId: account(1) },
      { Subject: 'On case', WhatId: emulator.store.idOf('Case', 3) },
    ]);
    const tasks = await conn.query<Row>("SELECT Subject, What.Name, What.Type, Account.Name FROM Task WHERE What.Type IN ('Account', 'Case') ORDER BY Subject");
    expect(tasks.records.map((t) => [t.Subject, (t.What as Row).Name, (t.What as Row).Type, (t.Account as Row).Name])).toEqual([
      ['On account', 'Account 001', 'Account', 'Account 001'],
      ['On case', '00001004', 'Case', 'Account 001'],
    ]);
    expect((tasks.records[0]?.What as Row).attributes).toEqual({ type: 'Name', url: `/services/data/v62.0/sobjects/Account/${account(1)}` });
  });

  it('lists updated and deleted ids for replication, in whole minutes up to the current one', async () => {
    emulator.store.clock.pin('2025-03-05T10:00:10Z');
    emulator.store.update('Account', account(2), { Health_Band__c: 'green' });
    emulator.store.delete('Account', account(3));
    const [start, end] = ['2025-03-05T10:00:00Z', '2025-03-05T10:05:00Z'];
    expect((await conn.sobject('Account').updated(start, end)).ids).toEqual([]);
    emulator.store.clock.advance(120_000);
    const updated = await conn.sobject('Account').updated(start, end);
    expect(updated).toEqual({ ids: [account(2)], latestDateCovered: '2025-03-05T10:02:00.000+0000' });
    const deleted = await conn.sobject('Account').deleted(start, end);
    expect(deleted.deletedRecords).toEqual([{ id: account(3), deletedDate: '2025-03-05T10:00:10.001+0000' }]);
    const tooOld = await rejectionOf(conn.sobject('Account').updated('2025-01-01T00:00:00Z', end));
    expect(tooOld.errorCode).toBe('INVALID_REPLICATION_DATE');
  });

  it('retrieves several records in one call', async () => {
    const records = (await conn.sobject('Account').retrieve([account(1), account(2), '0015g000000ZZZZAAA'], { fields: ['Name', 'Segment__c'] })) as unknown as Array<Row | null>;
    expect(records.map((r) => r?.Name ?? null)).toEqual(['Account 001', 'Account 002', null]);
  });

  it('creates and deletes through collections', async () => {
    const created = raw(await conn.sobject('Task').create([{ Subject: 'a', WhatId: account(1) }, { Subject: 'b', WhatId: '003000000000000AAA' }]));
    expect(created[0]).toMatchObject({ success: true });
    expect(created[1]?.errors[0]?.statusCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const deleted = raw(await conn.sobject('Task').destroy([created[0]?.id ?? '', created[0]?.id ?? '']));
    expect(deleted.map((r) => [r.success, r.errors[0]?.statusCode])).toEqual([[true, undefined], [false, 'ENTITY_IS_DELETED']]);
  });
});
