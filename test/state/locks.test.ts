import { join } from 'node:path';
import { acquireLock, heartbeatLock, releaseLock } from '../../state/locks.js';
import { openState } from '../../state/openState.js';
import { statusReport } from '../../state/statusReport.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('run lock', () => {
  it('lets one holder in, refuses a second, and shows the holder in status', () => {
    const path = join(tempDir(), 'vitals.db');
    const first = openState(path);
    const second = openState(path);
    expect(acquireLock(first, 'run', { holder: 'schedule run' })).toEqual({ acquired: true });
    const refused = acquireLock(second, 'run', { holder: 'run' });
    expect(refused).toMatchObject({ acquired: false, heldBy: { holder: 'schedule run', pid: process.pid } });
    expect(statusReport(second).lock).toMatchObject({ holder: 'schedule run', pid: process.pid });
    expect(releaseLock(first, 'run')).toBe(true);
    expect(acquireLock(second, 'run', { holder: 'run' })).toEqual({ acquired: true });
    first.close();
    second.close();
  });

  it('takes over from a dead holder and from one whose heartbeat went stale', () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const t0 = new Date('2026-11-24T10:00:00Z');
    acquireLock(state, 'run', { holder: 'old run', now: () => t0 });
    const fromDead = acquireLock(state, 'run', { holder: 'new run', isAlive: () => false, now: () => t0 });
    expect(fromDead).toMatchObject({ acquired: true, tookOverFrom: { holder: 'old run' } });

    heartbeatLock(state, 'run', new Date('2026-11-24T10:05:00Z'));
    const early = acquireLock(state, 'run', { holder: 'third', now: () => new Date('2026-11-24T10:14:00Z') });
    expect(early.acquired).toBe(false);
    const late = acquireLock(state, 'run', { holder: 'third', now: () => new Date('2026-11-24T10:16:00Z') });
    expect(late).toMatchObject({ acquired: true, tookOverFrom: { holder: 'new run', heartbeatAt: '2026-11-24T10:05:00.000Z' } });
    state.close();
  });
});
