import { generateBook } from '../../emulators/book/generateBook.js';
import { accountRanges, type AccountRange } from '../../state/accountRanges.js';
import { openState, type State } from '../../state/openState.js';
import { latestScores, writeScorePass } from '../../state/snapshots.js';
import { readTaskInputs } from '../../state/taskInputs.js';
import { readWriteState } from '../../state/writes.js';
import { bookToState, BOOK_CONNECTOR } from '../support/bookToState.js';
import { NOW } from '../support/scoringFixtures.js';

let state: State;
let ranges: AccountRange[];

beforeAll(() => {
  state = openState(':memory:');
  bookToState(state, generateBook({ accounts: 50, seed: 5, asOf: new Date(NOW).toISOString() }));
  state.db.prepare(`UPDATE accounts SET deleted_at = '2025-06-01T00:00:00Z' WHERE connector = ? AND crm_id IN ('A3', 'A30')`).run(BOOK_CONNECTOR);
  const live = state.db.prepare('SELECT crm_id FROM accounts WHERE connector = ? AND deleted_at IS NULL ORDER BY crm_id').pluck().all(BOOK_CONNECTOR) as string[];
  writeScorePass(
    state,
    { connector: BOOK_CONNECTOR, asOf: new Date(NOW).toISOString(), runId: null, modelVersion: 'm', riskSource: 'prior', summary: {} },
    live.map((accountId, i) => ({
      accountId, health: i, band: 'red', churnRisk: 0.1, riskSource: 'prior', coverage: 1, measures: {}, drivers: { level: [], change: [], risk: [] },
      driversText: '', trend: 'flat', trendChange: null, trendSlope: null, flags: [],
    })),
  );
  ranges = accountRanges(state, BOOK_CONNECTOR, 7);
});
afterAll(() => state.close());

describe('account ranges', () => {
  it('cut the live accounts into consecutive ranges of the given size, the last one open-ended', () => {
    expect(ranges).toHaveLength(Math.floor(48 / 7) + 1);
    expect(ranges[0]!.after).toBe('');
    ranges.slice(1).forEach((r, i) => expect(r.after).toBe(ranges[i]!.upTo));
    expect(ranges.at(-1)!.upTo).toBeNull();
  });

  it('read together exactly what one read of the whole connector gives, deleted accounts included where they count', () => {
    const whole = readWriteState(state, BOOK_CONNECTOR);
    const parts = ranges.map((r) => readWriteState(state, BOOK_CONNECTOR, r));
    expect(new Map(parts.flatMap((p) => [...p.accounts]))).toEqual(whole.accounts);
    expect(parts.flatMap((_, i) => latestScores(state, BOOK_CONNECTOR, ranges[i]))).toEqual(latestScores(state, BOOK_CONNECTOR));
    const tasks = ranges.flatMap((r) => readTaskInputs(state, BOOK_CONNECTOR, NOW, 30, r).accounts);
    expect(tasks).toEqual(readTaskInputs(state, BOOK_CONNECTOR, NOW, 30).accounts);
    expect(tasks).toHaveLength(48);
  });
});
