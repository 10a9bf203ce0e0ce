import { makeId } from '../../../emulators/salesforce/ids.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import type { Connector, TaskUpsert } from '../../../src/contracts/connector.js';
import { useTempDir } from '../../support/tempDir.js';
import { smallBook } from '../../emulators/salesforce/fixture.js';
import { opener, orgConfig } from './fixture.js';

const COLLECTIONS = 'PATCH /services/data/:version/composite/sobjects';

describe('salesforce connector: writes to records no longer in the org', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let connector: Connector;
  beforeEach(async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(20) });
    connector = await opener()((await orgConfig(dir(), emulator)).connectors[0]!);
  });
  afterEach(async () => {
    await connector.close();
    await emulator.close();
  });

  const accountId = (i: number) => emulator.store.idOf('Account', i);
  // Well formed, of the Account prefix, and never held by the org (it numbers its 20 accounts densely).
  const neverThere = makeId('001', 900_000);

  it('fails a record in the recycle bin and an id the org does not hold alone, gone; the rest of the call is written', async () => {
    emulator.store.delete('Account', accountId(2));
    const results = await connector.writeFields([
      { object: 'Account', id: accountId(1), values: { Health_Score__c: 10 } },
      { object: 'Account', id: accountId(2), values: { Health_Score__c: 20 } },
      { object: 'Account', id: neverThere, values: { Health_Score__c: 30 } },
      { object: 'Account', id: accountId(3), values: { Health_Score__c: 40 } },
    ]);
    expect(results).toEqual([
      { ok: true, id: accountId(1), key: accountId(1) },
      { ok: false, key: accountId(2), errorCode: 'ENTITY_IS_DELETED', message: expect.stringMatching(/deleted/i), retriable: false, gone: true },
      { ok: false, key: neverThere, errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: expect.stringMatching(/invalid cross reference id/i), retriable: false, gone: true },
      { ok: true, id: accountId(3), key: accountId(3) },
    ]);
    expect(emulator.callCounts()[COLLECTIONS]).toBe(1);
    expect(emulator.store.get('Account', accountId(3))).toMatchObject({ Health_Score__c: 40 });
  });

  it('an update of a deleted task is gone; a create whose account is deleted is not (the error names WhatId)', async () => {
    const task = (i: number, crmId?: string): TaskUpsert => ({
      dedupeKey: `risk:${i}`,
      accountId: accountId(i),
      ownerId: null,
      subject: `Risk ${i}`,
      body: '',
      dueDate: '2025-03-20',
      priority: 'normal',
      status: 'open',
      ...(crmId ? { crmId } : {}),
    });
    const created = await connector.writeTasks([task(0), task(1)]);
    const ids = created.map((r) => (r.ok ? r.id : ''));
    emulator.store.delete('Task', ids[0]!);
    emulator.store.delete('Account', accountId(5));

    const results = await connector.writeTasks([{ ...task(0, ids[0]), status: 'completed' }, { ...task(1, ids[1]), status: 'completed' }, task(5)]);
    expect(results[0]).toMatchObject({ ok: false, key: 'risk:0', errorCode: 'ENTITY_IS_DELETED', gone: true });
    expect(results[1]).toMatchObject({ ok: true, id: ids[1], key: 'risk:1' });
    expect(results[2]).toMatchObject({ ok: false, key: 'risk:5', errorCode: 'ENTITY_IS_DELETED', message: expect.stringContaining('WhatId') });
    expect(results[2]).not.toHaveProperty('gone');
    expect(emulator.store.get('Task', ids[1]!)).toMatchObject({ Status: 'Completed' });
  });
});
