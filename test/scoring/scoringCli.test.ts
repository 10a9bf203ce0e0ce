import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBook } from '../../emulators/book/generateBook.js';
import type { Book } from '../../emulators/book/bookTypes.js';
import { openState } from '../../state/openState.js';
import { latestScores } from '../../state/snapshots.js';
import { bookToState } from '../support/bookToState.js';
import { runCli } from '../support/runCli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
// Scoring runs at the wall clock, so the book is generated as of today.
const book: Book = generateBook({ accounts: 400, seed: 11 });

function setUp(): string {
  const file = join(tempDir(), 'vitals.yaml');
  writeFileSync(file, 'connectors:\n  - { name: book, type: hubspot, auth: { accessToken: x } }\n');
  const state = openState(join(tempDir(), 'vitals.db'));
  bookToState(state, book);
  state.close();
  return file;
}

describe('vitals score, explain, backtest (spawned)', () => {
  it('scores the book, stores a snapshot per account and explains one', () => {
    const file = setUp();
    const human = runCli(['score', '-c', file]);
    expect(human.stderr).not.toMatch(/error/i);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/^Scored book in [\d.]+ s: [\d,]+ customers scored; [\d,]+ churned accounts are not scored \(last renewal lost, nothing won since\)$/m);
    expect(human.stdout).toMatch(/mean churn risk [\d.]+%/);

    const json = runCli(['score', '-c', file, '--json']);
    expect(json.status).toBe(0);
    const [summary] = JSON.parse(json.stdout).connectors;
    const live = book.accounts.filter((a) => a.arr > 0).length;
    expect(summary).toMatchObject({ connector: 'book', summary: { accounts: live, churned: book.accounts.length - live } });
    expect(summary.modelVersion).toMatch(/^health-v1\+risk-(prior|fitted)-[0-9a-f]{8}$/);

    const state = openState(join(tempDir(), 'vitals.db'));
    const scores = latestScores(state, 'book');
    state.close();
    expect(scores).toHaveLength(live);
    const target = scores.find((s) => s.band !== 'green') ?? scores[0]!;
    const explained = runCli(['explain', target.accountId, '-c', file]);
    expect(explained.status).toBe(0);
    expect(explained.stdout).toContain(`(book ${target.accountId})`);
    expect(explained.stdout).toMatch(/health [\d.]+ {2}(red|yellow|green)/);
    expect(explained.stdout).toContain('Ticket load');
    expect(explained.stdout).toContain('recent snapshots');

    const asJson = JSON.parse(runCli(['explain', target.accountId, '-c', file, '--json']).stdout);
    expect(asJson.latest).toMatchObject({ health: expect.any(Number), band: target.band, driversText: target.driversText });
    expect(asJson.history).toHaveLength(1);
    expect(Object.keys(asJson.latest.measures)).toEqual(expect.arrayContaining(['ticketLoad', 'renewalReadiness', 'activityRecency']));
  });

  it('exits 2 for an unknown account, an unknown connector, or nothing scored yet', () => {
    const file = setUp();
    const live = book.accounts.find((a) => a.arr > 0)!;
    expect(runCli(['explain', `A${live.index}`, '-c', file]).stderr).toContain('has no score yet; run `vitals score`');
    // A churned account is never scored: it says so and when, not to run `vitals score`.
    const gone = book.accounts.find((a) => a.arr === 0)!;
    runCli(['score', '-c', file]);
    const churned = runCli(['explain', `A${gone.index}`, '-c', file]);
    expect({ status: churned.status, said: churned.stderr }).toEqual({
      status: 2,
      said: expect.stringMatching(/churned: its last renewal was lost on \d{4}-\d\d-\d\d; churned accounts are not scored/),
    });
    const unknown = runCli(['explain', 'No Such Company', '-c', file]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no account matches "No Such Company"');
    expect(runCli(['score', '--connector', 'nope', '-c', file]).status).toBe(2);
  });

  it('back-tests the renewal history', () => {
    const file = setUp();
    const result = runCli(['backtest', '-c', file, '--json']);
    expect(result.status).toBe(0);
    const [report] = JSON.parse(result.stdout).connectors;
    expect(report.renewals).toBeGreaterThan(300);
    expect(report.risk.auc).toBeGreaterThan(0.55);
    expect(report.bands.map((b: { band: string }) => b.band)).toEqual(['red', 'yellow', 'green']);
    const human = runCli(['backtest', '-c', file]);
    expect(human.stdout).toMatch(/churn risk {4}AUC 0\.\d{3}/);
    expect(human.stdout).toContain('lead time:');
  });
});
