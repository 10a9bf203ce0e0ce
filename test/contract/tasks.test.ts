import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openConnector } from '../../src/cli/connectorsFor.js';
import type { Connector } from '../../src/contracts/connector.js';
import { packageRoot } from '../../src/model/packagePaths.js';
import { runCli } from '../support/runCli.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { duplicates, ledger, startPipeline, type Pipeline } from '../support/writebackHarness.js';

const BIG_ACCOUNTS = `tasks:
  defaultRules: false
  rules:
    - id: big-account
      when: 'arr >= 20000'
      subject: 'Big account {{account_name}}: ARR {{arr}}'
      due: { after: 3 }
`;

describe.each(EMULATED_CRMS)('CSM tasks through the %s connector and emulator', (crm) => {
  let p: Pipeline;
  afterEach(async () => p?.close());

  it('a run that dies after the CRM created tasks and before the local commit is repaired by the rerun: one task per key', async () => {
    p = await startPipeline(crm, { accounts: 400 });
    await p.sync();
    p.score();
    let calls = 0;
    const dieAfterSecondTaskCall = (c: Connector): Connector => ({
      ...c,
      writeTasks: async (tasks) => {
        const results = await c.writeTasks(tasks);
        if (++calls === 2 || tasks.length < c.batchSize.tasks) throw new Error('killed after the CRM call (simulated)');
        return results;
      },
    });
    const killed = await p.writeback({}, { wrap: dieAfterSecondTaskCall });
    expect(killed.connectors[0]!.stopped?.message).toBe('killed after the CRM call (simulated)');
    const inFlight = ledger(p).filter((t) => t.state === 'pending').length;
    expect(inFlight).toBeGreaterThan(0);
    expect(p.crmTaskKeys().length).toBeGreaterThanOrEqual(inFlight);

    const rerun = await p.writeback();
    // Every key in flight was found in the CRM (the creates had landed): none is sent again.
    expect(rerun.connectors[0]!.plan!.tasks).toMatchObject({ landed: inFlight, resend: 0 });
    const keys = p.crmTaskKeys();
    expect(duplicates(keys)).toEqual([]);
    expect(keys.sort()).toEqual(ledger(p).map((t) => t.key));
    expect(new Set(ledger(p).map((t) => t.state))).toEqual(new Set(['open']));
  });

  it('killing the CLI at random points during task creation and rerunning leaves exactly one task per key', async () => {
    p = await startPipeline(crm, { accounts: 600 });
    await p.sync();
    p.score();
    // Score fields first, so the killed runs spend their time creating tasks.
    await p.writeback({}, { config: { ...p.config, tasks: { ...p.config.tasks, enabled: false } } });
    p.emulator.setFaults({ latencyMs: 25 });
    const pending = p.state.db.prepare("SELECT COUNT(*) FROM tasks WHERE state = 'pending'").pluck();
    let killedInFlight = 0;
    for (let round = 0; round < 6; round += 1) {
      const child = spawnWriteback(p);
      // Wait until a batch of tasks is in flight, then kill at a random moment within it.
      const start = Date.now();
      while ((pending.get() as number) === 0 && child.exitCode === null && Date.now() - start < 20_000) await sleep(3);
      await sleep(Math.random() * 60);
      if (child.exitCode === null) {
        if ((pending.get() as number) > 0) killedInFlight += 1;
        child.kill('SIGKILL');
      }
      await exited(child);
    }
    p.emulator.setFaults({ latencyMs: 0 });
    const last = spawnWriteback(p);
    expect(await exited(last)).toBe(0);

    expect(killedInFlight).toBeGreaterThan(0);
    const keys = p.crmTaskKeys();
    expect(duplicates(keys)).toEqual([]);
    expect(keys.sort()).toEqual(ledger(p).map((t) => t.key));
    expect(new Set(ledger(p).map((t) => t.state))).toEqual(new Set(['open']));
    expect(keys.every((k) => k.endsWith(':1'))).toBe(true);
  });

  it('a second copy of a task in the CRM (a second installation, a restored state): the next run keeps the oldest, archives the copy, status lists it', async () => {
    p = await startPipeline(crm, { accounts: 80 });
    await p.sync();
    p.score();
    const first = await p.writeback();
    const [task] = first.connectors[0]!.plan!.tasks.create;
    expect(task).toBeDefined();
    const keptId = p.state.db.prepare('SELECT crm_id FROM tasks WHERE dedupe_key = ?').pluck().get(task!.key) as string;
    const key = p.config.connectors[0]!.mapping.tasks.dedupeField;
    const copyId = p.emulator.data.addTask(p.config.connectors[0]!.mapping.tasks.object, key, { key: task!.key, accountId: task!.accountId, subject: task!.subject, dueDate: task!.dueDate });
    expect(duplicates(p.crmTaskKeys())).toEqual([task!.key]);

    const next = await p.writeback();
    expect(next.connectors[0]!.tasks).toMatchObject({ duplicatesArchived: 1, created: 0, failed: [] });
    expect(duplicates(p.crmTaskKeys())).toEqual([]);
    expect(p.state.db.prepare('SELECT crm_id FROM tasks WHERE dedupe_key = ?').pluck().get(task!.key)).toBe(keptId);
    const status = runCli(['-c', p.configFile, 'status'], { env: { ...p.emulator.env, VITALS_LOG_LEVEL: 'error' } });
    expect(status.stdout).toContain(`${task!.key}: task ${copyId} archived`);
  });

  it("auto-closes a task whose condition cleared for two passes, and leaves a person's task alone", async () => {
    p = await startPipeline(crm, { accounts: 60, yaml: BIG_ACCOUNTS });
    await p.sync();
    p.score();
    const first = await p.writeback();
    const created = first.connectors[0]!.plan!.tasks.create;
    expect(created.length).toBeGreaterThan(1);
    const [untouched, worked] = created as [(typeof created)[0], (typeof created)[0]];
    const arrField = p.config.connectors[0]!.mapping.objects.accounts.fields.arr as string;
    for (const task of [untouched, worked]) p.editAccount(task.accountId, { [arrField]: 1 });
    const workedId = p.state.db.prepare('SELECT crm_id FROM tasks WHERE dedupe_key = ?').pluck().get(worked.key) as string;
    p.startTask(workedId);
    await p.sync();
    p.score();
    const once = await p.writeback();
    expect(once.connectors[0]!.plan!.tasks.close).toEqual([]);
    p.score();
    const cleared = await p.writeback();
    const tasks = cleared.connectors[0]!.plan!.tasks;
    const stateOf = (key: string) => p.state.db.prepare('SELECT state, human_touched AS touched FROM tasks WHERE dedupe_key = ?').get(key);
    expect(tasks).toMatchObject({ close: [expect.objectContaining({ key: untouched.key })], leftAlone: 1, unverifiable: 0 });
    expect(cleared.connectors[0]!.tasks).toMatchObject({ closed: 1, failed: [] });
    expect(stateOf(untouched.key)).toEqual({ state: 'closed', touched: 0 });
    expect(stateOf(worked.key)).toEqual({ state: 'open', touched: 1 });
    // As the CRM has them now, read back through the connector (the SDK's batch read / SOQL).
    const connector = await openConnector(p.config.connectors[0]!);
    try {
      const inCrm = await connector.readTasks!([untouched, worked, { key: 'vitals:no-such-rule:0:1', accountId: untouched.accountId }].map((t) => ({ key: t.key, accountId: t.accountId })));
      expect(Object.fromEntries(inCrm.map((t) => [t.key, t.status]))).toEqual({ [untouched.key]: 'completed', [worked.key]: 'in-progress' });
    } finally {
      await connector.close();
    }
  });
});

function spawnWriteback(p: Pipeline) {
  return spawn(process.execPath, [join(packageRoot(), 'bin', 'vitals.js'), '-c', p.configFile, 'writeback', '--json'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...p.emulator.env, VITALS_LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
