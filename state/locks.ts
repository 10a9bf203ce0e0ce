import { hostname } from 'node:os';
import type { State } from './openState.js';

export interface LockHolder {
  holder: string;
  pid: number;
  host: string;
  acquiredAt: string;
  heartbeatAt: string;
}

export type LockResult = { acquired: true; tookOverFrom?: LockHolder } | { acquired: false; heldBy: LockHolder };

export interface LockOptions {
  /** What holds it, for `vitals status` (e.g. `schedule run`, `run`). */
  holder: string;
  /** A holder whose heartbeat is older than this is presumed dead. @default 10 minutes */
  staleAfterMs?: number;
  now?: () => Date;
  /** Whether a process on this host is alive. Replaced in tests. */
  isAlive?: (pid: number) => boolean;
}

/**
 * Takes the named lock, so a scheduler tick and a cron `vitals run` never overlap. A holder that
 * is gone (its pid no longer runs on this host) or silent for too long is taken over. The check
 * and the take-over happen in one IMMEDIATE transaction, so two starters cannot both win.
 */
export function acquireLock(state: State, name: string, options: LockOptions): LockResult {
  const now = (options.now ?? (() => new Date()))();
  const staleAfter = options.staleAfterMs ?? 10 * 60_000;
  const alive = options.isAlive ?? isProcessAlive;
  const host = hostname();
  return state.db
    .transaction((): LockResult => {
      const current = state.db
        .prepare('SELECT holder, pid, host, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt FROM locks WHERE name = ?')
        .get(name) as LockHolder | undefined;
      const write = () =>
        state.db
          .prepare(
            `INSERT INTO locks (name, holder, pid, host, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
               acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
          )
          .run(name, options.holder, process.pid, host, now.toISOString(), now.toISOString());
      if (!current) {
        write();
        return { acquired: true };
      }
      const dead = current.host === host && !alive(current.pid);
      const stale = now.getTime() - Date.parse(current.heartbeatAt) > staleAfter;
      if (dead || stale) {
        write();
        return { acquired: true, tookOverFrom: current };
      }
      return { acquired: false, heldBy: current };
    })
    .immediate();
}

/** Proves the holder is still working; call between batches of a long run. */
export function heartbeatLock(state: State, name: string, now = new Date()): void {
  state.db.prepare('UPDATE locks SET heartbeat_at = ? WHERE name = ? AND pid = ? AND host = ?').run(now.toISOString(), name, process.pid, hostname());
}

/** Releases the lock if this process holds it; a lock taken over by another process is left alone. */
export function releaseLock(state: State, name: string): boolean {
  return state.db.prepare('DELETE FROM locks WHERE name = ? AND pid = ? AND host = ?').run(name, process.pid, hostname()).changes > 0;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
