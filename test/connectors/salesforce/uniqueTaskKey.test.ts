import { duplicates, ledger, startPipeline, type Pipeline } from '../../support/writebackHarness.js';

describe('CSM tasks in a Salesforce org whose task key is an External ID and Unique (an extra guard, not relied on)', () => {
  let p: Pipeline;
  afterEach(async () => p?.close());

  it('creates as with a plain text key; after the state lost its ledger, the org refuses the second copy and the next run finds the first', async () => {
    p = await startPipeline('salesforce', { accounts: 120, native: { taskKeyField: 'unique-external-id' } });
    await p.sync();
    p.score();
    const first = await p.writeback();
    expect(first.connectors[0]!.tasks).toMatchObject({ failed: [] });
    const made = first.connectors[0]!.tasks!.created;
    expect(made).toBeGreaterThan(0);

    // A state restored from an old backup knows none of these keys: every create is "new".
    p.state.db.prepare('DELETE FROM tasks').run();
    const refused = await p.writeback();
    expect(refused.connectors[0]!.tasks!.failed.map((f) => f.errorCode)).toEqual(new Array(made).fill('DUPLICATE_VALUE'));
    const healed = await p.writeback();
    expect(healed.connectors[0]!.plan!.tasks).toMatchObject({ landed: made, retry: 0, create: [] });
    const keys = p.crmTaskKeys();
    expect(duplicates(keys)).toEqual([]);
    expect(keys.sort()).toEqual(ledger(p).map((t) => t.key));
    expect(new Set(ledger(p).map((t) => t.state))).toEqual(new Set(['open']));
  });
});
