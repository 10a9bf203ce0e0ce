import { BackfillProgress, duration } from '../../src/backfill/progress.js';
import { configureLogging, createLogger } from '../../src/log/logger.js';
import { stderrTerminal, Terminal } from '../../src/log/terminal.js';
import { measuredAt } from '../../src/scoring/scorePass.js';
import type { PullOutcome } from '../../src/sync/pullObject.js';

const page = (object: PullOutcome['object'], pulled: number): PullOutcome => ({ object, pulled, pages: 1, inserted: pulled, updated: 0, unchanged: 0, deleted: 0, quarantined: 0 });

function capture(isTTY: boolean): { out: string[]; terminal: Terminal } {
  const out: string[] = [];
  return { out, terminal: new Terminal({ write: (t: string) => out.push(t), isTTY }) };
}

describe('backfill progress', () => {
  it('prints plain lines at most every interval off a terminal, with share, rate and ETA from the count', () => {
    let now = 0;
    const { out, terminal } = capture(false);
    const progress = new BackfillProgress({ terminal, everyMs: 5000, now: () => now });
    progress.expect('acme-sf', 'tickets', 10_000);
    now = 1000;
    progress.page('acme-sf', page('tickets', 0));
    now = 3000;
    progress.page('acme-sf', page('tickets', 2000)); // too soon for a line
    now = 5000;
    progress.page('acme-sf', page('tickets', 5000));
    progress.finish();
    expect(out).toEqual(['acme-sf tickets  5,000 of 10,000 (50%)  1,000/s  ETA 0:05\n', 'acme-sf tickets  5,000 of 10,000 (50%)  1,000/s  ETA 0:05\n']);
  });

  it('redraws one line on a terminal and ends it when the next object starts; no count means no ETA', () => {
    let now = 0;
    const { out, terminal } = capture(true);
    const progress = new BackfillProgress({ terminal, now: () => now });
    progress.expect('hs', 'accounts', 200);
    now = 500;
    progress.page('hs', page('accounts', 0));
    now = 1000;
    progress.page('hs', page('accounts', 100));
    progress.expect('hs', 'owners', null);
    now = 2000;
    progress.page('hs', page('owners', 40));
    expect(out.slice(1)).toEqual([
      '\rhs accounts [##########..........]  100 of 200 (50%)  100/s  ETA 0:01\u001b[K',
      '\rhs accounts [##########..........]  100 of 200 (50%)  100/s  ETA 0:01\u001b[K',
      '\n',
      '\rhs owners  40 records  40/s\u001b[K',
    ]);
  });

  it('shows no rate before a second has passed, never "2,000,000/s" from a page read in a millisecond', () => {
    let now = 0;
    const { out, terminal } = capture(true);
    const progress = new BackfillProgress({ terminal, now: () => now });
    progress.expect('sf', 'tickets', 10_000);
    now = 1;
    progress.page('sf', page('tickets', 2000));
    expect(out.at(-1)).toBe('\rsf tickets [####................]  2,000 of 10,000 (20%)\u001b[K');
  });

  it('starts a resumed object from what earlier runs read, and rates only what this run read over its wall time', () => {
    let now = 0;
    const { out, terminal } = capture(false);
    const progress = new BackfillProgress({ terminal, now: () => now });
    progress.expect('hs', 'owners', 6731, 6731);
    progress.expect('hs', 'tickets', 23_718, 22_918);
    now = 40;
    progress.page('hs', page('owners', 0));
    now = 2040;
    progress.page('hs', page('tickets', 400));
    now = 4040;
    progress.page('hs', page('tickets', 800));
    progress.finish();
    expect(out).toEqual(['hs owners  6,731 of 6,731 (100%)\n', 'hs tickets  23,718 of 23,718 (100%)  200/s  ETA 0:00\n']);
  });

  it('formats durations', () => {
    expect([duration(0), duration(61), duration(3725), duration(Infinity)]).toEqual(['0:00', '1:01', '1:02:05', '?']);
  });
});

describe('log lines beside the progress bar', () => {
  afterEach(() => configureLogging({ sink: { write: (line) => stderrTerminal.line(line), isTTY: stderrTerminal.isTTY }, level: 'info', json: undefined }));

  it('clear the bar, print on their own line, and redraw the bar below', () => {
    const { out, terminal } = capture(true);
    configureLogging({ sink: { write: (line) => terminal.line(line), isTTY: true }, level: 'info', json: false });
    const progress = new BackfillProgress({ terminal, now: () => 0 });
    progress.expect('sf', 'tickets', 100);
    progress.page('sf', page('tickets', 50));
    createLogger('sf').warn('retrying');
    progress.page('sf', page('tickets', 60));
    expect(out[1]).toMatch(/^\r\u001b\[K\d\d:\d\d:\d\d WARN  \[sf\] retrying\n\rsf tickets \[#{10}\.{10}\]  50 of 100 \(50%\)\u001b\[K$/);
    expect(out[2]).toBe('\rsf tickets [############........]  60 of 100 (60%)\u001b[K');
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
