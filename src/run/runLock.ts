import { acquireLock, heartbeatLock, isProcessAlive, releaseLock, type LockHolder } from '../../state/locks.js';
import { closeAbandonedRuns } from '../../state/runs.js';
import type { State } from '../../state/openState.js';

/** The one lock every command that pulls or writes takes, so cron, `schedule` and a person never overlap. */
export const RUN_LOCK = 'run';

export interface HeldRunLock {
  /** Proves this process is still working (between pages and batches). */
  heartbeat: () => void;
  release: () => void;
  tookOverFrom?: LockHolder;
}

/** Takes the run lock, or returns who holds it. */
export function takeRunLock(state: State, holder: string): { held: HeldRunLock } | { heldBy: LockHolder } {
  const lock = acquireLock(state, RUN_LOCK, { holder });
  if (!lock.acquired) return { heldBy: lock.heldBy };
  closeAbandonedRuns(state, isProcessAlive);
  let last = 0;
  return {
    held: {
      // A heartbeat is one small write; once every few seconds is plenty against a 10-minute staleness.
      heartbeat: () => {
        const now = Date.now();
        if (now - last < 5_000) return;
        last = now;
        heartbeatLock(state, RUN_LOCK);
      },
      release: () => void releaseLock(state, RUN_LOCK),
      ...(lock.tookOverFrom ? { tookOverFrom: lock.tookOverFrom } : {}),
    },
  };
}

export function describeHolder(holder: LockHolder): string {
  return `${holder.holder}, pid ${holder.pid} on ${holder.host}, since ${holder.acquiredAt}`;
}
