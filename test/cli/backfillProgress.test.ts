import { BackfillProgress, duration } from '../../src/backfill/progress.js';
import { measuredAt } from '../../src/scoring/scorePass.js';
import type { PullOutcome } from '../../src/sync/pullObject.js';

const page = (object: PullOutcome['object'], pulled: number): PullOutcome => ({ object, pulled, pages: 1, inserted: pulled, updated: 0, unchanged: 0, deleted: 0, quarantined: 0 });

describe('backfill progress', () => {
  it('prints plain lines at most every interval off a terminal, with share, rate and ETA from the count', () => {
    let now = 0;
    const out: string[] = [];
    const progress = new BackfillProgress({ tty: false, write: (t) => out.push(t), everyMs: 5000, now: () => now });
    progress.expect('acme-sf', 'tickets', 10_000);
    now = 1000;
    progress.page('acme-sf', page('tickets', 0));
    now = 3000;
    progress.page('acme-sf', page('tickets', 2000)); // 2 s after the first page: too soon for a line
    now = 6000;
    progress.page('acme-sf', page('tickets', 5000));
    progress.finish();
    expect(out).toEqual(['acme-sf tickets  5,000 of 10,000 (50%)  1,000/s  ETA 0:05\n', 'acme-sf tickets  5,000 of 10,000 (50%)  1,000/s  ETA 0:05\n']);
  });

  it('redraws one line on a terminal and ends it when the next object starts; no count means no ETA', () => {
    let now = 0;
    const out: string[] = [];
    const progress = new BackfillProgress({ tty: true, write: (t) => out.push(t), now: () => now });
    progress.expect('hs', 'accounts', 200);
    progress.page('hs', page('accounts', 0));
    now = 1000;
    progress.page('hs', page('accounts', 100));
    progress.expect('hs', 'owners', null);
    now = 2000;
    progress.page('hs', page('owners', 40));
    expect(out[1]).toBe('\rhs accounts [##########..........]  100 of 200 (50%)  100/s  ETA 0:01\u001b[K');
    expect(out[2]).toBe('\rhs accounts [##########..........]  100 of 200 (50%)  100/s  ETA 0:01\u001b[K\n');
    expect(out[3]).toBe('\rhs owners  40 records  40,000/s\u001b[K');
  });

  it('formats durations', () => {
    expect([duration(0), duration(61), duration(3725), duration(Infinity)]).toEqual(['0:00', '1:01', '1:02:05', '?']);
  });
});

describe('the scoring clock', () => {
  it('reads measures at the end of the UTC day, so passes of one day agree', () => {
    const morning = Date.parse('2026-11-24T08:00:00Z');
    const evening = Date.parse('2026-11-24T23:59:00Z');
    expect(measuredAt(morning)).toBe(Date.parse('2026-11-24T23:59:59.999Z'));
    expect(measuredAt(evening)).toBe(measuredAt(morning));
    expect(measuredAt(Date.parse('2026-11-25T00:00:00Z'))).toBe(Date.parse('2026-11-25T23:59:59.999Z'));
  });
});
