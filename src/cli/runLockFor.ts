import { ExitCode } from '../model/errors.js';
import { createLogger } from '../log/logger.js';
import { describeHolder, takeRunLock, type HeldRunLock } from '../run/runLock.js';
import type { State } from '../../state/openState.js';
import { reportExitCode } from './context.js';

/**
 * The run lock for a command that pulls or writes; when another run holds it, says who, closes
 * the state, sets exit code 1 and returns null: the command then does nothing.
 */
export function runLockFor(state: State, holder: string): HeldRunLock | null {
  const lock = takeRunLock(state, holder);
  if ('held' in lock) {
    if (lock.held.tookOverFrom) createLogger('lock').warn('took over the run lock from a holder that is gone or silent', { from: describeHolder(lock.held.tookOverFrom) });
    return lock.held;
  }
  state.close();
  process.stderr.write(`vitals: another run holds the lock (${describeHolder(lock.heldBy)}); not starting a second one, try again when it ends\n`);
  reportExitCode(ExitCode.finishedWithFailures);
  return null;
}
