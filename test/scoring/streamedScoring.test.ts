import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { generateBook } from '../../emulators/book/generateBook.js';
import type { AccountInputs } from '../../src/model/accountInputs.js';
import { addPastRenewals, pastRenewals, RenewalSample, sampleCases, type RenewalCase } from '../../src/scoring/churn/renewalCases.js';
import { FactsTable } from '../../src/scoring/factsTable.js';
import { readFacts } from '../../src/scoring/measureAccounts.js';
import { scoreBook } from '../../src/scoring/scoreBook.js';
import { NO_HISTORY } from '../../src/model/scoreHistory.js';
import { measuredAt, scoreConnectorPass } from '../../src/scoring/scorePass.js';
import { ScoringProfiles } from '../../src/scoring/segmentProfile.js';
import { snapshotRecordOf } from '../../src/scoring/snapshotRecord.js';
import { openState, type State } from '../../state/openState.js';
import { startRun } from '../../state/runs.js';
import { readScoringInputs, storedBook } from '../../state/scoringInputs.js';
import { latestPass, readScoringHistory, recentSnapshots } from '../../state/snapshots.js';
import { bookToState, BOOK_CONNECTOR } from '../support/bookToState.js';
import { reportConfig } from '../support/reportFixture.js';
import { account, DAY, defaultScoring, NOW, opportunity, ticket } from '../support/scoringFixtures.js';

const AS_OF = new Date(NOW).toISOString();
let dir: string;
let config: Config;
let state: State;
let inputs: AccountInputs[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vitals-streamed-'));
  config = await reportConfig(dir);
  state = openState(config.statePath);
  bookToState(state, generateBook({ accounts: 600, seed: 11, asOf: AS_OF }));
  // A soft-deleted account in the middle of the id range: its tickets must not reach a neighbour.
  state.db.prepare(`UPDATE accounts SET deleted_at = ? WHERE connector = ? AND crm_id = 'A17'`).run(AS_OF, BOOK_CONNECTOR);
  inputs = readScoringInputs(state, BOOK_CONNECTOR);
});
afterAll(() => {
  state.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the stored book, read in chunks', () => {
  it('gives the same accounts, tickets and opportunities in chunks of any size, in id order', () => {
    const chunked = [...storedBook(state, BOOK_CONNECTOR, 7).chunks()];
    expect(chunked.length).toBe(Math.ceil(inputs.length / 7));
    expect(chunked.flat()).toEqual(inputs);
    const ids = inputs.map((a) => a.id);
    expect(ids).toEqual([...ids].sort());
    expect(inputs.some((a) => a.tickets.length > 0)).toBe(true);
  });

  it('leaves out a soft-deleted account and everything attached to it', () => {
    expect(inputs.find((a) => a.id === 'A17')).toBeUndefined();
    const attached = state.db.prepare(`SELECT COUNT(*) FROM tickets WHERE connector = ? AND account_id = 'A17'`).pluck().get(BOOK_CONNECTOR) as number;
    const read = inputs.reduce((n, a) => n + a.tickets.length, 0);
    const live = state.db
      .prepare(`SELECT COUNT(*) FROM tickets t JOIN accounts a ON a.connector = t.connector AND a.crm_id = t.account_id WHERE t.connector = ? AND a.deleted_at IS NULL AND t.deleted_at IS NULL`)
      .pluck()
      .get(BOOK_CONNECTOR) as number;
    expect(attached).toBeGreaterThan(0);
    expect(read).toBe(live);
  });

  it('reads chosen accounts by id exactly as the chunks give them, and skips unknown or deleted ones', () => {
    const wanted = [inputs[5]!, inputs[300]!, inputs[42]!];
    const read = storedBook(state, BOOK_CONNECTOR).read([...wanted.map((a) => a.id), 'A17', 'nope']);
    expect(new Map(read.map((a) => [a.id, a]))).toEqual(new Map(wanted.map((a) => [a.id, a])));
  });
});

describe('scoring a stored book as a stream', () => {
  it('stores for every account exactly the snapshot scoring the book in memory gives, twice over', () => {
    for (const nowMs of [NOW, NOW + 3 * DAY]) {
      const history = readScoringHistory(state, BOOK_CONNECTOR);
      const expected = scoreBook(readScoringInputs(state, BOOK_CONNECTOR), config.scoring, measuredAt(nowMs), history);
      const result = scoreConnectorPass(state, config, BOOK_CONNECTOR, startRun(state, 'score'), nowMs);
      expect(result.modelVersion).toBe(expected.modelVersion);
      expect(latestPass(state, BOOK_CONNECTOR)!.accounts).toBe(expected.accounts.length);
      for (const score of expected.accounts) {
        const { carry: _carry, ...record } = snapshotRecordOf(score, expected.risk.source);
        const [stored] = recentSnapshots(state, BOOK_CONNECTOR, score.accountId, 1);
        expect(stored).toMatchObject(record);
      }
    }
  });
});

describe('the renewal sample', () => {
  it('picks the same cases in the same order whether offered in book order or as one sorted list', () => {
    for (const max of [50, 400, 100_000]) {
      const streamed = new RenewalSample(max);
      const offered: RenewalCase[] = [];
      inputs.forEach((a, position) => addPastRenewals(offered, a, position, NOW));
      for (const c of offered) streamed.add(c);
      expect(streamed.cases()).toEqual(sampleCases(pastRenewals(inputs, NOW), max));
    }
  });
});

describe('the facts table', () => {
  it('gives back every account and its facts as they went in', () => {
    const profiles = new ScoringProfiles(defaultScoring());
    const odd = account({
      id: 'odd',
      arr: null,
      renewalMs: null,
      extras: { usage: 0.4, nps: null },
      tickets: [ticket({ priority: 'urgent', ageDays: 9 }), ticket({ priority: 'high', ageDays: 3, csat: 2 })],
      opportunities: [opportunity({ type: 'renewal', isClosed: false, closeMs: NOW + 20 * DAY })],
    });
    const table = new FactsTable();
    const added = [...inputs.slice(0, 200), odd].map((a) => {
      const facts = readFacts({ inputs: a, moment: { mode: 'current', atMs: NOW }, profile: profiles.for(a.segment) });
      table.add(a, facts);
      return { a, facts };
    });
    expect(added.some(({ facts }) => facts.support.worstOpen !== null)).toBe(true);
    expect(added.some(({ facts }) => facts.commercial.renewal?.progress === null)).toBe(true);
    added.forEach(({ a, facts }, i) => {
      const { tickets: _t, opportunities: _o, usage: _u, ...header } = a;
      expect(table.account(i)).toEqual(header);
      expect(table.facts(i)).toEqual(facts);
    });
  });
});
