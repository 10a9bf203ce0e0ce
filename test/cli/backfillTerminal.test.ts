import { runCliInTerminal, visibleLines } from '../support/runCli.js';
import { serveBookWithConfig, type ServedBook } from '../support/demoBook.js';

const LOG_LINE = /\d\d:\d\d:\d\d (DEBUG|INFO |WARN |ERROR) \[/;

/** `vitals backfill` on a terminal: the progress bar and log lines share the screen without overwriting each other. */
describe('vitals backfill on a terminal', () => {
  let book: ServedBook;
  beforeAll(async () => {
    book = await serveBookWithConfig({ accounts: 150 });
  }, 60_000);
  afterAll(async () => book?.close());

  it('prints each log line on its own line above the bar, which is redrawn below it', async () => {
    const { status, screen } = await runCliInTerminal(['-c', book.configFile, 'backfill', '--verbose'], { env: book.env });
    expect(status).toBe(0);
    expect(screen).toMatch(/\r[\w-]+ \w+ \[[#.]{20}\] {2}[\d,]+ of [\d,]+/);
    const lines = visibleLines(screen.replace(/\r\n/g, '\n'));
    const logs = lines.filter((line) => LOG_LINE.test(line));
    // --verbose shows the per-object lines (debug), each alone on its line: no bar drawn before it.
    expect(logs.some((line) => /DEBUG \[backfill\.acme-sf\.\w+\] pulled/.test(line))).toBe(true);
    for (const line of logs) expect(line).toMatch(/^\d\d:\d\d:\d\d /);
    // Each object's bar ends complete, on a line of its own.
    const bars = lines.filter((line) => / \[[#.]{20}\] /.test(line));
    expect(bars.length).toBeGreaterThan(0);
    for (const bar of bars) expect(bar).toMatch(/^[\w-]+ \w+ \[#{20}\] {2}([\d,]+) of \1 \(100%\)/);
  }, 120_000);
});
