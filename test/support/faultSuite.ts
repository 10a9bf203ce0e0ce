import Database from 'better-sqlite3';
import type { JobResult } from '../../src/run/runJob.js';
import { expectConverged, startCrm, type Crm, type CrmOptions, type CrmUnderTest, type Outcome } from './convergence.js';
import { killPoints, phasesOf, runVitals, startKilledAt, type Phase } from './killedRuns.js';

/**
 * The fault suite of issue 9, run against each CRM: under each fault a full `vitals run`, rerun
 * until it succeeds, leaves exactly the state and CRM contents a fault-free run leaves (the
 * canonical tables, the latest scores, the write and task ledgers, every account's score fields,
 * one CRM task per key). The fault-free reference is computed once per CRM.
 */
export function describeFaultSuite(crm: Crm, options: { accounts: number; kills: number; seed: number; /** The CRM limits calls over a rolling window (the 429 storm applies). */ rateWindow: boolean }): void {
  const crmOptions: CrmOptions = { accounts: options.accounts };
  let reference: Outcome;
  let referenceCalls: string[] = [];
  let phases: Record<Phase, number[]>;
  const open: CrmUnderTest[] = [];
  const start = async (extra: CrmOptions = {}) => {
    const env = await startCrm(crm, { ...crmOptions, ...extra });
    open.push(env);
    return env;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((env) => env.close()));
  });

  beforeAll(async () => {
    const env = await startCrm(crm, crmOptions);
    try {
      env.onRequest((endpoint) => void referenceCalls.push(endpoint));
      const [run] = await env.runUntilOk(1);
      env.onRequest(undefined);
      expect(run!.counts).toMatchObject({ quarantined: 0, failed: 0, tasksFailed: 0 });
      expect(run!.counts.tasksCreated).toBeGreaterThan(0);
      reference = env.snapshot();
      phases = phasesOf(env.emulator.endpoints, referenceCalls);
      // A second fault-free run finds nothing to send: the reference is a fixed point.
      const before = env.totalCalls();
      const again = await env.run();
      expect(again.counts).toMatchObject({ written: 0, tasksCreated: 0, tasksClosed: 0, inserted: 0, updated: 0 });
      expect(env.totalCalls() - before).toBeLessThan(referenceCalls.length);
      expectConverged(env.snapshot(), reference);
    } finally {
      await env.close();
    }
  }, 60_000);

  it('5% of requests answered 5xx: converges', async () => {
    const env = await start();
    env.setFaults({ serverErrorRate: 0.05 }, options.seed);
    await env.runUntilOk(4);
    expect(env.outcomeCounts()['503']).toBeGreaterThan(0);
    expectConverged(env.snapshot(), reference);
  }, 60_000);

  it('2% connection resets, half of them after the CRM carried the request out, and a lost answer to the first score write and the first task call: converges with one task per key', async () => {
    const env = await start();
    env.setFaults({ connectionResetRate: 0.01, responseLossRate: 0.01 }, options.seed);
    const lose = new Set(['write-back', 'tasks']);
    let call = 0;
    env.onRequest(() => {
      call += 1;
      const phase = call === phases['write-back'][0] ? 'write-back' : call === phases.tasks[0] ? 'tasks' : undefined;
      if (phase && lose.delete(phase)) return 'lose-answer';
      return undefined;
    });
    await env.runUntilOk(4);
    const outcomes = env.outcomeCounts();
    expect((outcomes.reset ?? 0) + (outcomes.lost ?? 0)).toBeGreaterThan(2);
    expectConverged(env.snapshot(), reference);
  }, 60_000);

  it('the session or access token expires every 50 calls: re-authenticates and converges', async () => {
    // Tokens that expire are the OAuth kind (HubSpot private-app tokens never do): log in with a refresh token.
    const env = await start({ auth: 'refresh-token' });
    env.setFaults({ sessionExpiryEvery: 50 });
    const runs = await env.runUntilOk(2);
    expect(runs).toHaveLength(1);
    const tokenGrants = Object.entries(env.emulator.callCounts())
      .filter(([endpoint]) => /oauth2?\/(v1\/)?token/.test(endpoint))
      .reduce((n, [, c]) => n + c, 0);
    expect(env.outcomeCounts()['401']).toBeGreaterThan(0);
    expect(tokenGrants).toBeGreaterThan(1);
    expectConverged(env.snapshot(), reference);
  }, 60_000);

  if (options.rateWindow) {
    it('a 429 storm (a low burst limit, used up by other apps again and again): waits, retries and converges', async () => {
      const env = await start({ rateLimit: { requests: 20, windowMs: 1_000 } });
      let call = 0;
      env.onRequest(() => {
        if (++call % 12 === 0) env.emulator.useUpRateWindow!();
      });
      const runs = await env.runUntilOk(4);
      expect(env.outcomeCounts()['429']).toBeGreaterThan(5);
      expect(runs.length).toBeLessThanOrEqual(2);
      expectConverged(env.snapshot(), reference);
    }, 120_000);
  }

  describe('the daily API limit reached mid-run: stops cleanly, resumes the next day', () => {
    const cuts = (): [Phase, number][] =>
      (['sync', 'write-back', 'tasks'] as const).map((phase) => [phase, phases[phase][Math.floor(phases[phase].length / 2)]!]);
    /** Calls of the reference run before its `at`th that count against the allowance (token grants do not). */
    const chargedBefore = (at: number) => referenceCalls.slice(0, at - 1).filter((e) => !/oauth/.test(e)).length;

    const expectCleanStop = (env: CrmUnderTest, run: JobResult) => {
      expect(run.ok).toBe(false);
      const failures = run.connectors[0]!.failures;
      expect(failures).toEqual([expect.stringMatching(/^(sync|write-back): crm: stopping before the daily API reserve: .*The next run resumes where this one stopped\.$/)]);
      const db = new Database(env.config.statePath, { readonly: true });
      try {
        expect(db.prepare('SELECT status, finished_at IS NOT NULL AS finished FROM runs WHERE id = ?').get(run.runId)).toEqual({ status: 'failed', finished: 1 });
      } finally {
        db.close();
      }
    };

    it('known from the CRM\'s usage headers: the run stops itself at the limit', async () => {
      for (const [phase, at] of cuts()) {
        const env = await start();
        env.setFaults({ dailyApiLimit: env.dailyCallsUsed() + chargedBefore(at) });
        const stopped = await env.run();
        expect({ phase, ok: stopped.ok }).toEqual({ phase, ok: false });
        expectCleanStop(env, stopped);
        env.setFaults({});
        expect(await env.runUntilOk(1)).toHaveLength(1);
        expectConverged(env.snapshot(), reference);
      }
    }, 60_000);

    it('spent by another integration while the run is going: the CRM refuses, the run stops', async () => {
      for (const [phase, at] of cuts()) {
        const env = await start();
        let call = 0;
        env.onRequest(() => {
          if (++call === at) env.setFaults({ dailyApiLimit: env.dailyCallsUsed() });
        });
        const stopped = await env.run();
        env.onRequest(undefined);
        expect({ phase, refused: env.outcomeCounts()[String(env.emulator.apiShape.dailyLimitStatus)] ?? 0 }).toEqual({ phase, refused: expect.any(Number) });
        expect(env.outcomeCounts()[String(env.emulator.apiShape.dailyLimitStatus)]).toBeGreaterThan(0);
        expectCleanStop(env, stopped);
        env.setFaults({});
        expect(await env.runUntilOk(1)).toHaveLength(1);
        expectConverged(env.snapshot(), reference);
      }
    }, 60_000);
  });

  it(`SIGKILL at ${options.kills} seeded points across sync, write-back and task creation, each followed by a rerun: converges, one task per key`, async () => {
    const points = killPoints(phases, options.kills, options.seed);
    let kills = 0;
    for (const point of points) {
      const env = await start();
      const killed = await runVitals(env, { kill: point });
      // A kill sent a few milliseconds after the run's last call may find it already done; that
      // run must then have succeeded, and the rerun below must still change nothing.
      const outcome = killed.signal === 'SIGKILL' ? 'killed' : killed.status === 0 && point.delayMs > 0 ? 'finished first' : `exit ${killed.status}`;
      expect({ point, outcome }).toEqual({ point, outcome: expect.stringMatching(/^(killed|finished first)$/) });
      if (outcome === 'killed') kills += 1;
      // Killed before it could release the run lock (unless it was already done): the rerun takes it over.
      const db = new Database(env.config.statePath, { readonly: true });
      const held = db.prepare("SELECT COUNT(*) AS n FROM locks WHERE name = 'run'").get() as { n: number };
      db.close();
      const rerun = await runVitals(env);
      expect({ point, status: rerun.status }).toEqual({ point, status: 0 });
      if (held.n > 0) expect(rerun.stderr).toMatch(/took over (a stale|the) run lock/);
      expectConverged(env.snapshot(), reference);
      await env.close();
      open.splice(open.indexOf(env), 1);
    }
    // Only a point just after the last call can miss; most must land.
    expect(kills).toBeGreaterThanOrEqual(points.length - 2);
  }, 150_000);

  it('SIGKILL inside task creation, then inside the read-back that resolves it (keys tried before, looked up in the CRM): converges, one task per key', async () => {
    let readKills = 0;
    for (const nth of [1, 2]) {
      const env = await start();
      // Killed with the first task create in flight: the CRM carries it out, the answer is never recorded.
      const first = await runVitals(env, { kill: { phase: 'tasks', atCall: phases.tasks[0]!, delayMs: 0 } });
      expect(first.signal).toBe('SIGKILL');
      let reads = 0;
      let killed = false;
      const rerun = startKilledAt(env, (request) => env.emulator.endpoints.isTaskRead(request) && ++reads === nth && (killed = true));
      const second = await rerun;
      if (killed) {
        expect(second.signal).toBe('SIGKILL');
        readKills += 1;
      }
      const last = await runVitals(env);
      expect(last.status).toBe(0);
      expectConverged(env.snapshot(), reference);
      await env.close();
      open.splice(open.indexOf(env), 1);
    }
    expect(readKills).toBeGreaterThan(0);
  }, 120_000);
}
