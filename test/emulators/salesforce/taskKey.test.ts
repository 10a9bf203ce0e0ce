import type { Connection } from 'jsforce';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { API_VERSION, clientCredentialsConnection, rejectionOf, startOrg } from './fixture.js';

type Row = Record<string, unknown>;
interface RawResult {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
}

/** `Task.Vitals_Key__c` as the org defines it (`taskKeyField`), and the collection calls the task path makes. */
describe('Salesforce emulator: the task key field and task collections', () => {
  let emulator: SalesforceEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  const open = async (taskKeyField?: 'plain-text' | 'unique-external-id'): Promise<{ org: SalesforceEmulator; conn: Connection }> => {
    const org = await startOrg(taskKeyField ? { taskKeyField } : {});
    emulator = org;
    return { org, conn: await clientCredentialsConnection(org) };
  };
  const task = (org: SalesforceEmulator, key: string, i = 1): Row => ({ attributes: { type: 'Task' }, WhatId: org.store.idOf('Account', i), Subject: `Task ${key}`, Vitals_Key__c: key });
  const request = (conn: Connection, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
    conn.request({ method, url: `/services/data/v${API_VERSION}${path}`, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it('defines Vitals_Key__c as a plain Text(255) by default: no external id, no unique index, duplicates allowed', async () => {
    const { org, conn } = await open();
    const field = (await conn.sobject('Task').describe()).fields.find((f) => f.name === 'Vitals_Key__c');
    expect(field).toMatchObject({ type: 'string', length: 255, externalId: false, unique: false, idLookup: false, custom: true });
    const results = (await request(conn, 'POST', '/composite/sobjects', { allOrNone: false, records: [task(org, 'k1'), task(org, 'k1')] })) as RawResult[];
    expect(results.map((r) => r.success)).toEqual([true, true]);
  });

  it('refuses an upsert on the plain key: 404 NOT_FOUND for one record, 400 INVALID_FIELD for a collection, nothing written', async () => {
    const { org, conn } = await open('plain-text');
    const single = await rejectionOf(conn.sobject('Task').upsert({ Vitals_Key__c: 'k1', WhatId: org.store.idOf('Account', 1), Subject: 'x' }, 'Vitals_Key__c'));
    expect([single.errorCode, single.message]).toEqual(['NOT_FOUND', 'The requested resource does not exist']);
    const collection = await rejectionOf(conn.sobject('Task').upsert([{ Vitals_Key__c: 'k1', Subject: 'x' }, { Vitals_Key__c: 'k2', Subject: 'y' }], 'Vitals_Key__c'));
    expect([collection.errorCode, collection.message]).toEqual(['INVALID_FIELD', 'Field name provided, Vitals_Key__c is not an External ID or indexed field for Task']);
    const byKey = await rejectionOf(request(conn, 'GET', '/sobjects/Task/Vitals_Key__c/k1'));
    expect(byKey.errorCode).toBe('NOT_FOUND');
    expect(org.store.count('Task')).toBe(0);
  });

  it('with unique-external-id: upsert by key works, and a create with a held value gets DUPLICATE_VALUE per record', async () => {
    const { org, conn } = await open('unique-external-id');
    const field = (await conn.sobject('Task').describe()).fields.find((f) => f.name === 'Vitals_Key__c');
    expect(field).toMatchObject({ externalId: true, unique: true, idLookup: true });
    const upserted = (await conn.sobject('Task').upsert({ Vitals_Key__c: 'k1', WhatId: org.store.idOf('Account', 1), Subject: 'First' }, 'Vitals_Key__c')) as unknown as RawResult;
    expect(upserted.success).toBe(true);
    const results = (await request(conn, 'POST', '/composite/sobjects', { allOrNone: false, records: [task(org, 'k1'), task(org, 'k2'), task(org, 'K2')] })) as RawResult[];
    expect(results[0]).toEqual({
      success: false,
      errors: [{ statusCode: 'DUPLICATE_VALUE', message: `duplicate value found: Vitals_Key__c duplicates value on record with id: ${upserted.id}`, fields: [] }],
    });
    expect(results[1]?.success).toBe(true);
    // External-id values compare case-insensitively, inside one call too.
    expect(results[2]?.errors[0]?.statusCode).toBe('DUPLICATE_VALUE');
    expect(org.store.count('Task')).toBe(2);
  });

  it('creates up to 200 tasks in one POST /composite/sobjects with per-record results, and refuses 201', async () => {
    const { org, conn } = await open();
    const records = Array.from({ length: 200 }, (_, i) => task(org, `k${i}`, i % 25));
    records[7] = { ...records[7], Status: 'Bogus' };
    const results = (await request(conn, 'POST', '/composite/sobjects', { allOrNone: false, records })) as RawResult[];
    expect(results).toHaveLength(200);
    expect(results.filter((r) => r.success)).toHaveLength(199);
    expect(results[7]?.errors[0]?.statusCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    const tooMany = await rejectionOf(request(conn, 'POST', '/composite/sobjects', { allOrNone: false, records: [...records, task(org, 'k200')] }));
    expect([tooMany.errorCode, tooMany.message]).toEqual(['EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call']);
    expect(org.store.count('Task')).toBe(199);
  });

  it('updates tasks by Id through PATCH /composite/sobjects (up to 200) and deletes them with ?ids= (up to 200)', async () => {
    const { org, conn } = await open();
    const created = (await request(conn, 'POST', '/composite/sobjects', { allOrNone: false, records: Array.from({ length: 200 }, (_, i) => task(org, `k${i}`, i % 25)) })) as RawResult[];
    const ids = created.map((r) => r.id ?? '');
    const updates = ids.map((id) => ({ attributes: { type: 'Task' }, id, Status: 'Completed' }));
    const updated = (await request(conn, 'PATCH', '/composite/sobjects', { allOrNone: false, records: updates })) as RawResult[];
    expect(updated.every((r) => r.success)).toBe(true);
    const tooManyUpdates = await rejectionOf(request(conn, 'PATCH', '/composite/sobjects', { allOrNone: false, records: [...updates, updates[0]] }));
    expect(tooManyUpdates.errorCode).toBe('EXCEEDED_ID_LIMIT');

    const tooManyDeletes = await rejectionOf(request(conn, 'DELETE', `/composite/sobjects?ids=${[...ids, ids[0]].join(',')}&allOrNone=false`));
    expect(tooManyDeletes.errorCode).toBe('EXCEEDED_ID_LIMIT');
    const deleted = (await request(conn, 'DELETE', `/composite/sobjects?ids=${[...ids.slice(0, 199), '00T000000000000AAA'].join(',')}&allOrNone=false`)) as RawResult[];
    expect(deleted.slice(0, 199).every((r) => r.success)).toBe(true);
    expect(deleted[199]?.success).toBe(false);
    expect(org.store.count('Task')).toBe(1);
  });

  it('queries tasks by a plain key with WHERE Vitals_Key__c IN (...) and returns CreatedDate', async () => {
    const { org, conn } = await open();
    await request(conn, 'POST', '/composite/sobjects', { allOrNone: false, records: [task(org, 'k1'), task(org, 'k2'), task(org, 'k3')] });
    const found = await conn.query<Row>("SELECT Id, Vitals_Key__c, CreatedDate, Status FROM Task WHERE Vitals_Key__c IN ('k1', 'k3', 'nope') ORDER BY Vitals_Key__c");
    expect(found.records.map((r) => r.Vitals_Key__c)).toEqual(['k1', 'k3']);
    expect(found.records[0]?.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  });
});
