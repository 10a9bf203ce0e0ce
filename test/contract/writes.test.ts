import { generateBook } from '../../emulators/book/generateBook.js';
import type { FieldUpdate } from '../../src/contracts/connector.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { ensureScoreFields } from '../support/scoreFields.js';
import { callsTo, orgPerTest, type Org } from './orgHarness.js';

describe.each(EMULATED_CRMS)('the %s connector writes score fields', (crm) => {
  const orgs = orgPerTest();

  const updates = (o: Org, ids: readonly string[]): FieldUpdate[] => {
    const { writeback } = o.config.connectors[0]!.mapping;
    const field = writeback.fields.health_score!.field;
    return ids.map((id, i) => ({ object: writeback.object, id, values: { [field]: i % 100 } }));
  };

  it('in the CRM batch endpoint, as few calls as its batch size allows, results in input order', async () => {
    const org = await orgs.start(crm, generateBook({ accounts: 500, seed: 7 }));
    await ensureScoreFields(org.config.connectors[0]!);
    const batch = org.emulator.apiShape.writeBatch;
    const ids = org.emulator.data.accountIds().slice(0, Math.floor(2.25 * batch));
    const connector = await org.open();
    org.emulator.resetCallCounts();
    const results = await connector.writeFields(updates(org, ids));
    await connector.close();
    expect(results.map((r) => ({ key: r.key, ok: r.ok }))).toEqual(ids.map((id) => ({ key: id, ok: true })));
    expect(callsTo(org.emulator, org.emulator.endpoints.fieldWrites)).toBe(Math.ceil(ids.length / batch));
    const field = org.config.connectors[0]!.mapping.writeback.fields.health_score!.field;
    const written = org.emulator.data.accountFields(org.config.connectors[0]!.mapping.writeback.object, [field]);
    expect(ids.map((id) => Number(written[id]![field]))).toEqual(ids.map((_, i) => i % 100));
  });

  it('a record the CRM refuses (deleted since the sync) fails alone, with the CRM code; the rest of its batch is written', async () => {
    const org = await orgs.start(crm, generateBook({ accounts: 30, seed: 7 }));
    await ensureScoreFields(org.config.connectors[0]!);
    const ids = org.emulator.data.accountIds().slice(0, 10);
    org.emulator.data.remove('accounts', ids[4]!);
    const connector = await org.open();
    const results = await connector.writeFields(updates(org, ids));
    await connector.close();
    expect(results.filter((r) => !r.ok).map((r) => r.key)).toEqual([ids[4]]);
    expect(results.find((r) => !r.ok)).toMatchObject({ errorCode: expect.stringMatching(/\S/), message: expect.stringMatching(/\S/), retriable: false });
    expect(results.filter((r) => r.ok)).toHaveLength(9);
  });
});
