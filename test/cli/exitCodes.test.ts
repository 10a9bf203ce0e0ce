import { BudgetReserveReached, ConfigError, exitCodeFor, exitCodeOf, FatalError, outcomeExitCodes, RecordError, RetriableApiError, UsageError } from '../../src/model/errors.js';

describe('exit codes', () => {
  it('maps every outcome to its code in one table', () => {
    expect(outcomeExitCodes).toEqual({
      ok: 0,
      recordsFailed: 1,
      stoppedEarly: 1,
      usageFailed: 1,
      jobFailed: 1,
      deletesHeld: 1,
      lockHeld: 75,
      manualStepsLeft: 1,
      mappingIncomplete: 1,
      checksFailed: 2,
      usage: 2,
      fatal: 3,
    });
  });

  it('a command that came to several outcomes exits with the worst', () => {
    expect(exitCodeOf([])).toBe(0);
    expect(exitCodeOf(['ok', 'recordsFailed'])).toBe(1);
    expect(exitCodeOf(['stoppedEarly', 'fatal', 'recordsFailed'])).toBe(3);
  });

  it('an error ends as its action says', () => {
    expect(exitCodeFor(new UsageError('X', 'bad option'))).toBe(2);
    expect(exitCodeFor(new ConfigError('vitals.yaml', [{ path: 'state', message: 'missing' }]))).toBe(2);
    expect(exitCodeFor(new BudgetReserveReached('sf', 10, 5, 5))).toBe(1);
    expect(exitCodeFor(new FatalError('LOGIN', 'refused'))).toBe(3);
    expect(exitCodeFor(new RetriableApiError('HTTP_503', 'unavailable'))).toBe(3);
    expect(exitCodeFor(new RecordError('BAD', 'unreadable'))).toBe(3);
    expect(exitCodeFor(new Error('a bug'))).toBe(3);
  });
});
