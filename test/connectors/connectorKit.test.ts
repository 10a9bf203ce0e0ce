import { ApiBudgetTracker } from '../../connectors/shared/apiBudget.js';
import { backoffDelay, parseRetryAfter, withRetry } from '../../connectors/shared/retryPolicy.js';
import { BudgetReserveReached, FatalError, RetriableApiError } from '../../src/model/errors.js';
import { exitCodeFor } from '../../src/model/errors.js';

describe('retry policy', () => {
  it('retries retriable errors with growing, jittered waits and honours Retry-After', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw new RetriableApiError('HTTP_503', 'unavailable');
        if (calls === 2) throw new RetriableApiError('HTTP_429', 'slow down', 7000);
        return 'done';
      },
      { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    );
    expect(result).toBe('done');
    expect(waits).toEqual([250, 7000]);
  });

  it('gives up after the configured attempts and never retries other errors', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new RetriableApiError('HTTP_500', 'boom');
    };
    await expect(withRetry(failing, { attempts: 3, sleep: async () => {} })).rejects.toThrow('boom');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRetry(async () => { calls += 1; throw new FatalError('AUTH', 'bad password'); }, { sleep: async () => {} })).rejects.toThrow('bad password');
    expect(calls).toBe(1);
  });

  it('caps the wait and reads Retry-After in seconds or as a date', () => {
    expect(backoffDelay(20, new RetriableApiError('X', 'x'), { maxDelayMs: 1000 }, () => 0.999)).toBe(999);
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('API budget', () => {
  it('stops before the reserve, saying what was used, and maps to exit code 1', () => {
    const budget = new ApiBudgetTracker('acme-sf', 20);
    budget.spend(5);
    budget.observe(1000, 210);
    expect(budget.canAfford(10)).toBe(true);
    expect(budget.canAfford(11)).toBe(false);
    budget.spend(10);
    let error: unknown;
    try {
      budget.spend(1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BudgetReserveReached);
    expect((error as Error).message).toBe('acme-sf: stopping before the daily API reserve: 200 calls left today, 200 kept in reserve; this run used 15. The next run resumes where this one stopped.');
    expect(exitCodeFor(error)).toBe(1);
    expect(budget.snapshot()).toEqual({ callsThisRun: 15, dailyLimit: 1000, dailyRemaining: 200, reserve: 200 });
  });
});
