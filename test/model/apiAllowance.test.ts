import { dailyAllowance, keepAllowance } from '../../src/model/apiAllowance.js';

const synced = { callsThisRun: 72, dailyLimit: 100_000, dailyRemaining: 99_876, reserve: 20_000 };

describe('the daily API allowance of a run', () => {
  it.each([
    ['a later reading that knows nothing keeps the earlier allowance, less the calls since', synced, { callsThisRun: 77, reserve: 0 }, { callsThisRun: 77, dailyLimit: 100_000, dailyRemaining: 99_871, reserve: 20_000 }],
    ['a later reading that knows the allowance wins', synced, { callsThisRun: 77, dailyLimit: 100_000, dailyRemaining: 99_500, reserve: 20_000 }, { callsThisRun: 77, dailyLimit: 100_000, dailyRemaining: 99_500, reserve: 20_000 }],
    ['an earlier reading that knew nothing changes nothing', { callsThisRun: 3, reserve: 0 }, { callsThisRun: 5, reserve: 0 }, { callsThisRun: 5, reserve: 0 }],
    ['no later reading (the connector never opened again) keeps the earlier one', synced, undefined, synced],
    ['no reading at all', undefined, null, null],
  ])('%s', (_, earlier, later, kept) => {
    expect(keepAllowance(earlier, later)).toEqual(kept);
  });

  it('reads an allowance only when both the limit and what is left are known', () => {
    expect(dailyAllowance(synced)).toEqual({ dailyLimit: 100_000, dailyRemaining: 99_876, reserve: 20_000 });
    expect(dailyAllowance({ callsThisRun: 5, reserve: 0 })).toBeNull();
    expect(dailyAllowance({ callsThisRun: 5, dailyLimit: 100_000, reserve: 0 })).toBeNull();
    expect(dailyAllowance(null)).toBeNull();
  });
});
