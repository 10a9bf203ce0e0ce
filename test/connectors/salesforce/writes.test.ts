import { startSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import type { Connector, TaskUpsert } from '../../../src/contracts/connector.js';
import { scoreFieldSpecs } from '../../../src/writeback/scoreFieldSpecs.js';
import { useTempDir } from '../../support/tempDir.js';
import { smallBook } from '../../emulators/salesforce/fixture.js';
import { opener, orgConfig } from './fixture.js';

const COLLECTIONS = 'PATCH /services/data/:version/composite/sobjects';
const CREATE = 'POST /services/data/:version/composite/sobjects';

describe('salesforce connector: field updates, tasks and fields', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let connector: Connector;
  beforeEach(async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(500) });
    const config = await orgConfig(dir(), emulator);
    connector = await opener()(config.connectors[0]!);
  });
  afterEach(async () => {
    await connector.close();
    await emulator.close();
  });

  const accountId = (i: number) => emulator.store.idOf('Account', i);

  it('one invalid record in a batch fails alone, with the org\'s code and message', async () => {
    emulator.store.delete('Account', accountId(2));
    const results = await connector.writeFields([
      { object: 'Account', id: accountId(1), values: { Health_Score__c: 10 } },
      { object: 'Account', id: accountId(2), values: { Health_Score__c: 20 } },
      { object: 'Account', id: accountId(3), values: { Health_Band__c: 'x'.repeat(30) } },
      { object: 'Account', id: accountId(4), values: { Health_Score__c: 40, Health_Drivers__c: null } },
    ]);
    expect(results).toEqual([
      { ok: true, id: accountId(1), key: accountId(1) },
      { ok: false, key: accountId(2), errorCode: 'ENTITY_IS_DELETED', message: expect.stringMatching(/deleted/i), retriable: false, gone: true },
      { ok: false, key: accountId(3), errorCode: 'STRING_TOO_LONG', message: expect.stringContaining('Health_Band__c'), retriable: false },
      { ok: true, id: accountId(4), key: accountId(4) },
    ]);
    expect(emulator.callCounts()[COLLECTIONS]).toBe(1);
    expect(emulator.store.get('Account', accountId(4))).toMatchObject({ Health_Score__c: 40 });
  });

  it('a request Salesforce refuses as a whole fails each of its records, and 5xx are retried', async () => {
    await connector.check();
    emulator.setFaults({ failNext: 2 });
    const ok = await connector.writeFields([{ object: 'Account', id: accountId(1), values: { Health_Score__c: 11 } }]);
    expect(ok).toEqual([{ ok: true, id: accountId(1), key: accountId(1) }]);
    expect(emulator.callCounts()[COLLECTIONS]).toBe(3);
    const refused = await connector.writeFields([
      { object: 'Account', id: accountId(1), values: { No_Such_Field__c: 1 } },
      { object: 'Account', id: accountId(2), values: { Health_Score__c: 1 } },
    ]);
    expect(refused.map((r) => (r.ok ? 'ok' : `${r.errorCode} ${r.retriable}`))).toEqual(['INVALID_FIELD false', 'INVALID_FIELD false']);
  });

  it('creates tasks through sObject Collections (sent once), closes them by id, and never upserts on a plain text key', async () => {
    const owner = emulator.store.idOf('User', 1);
    const tasks: TaskUpsert[] = [0, 1, 2].map((i) => ({
      dedupeKey: `renewal-at-risk:${accountId(i)}:2025-06`,
      accountId: accountId(i),
      ownerId: i === 2 ? null : owner,
      subject: `Renewal at risk: Account ${i}`,
      body: 'Health fell to red; renewal in 60 days.',
      dueDate: '2025-03-15',
      priority: 'high',
      status: 'open',
    }));
    const created = await connector.writeTasks(tasks);
    expect(created.map((r) => r.ok && r.id)).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
    expect(emulator.store.count('Task')).toBe(3);
    expect(emulator.callCounts()[CREATE]).toBe(1);

    // A create that fails on the way is not sent again (a lost answer would make a second task).
    emulator.setFaults({ failNext: 1 });
    const refused = await connector.writeTasks([{ ...tasks[0]!, dedupeKey: 'other-key' }]);
    expect(refused).toEqual([expect.objectContaining({ ok: false, retriable: true })]);
    expect(emulator.callCounts()[CREATE]).toBe(2);

    const ids = created.map((r) => (r.ok ? r.id : ''));
    const closed = await connector.writeTasks([{ ...tasks[0]!, crmId: ids[0], status: 'completed' }]);
    expect(closed).toEqual([expect.objectContaining({ ok: true, id: ids[0] })]);
    expect(emulator.callCounts()[COLLECTIONS]).toBe(1);
    expect(emulator.store.count('Task')).toBe(3);
    const [first] = emulator.store.query(`SELECT WhatId, OwnerId, Subject, ActivityDate, Priority, Status, Description, Vitals_Key__c FROM Task WHERE Vitals_Key__c = 'renewal-at-risk:${accountId(0)}:2025-06'`);
    expect(first).toMatchObject({
      WhatId: accountId(0),
      OwnerId: owner,
      Subject: 'Renewal at risk: Account 0',
      ActivityDate: '2025-03-15',
      Priority: 'High',
      Status: 'Completed',
      Description: 'Health fell to red; renewal in 60 days.',
    });
  });

  it('reads every task holding a key back, duplicates included, with a person\'s edits; deletes duplicates', async () => {
    const task = (i: number): TaskUpsert => ({
      dedupeKey: `stale-ticket:${accountId(i)}:1`,
      accountId: accountId(i),
      ownerId: null,
      subject: `Stale ticket ${i}`,
      body: '',
      dueDate: '2025-03-20',
      priority: 'normal',
      status: 'open',
    });
    const written = await connector.writeTasks([task(0), task(1), task(2), task(3), task(0)]);
    const ids = written.map((r) => (r.ok ? r.id : ''));
    emulator.store.update('Task', ids[1]!, { Status: 'In Progress' });
    emulator.store.update('Task', ids[2]!, { Status: 'Completed' });
    emulator.store.delete('Task', ids[3]!);
    const read = await connector.readTasks!([task(0), task(1), task(2), task(3), task(4)].map((t) => ({ key: t.dedupeKey, accountId: t.accountId })));
    const base = { dueDate: '2025-03-20', ownerId: emulator.store.apiUserId, createdAt: expect.any(String) };
    expect(read.sort((a, b) => a.key.localeCompare(b.key) || a.id.localeCompare(b.id))).toEqual(
      [
        { key: task(0).dedupeKey, id: ids[0], status: 'open', subject: 'Stale ticket 0', editedByPerson: false, ...base },
        { key: task(0).dedupeKey, id: ids[4], status: 'open', subject: 'Stale ticket 0', editedByPerson: false, ...base },
        { key: task(1).dedupeKey, id: ids[1], status: 'in-progress', subject: 'Stale ticket 1', editedByPerson: true, ...base },
        { key: task(2).dedupeKey, id: ids[2], status: 'completed', subject: 'Stale ticket 2', editedByPerson: true, ...base },
      ].sort((a, b) => a.key.localeCompare(b.key) || (a.id as string).localeCompare(b.id as string)),
    );
    const removed = await connector.archiveTasks!([ids[4]!, ids[3]!]);
    expect(removed.map((r) => r.ok)).toEqual([true, true]); // one already deleted counts as removed
    expect(emulator.store.count('Task')).toBe(3);
  });

  it('ensureFields reports present fields and exact instructions for the ones an admin must create', async () => {
    const config = await orgConfig(dir(), emulator);
    const specs = scoreFieldSpecs(config.connectors[0]!.mapping);
    const present = await connector.ensureFields(specs);
    expect(present.manual).toEqual([]);
    expect(present.present.map((f) => `${f.object}.${f.name}`)).toEqual([
      'Account.Health_Score__c', 'Account.Health_Band__c', 'Account.Churn_Risk__c', 'Account.Health_Trend__c',
      'Account.Health_Drivers__c', 'Account.Health_Scored_At__c', 'Task.Vitals_Key__c',
    ]);
    const missing = await connector.ensureFields([
      { object: 'Account', name: 'Vitals_Score__c', label: 'Health score', type: 'number' },
      { object: 'Task', name: 'Other_Key__c', label: 'crm-vitals task key', type: 'text', taskKey: true },
      { object: 'Account', name: 'AnnualRevenue', label: 'crm-vitals task key', type: 'text', taskKey: true },
    ]);
    expect(missing.manual.map((m) => m.instruction)).toEqual([
      'create Account.Vitals_Score__c: Setup → Object Manager → Account → Fields & Relationships → New → Number, Length 3, Decimal Places 0; ' +
        'Field Label "Health score", Field Name "Vitals_Score" (API name Vitals_Score__c); then give the integration user Edit access in field-level security',
      'create Task.Other_Key__c: Setup → Object Manager → Activity (Task fields are Activity custom fields) → Fields & Relationships → New → ' +
        'Text, Length 255; Field Label "crm-vitals task key", ' +
        'Field Name "Other_Key" (API name Other_Key__c); then give the integration user Edit access in field-level security',
      'Account.AnnualRevenue is a currency field, but crm-vitals writes text values there: change its type (Setup → Object Manager → Account → Fields & Relationships → Annual Revenue) to Text, Length 255, or map the output to another field',
    ]);
  });

  it('describeFields reports the live schema, with updateability and picklist values', async () => {
    const fields = await connector.describeFields('Account');
    expect(fields.find((f) => f.name === 'Health_Score__c')).toMatchObject({ type: 'double', updateable: true });
    expect(fields.find((f) => f.name === 'LastActivityDate')).toMatchObject({ updateable: false });
    expect(fields.find((f) => f.name === 'Segment__c')?.options?.map((o) => o.value)).toEqual(['SMB', 'Mid-Market', 'Enterprise']);
    expect(await connector.describeFields('No_Such_Object__c')).toEqual([]);
  });
});
