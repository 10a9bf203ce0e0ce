import { generateBook } from '../../emulators/book/generateBook.js';
import type { Book } from '../../emulators/book/bookTypes.js';
import type { AccountInputs } from '../../src/model/accountInputs.js';
import { rawBand } from '../../src/scoring/bands.js';
import { scoreBook, type BookScore } from '../../src/scoring/scoreBook.js';
import { NO_HISTORY } from '../../src/model/scoreHistory.js';
import { bookSummary, snapshotRecordOf } from '../../src/scoring/snapshotRecord.js';
import { openState } from '../../state/openState.js';
import { readScoringInputs } from '../../state/scoringInputs.js';
import { bookToState } from '../support/bookToState.js';
import { account, defaultScoring, opportunity, ticket, NOW } from '../support/scoringFixtures.js';

const AS_OF = new Date(NOW).toISOString();
const config = defaultScoring();
let book: Book;
let inputs: AccountInputs[];
let scored: BookScore;

beforeAll(() => {
  book = generateBook({ accounts: 800, seed: 3, asOf: AS_OF });
  const state = openState(':memory:');
  bookToState(state, book);
  inputs = readScoringInputs(state, 'book');
  state.close();
  scored = scoreBook(inputs, config, NOW, NO_HISTORY);
});

describe('scoreBook on a generated book', () => {
  it('scores every live account and leaves the churned ones out', () => {
    const churned = book.accounts.filter((a) => a.arr === 0).length;
    expect(scored.churned).toBe(churned);
    expect(scored.accounts).toHaveLength(book.accounts.length - churned - scored.unscorable);
    expect(scored.unscorable).toBe(0);
  });

  it('keeps every output in range', () => {
    for (const a of scored.accounts) {
      expect(a.health).toBeGreaterThanOrEqual(0);
      expect(a.health).toBeLessThanOrEqual(100);
      expect(a.coverage).toBeGreaterThan(0);
      expect(a.coverage).toBeLessThanOrEqual(1 + 1e-9);
      expect(a.churnRisk).toBeGreaterThan(0);
      expect(a.churnRisk).toBeLessThan(1);
      expect(a.drivers.text.length).toBeLessThanOrEqual(255);
      expect(a.band).toBe(rawBand(a.health, config.bands));
      expect(a.trend.label).toBe('flat');
      if (a.flags.length > 0) expect(a.band).toBe('red');
    }
  });

  it('prices red accounts riskier than yellow, and yellow than green', () => {
    const mean = (band: string) => {
      const inBand = scored.accounts.filter((a) => a.band === band);
      return inBand.reduce((s, a) => s + a.churnRisk, 0) / inBand.length;
    };
    expect(mean('red')).toBeGreaterThan(mean('yellow'));
    expect(mean('yellow')).toBeGreaterThan(mean('green'));
  });

  it('explains the risk with the factors raising and lowering it, in percentage points', () => {
    const risky = [...scored.accounts].sort((a, b) => b.churnRisk - a.churnRisk)[0]!;
    expect(risky.riskDrivers.length).toBeGreaterThan(0);
    expect(risky.riskDrivers[0]!.points).toBeGreaterThan(0);
    expect(risky.riskDrivers.filter((d) => d.points > 0).length).toBeLessThanOrEqual(3);
  });

  it('names the model it used, and is deterministic', () => {
    expect(scored.modelVersion).toMatch(/^health-v1\+risk-fitted-[0-9a-f]{8}$/);
    expect(scored.risk.source).toBe('fitted');
    const again = scoreBook(inputs, config, NOW, NO_HISTORY);
    expect(again.modelVersion).toBe(scored.modelVersion);
    expect(again.accounts.map(snapshotRecordOfFitted)).toEqual(scored.accounts.map(snapshotRecordOfFitted));
  });

  it('summarises the book for `vitals score`', () => {
    const summary = bookSummary(scored);
    expect(summary.bands.red + summary.bands.yellow + summary.bands.green).toBe(scored.accounts.length);
    expect(summary.meanChurnRisk).toBeGreaterThan(0.05);
    expect(summary.meanChurnRisk).toBeLessThan(0.25);
  });

  it('holds a band against a previous run (hysteresis)', () => {
    const target = scored.accounts.find((a) => a.band === 'yellow' && a.health >= 60 && a.flags.length === 0)!;
    const history = { previous: new Map([[target.accountId, { band: 'green' as const, recentHealths: [90], measureScores: {}, daily: [] }]]) };
    const rescored = scoreBook(inputs, config, NOW, history).accounts.find((a) => a.accountId === target.accountId)!;
    expect(rescored.band).toBe('green');
  });
});

describe('scoreBook on a hand-built book', () => {
  it('uses the prior, at the configured churn rate, when there is no renewal history', () => {
    const accounts = [
      account({ tickets: [ticket({ priority: 'urgent', ageDays: 20 })] }),
      account({ lastActivityMs: null }),
      account({ opportunities: [opportunity({ type: 'new', amount: 10_000, closeDaysAgo: 400 })] }),
    ];
    const result = scoreBook(accounts, config, NOW, NO_HISTORY);
    expect(result.risk).toMatchObject({ source: 'prior', renewals: 0, churnedRenewals: 0, baseRate: 0.1 });
    expect(result.modelVersion).toMatch(/risk-prior-/);
    const [flagged] = result.accounts;
    expect(flagged!.flags.map((f) => f.code)).toEqual(['urgent-over-sla']);
    expect(flagged!.health).toBeLessThanOrEqual(39);
    expect(flagged!.drivers.text).toMatch(/^P1 open 20d \(red flag\) \(-\d+\)/);
    expect(flagged!.drivers.level.reduce((sum, d) => sum + d.points, 0)).toBeLessThanOrEqual(100 - flagged!.health + 1e-9);
    expect(flagged!.churnRisk).toBeGreaterThan(result.accounts[2]!.churnRisk);
  });

  it('does not score an account whose last renewal was lost', () => {
    const gone = account({ opportunities: [opportunity({ type: 'renewal', isWon: false, closeDaysAgo: 30 })] });
    const renewed = account({ opportunities: [opportunity({ type: 'renewal', isWon: false, closeDaysAgo: 400 }), opportunity({ type: 'new', closeDaysAgo: 200 })] });
    const result = scoreBook([gone, renewed], config, NOW, NO_HISTORY);
    expect(result.churned).toBe(1);
    expect(result.accounts.map((a) => a.accountId)).toEqual([renewed.id]);
  });
});

function snapshotRecordOfFitted(a: BookScore['accounts'][number]) {
  return snapshotRecordOf(a, 'fitted');
}
