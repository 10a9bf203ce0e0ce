import { startSalesforceEmulator, type SalesforceEmulator } from '../../emulators/salesforce/startSalesforceEmulator.js';
import { BudgetReserveReached, ExitCode, exitCodeFor } from '../../src/model/errors.js';
import { recentRuns } from '../../state/runs.js';
import type { State } from '../../state/openState.js';
import { useTempDir } from '../support/tempDir.js';
import { smallBook } from './salesforceEmulatorFixture.js';
import { expectStateMatchesOrg, open, opener, orgConfig, sync } from './salesforceConnectorFixture.js';

describe('salesforce connector: the daily API budget', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let state: State | undefined;
  afterEach(async () => {
    state?.close();
    state = undefined;
    await emulator.close();
  });

  it('stops cleanly before the configured reserve, says what it used and needs, and the next run resumes', async () => {
    // 30 calls a day, half kept in reserve: the run may spend 15 (the /limits read included).
    emulator = await startSalesforceEmulator({ book: smallBook(600), dailyApiLimit: 30 });
    const config = await orgConfig(dir(), emulator, { reserve: 50 });
    state = open(config);
    const result = await sync(state, config, { pageSize: 200 });
    const stopped = result.results[0]!.stopped!;
    expect(stopped.reason).toBe('budget');
    expect(stopped.error).toBeInstanceOf(BudgetReserveReached);
    expect(exitCodeFor(stopped.error)).toBe(ExitCode.finishedWithFailures);
    expect(emulator.apiUsage()).toEqual({ used: 15, max: 30 });
    expect(result.results[0]!.apiCalls).toBe(15);
    // Accounts (count + 3 pages) and opportunities (count + 6) are done; tickets stopped after 2 of 6 pages.
    expect(stopped.message).toBe(
      'org: stopping before the daily API reserve: 15 calls left today, 15 kept in reserve; this run used 15 and needs about 4 more to finish Case (800 records left). The next run resumes where this one stopped.',
    );
    const run = recentRuns(state, 1)[0]!;
    expect(run).toMatchObject({ status: 'failed', apiCalls: 15, apiBudget: { org: { callsThisRun: 15, dailyLimit: 30, dailyRemaining: 15, reserve: 15 } } });
    expect(run.error).toContain('stopping before the daily API reserve');
    expect((state.db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n).toBe(400);

    emulator.setFaults({ dailyApiLimit: 1000 });
    const next = await sync(state, config, { pageSize: 200 });
    expect(next.ok).toBe(true);
    expect(next.results[0]!.outcomes.find((o) => o.object === 'tickets')).toMatchObject({ pulled: 800, inserted: 800 });
    expectStateMatchesOrg(state, emulator, config.connectors[0]!.mapping);
  });

  it('an allowance other integrations spent (403 REQUEST_LIMIT_EXCEEDED) stops the run the same way, with no retries', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(300) });
    const config = await orgConfig(dir(), emulator);
    state = open(config);
    let before = 0;
    const result = await sync(state, config, { pageSize: 200 }, {
      onPage: () => {
        if (before) return;
        before = emulator.totalCalls();
        emulator.setFaults({ dailyApiLimit: emulator.apiUsage().used });
      },
    });
    expect(result.results[0]!.stopped?.reason).toBe('budget');
    expect(emulator.totalCalls()).toBe(before + 1);
  });

  it('check() reports a budget already inside the reserve', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(5), dailyApiLimit: 10 });
    const config = await orgConfig(dir(), emulator, { reserve: 90 });
    const connector = await opener()(config.connectors[0]!);
    const check = await connector.check();
    expect(check.ok).toBe(true);
    expect(check.problems).toEqual([
      'only 9 of 10 daily API calls are left and 9 are kept in reserve (limits.reserveDailyApiPercent: 90); a run would stop at once',
    ]);
    await connector.close();
  });
});
