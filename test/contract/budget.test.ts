import { generateBook } from '../../emulators/book/generateBook.js';
import { BudgetReserveReached, ExitCode, exitCodeFor } from '../../src/model/errors.js';
import { recentRuns } from '../../state/runs.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { orgPerTest } from './orgHarness.js';

const book = () => generateBook({ accounts: 300, seed: 7, asOf: '2025-03-01T00:00:00.000Z' });

describe.each(EMULATED_CRMS)('the %s connector keeps within the daily API budget', (crm) => {
  const orgs = orgPerTest();

  it('stops cleanly before the configured reserve, says what it used and kept, and the next run resumes', async () => {
    // 30 calls a day, half kept in reserve: the run may spend 15.
    const org = await orgs.start(crm, book(), { smallPages: true, reservePercent: 50 });
    org.emulator.setFaults({ dailyApiLimit: 30 });
    const result = await org.sync();
    const stopped = result.results[0]!.stopped!;
    expect(stopped.reason).toBe('budget');
    expect(stopped.error).toBeInstanceOf(BudgetReserveReached);
    expect(exitCodeFor(stopped.error)).toBe(ExitCode.finishedWithFailures);
    expect(stopped.message).toMatch(/15 kept in reserve/);
    expect(stopped.message).toMatch(/The next run resumes where this one stopped/);
    expect(org.emulator.apiUsage()).toEqual({ used: 15, max: 30 });
    expect(recentRuns(org.state, 1)[0]).toMatchObject({ status: 'failed', apiBudget: { crm: { dailyLimit: 30, reserve: 15 } } });

    org.emulator.setFaults({ dailyApiLimit: 100_000 });
    const next = await org.sync();
    expect(next.ok).toBe(true);
    org.expectStateMatchesCrm();
  });

  it('an allowance other integrations spent stops the run the same way, with no retries', async () => {
    const org = await orgs.start(crm, book(), { smallPages: true });
    let before = 0;
    const result = await org.sync({
      onPage: () => {
        if (before) return;
        before = org.emulator.totalCalls();
        org.emulator.setFaults({ dailyApiLimit: org.emulator.apiUsage().used });
      },
    });
    expect(result.results[0]!.stopped?.reason).toBe('budget');
    expect(org.emulator.totalCalls()).toBe(before + 1);
  });
});
