import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { startPipeline, type Pipeline } from '../support/writebackHarness.js';


describe.each(EMULATED_CRMS)('write-back of a 2,000-account book through %s', (crm) => {
  let p: Pipeline;
  afterEach(async () => p?.close());

  it('writes every scored account in ceil(n / batch) calls, and creates the tasks, in seconds', async () => {
    p = await startPipeline(crm, { accounts: 2000 });
    await p.sync();
    p.score();
    p.resetCalls();
    const started = Date.now();
    const result = await p.writeback();
    const seconds = (Date.now() - started) / 1000;
    const c = result.connectors[0]!;
    const scored = c.plan!.accounts;
    expect(c.writes).toMatchObject({ written: scored, failed: [], calls: Math.ceil(scored / p.emulator.apiShape.writeBatch) });
    expect(c.tasks!.failed).toEqual([]);
    // HubSpot counts task creates apart from score updates; Salesforce upserts tasks on their own path.
    expect(p.writeCalls()).toEqual({ fields: Math.ceil(scored / p.emulator.apiShape.writeBatch), tasks: Math.ceil(c.tasks!.created / p.emulator.apiShape.writeBatch) });
    expect(seconds).toBeLessThan(30);
    process.stdout.write(`${crm}: ${scored} accounts written in ${c.writes!.calls} calls, ${c.tasks!.created} tasks in ${c.tasks!.calls} calls, ${c.apiCalls} API calls, ${seconds.toFixed(2)} s\n`);

    p.resetCalls();
    const again = await p.writeback();
    expect(again.connectors[0]!.plan!.writes.records).toBe(0);
    expect(p.writeCalls()).toEqual({ fields: 0, tasks: 0 });
  });
});
