import { generateBook } from '../../emulators/book/generateBook.js';
import { scoreBook } from '../../src/scoring/scoreBook.js';
import { snapshotRecordOf } from '../../src/scoring/snapshotRecord.js';
import { NO_HISTORY } from '../../src/model/scoreHistory.js';
import { desiredOutputs } from '../../src/writeback/readDesired.js';
import Database from 'better-sqlite3';
import { applyMigrations, readMigrations, schemaVersion } from '../../state/migrate.js';
import { openState, type State } from '../../state/openState.js';
import { findAccounts, readScoringInputs, scoredConnectors } from '../../state/scoringInputs.js';
import { latestPass, latestScores, readScoringHistory, recentSnapshots, writeScorePass, type SnapshotRecord } from '../../state/snapshots.js';
import { upsertPage } from '../../state/upsertPage.js';
import { bookToState } from '../support/bookToState.js';
import { DAY, defaultScoring, NOW } from '../support/scoringFixtures.js';

const config = defaultScoring();
let state: State;

beforeEach(() => {
  state = openState(':memory:');
});
afterEach(() => state.close());

function record(accountId: string, health: number, over: Partial<SnapshotRecord> = {}): SnapshotRecord {
  return {
    accountId,
    health,
    band: health < 40 ? 'red' : health < 70 ? 'yellow' : 'green',
    churnRisk: 0.1234,
    riskSource: 'fitted',
    coverage: 0.9,
    measures: { csat: { s: health, v: 4, w: 0.1, p: 1 } },
    drivers: { level: [], change: [], risk: [] },
    driversText: `text ${health}`,
    trend: 'flat',
    trendChange: null,
    trendSlope: null,
    flags: [],
    ...over,
  };
}
const pass = (daysAgo: number, records: SnapshotRecord[]) =>
  writeScorePass(state, { connector: 'hs', asOf: new Date(NOW - daysAgo * DAY).toISOString(), runId: null, modelVersion: 'health-v1+risk-fitted-abc', riskSource: 'fitted', summary: { n: records.length } }, records);

describe('snapshots in the state', () => {
  it('adds the scoring migration', () => {
    expect(schemaVersion(state.db)).toBeGreaterThanOrEqual(2);
    expect(latestPass(state, 'hs')).toBeNull();
    expect(latestScores(state, 'hs')).toEqual([]);
  });

  it('gives the write-back the latest pass, which it turns into CRM units', () => {
    pass(2, [record('A1', 50.4)]);
    pass(1, [record('A1', 71.6, { trend: 'up', churnRisk: 0.3456 }), record('A2', 12)]);
    const latest = latestScores(state, 'hs');
    expect(latest).toEqual([
      { accountId: 'A1', health: 71.6, band: 'green', churnRisk: 0.3456, trend: 'up', driversText: 'text 71.6', scoredAt: new Date(NOW - DAY).toISOString(), modelVersion: 'health-v1+risk-fitted-abc' },
      { accountId: 'A2', health: 12, band: 'red', churnRisk: 0.1234, trend: 'flat', driversText: 'text 12', scoredAt: new Date(NOW - DAY).toISOString(), modelVersion: 'health-v1+risk-fitted-abc' },
    ]);
    expect(desiredOutputs(latest, () => true).map((d) => [d.outputs.health_score, d.outputs.churn_risk])).toEqual([
      [72, 35],
      [12, 12],
    ]);
    expect(recentSnapshots(state, 'hs', 'A1', 5).map((s) => s.health)).toEqual([71.6, 50.4]);
    expect(latestPass(state, 'hs')).toMatchObject({ accounts: 2, riskSource: 'fitted', summary: { n: 2 } });
  });

  it('carries what the next pass needs, one row per account, and forgets accounts no longer scored', () => {
    pass(2, [record('A1', 50, { carry: { recentHealths: [50], daily: [[20_000, 50]] } }), record('A2', 90)]);
    pass(1, [record('A1', 45, { carry: { recentHealths: [45, 50], daily: [[20_000, 50], [20_001, 45]] } })]);
    const history = readScoringHistory(state, 'hs');
    expect([...history.previous.keys()]).toEqual(['A1']);
    expect(history.previous.get('A1')).toEqual({ band: 'yellow', recentHealths: [45, 50], measureScores: { csat: 45 }, daily: [[20_000, 50], [20_001, 45]] });
  });

  it('stores a scored book and reads it back for explain and the next run', () => {
    bookToState(state, generateBook({ accounts: 200, seed: 5, asOf: new Date(NOW).toISOString() }), 'hs');
    const inputs = readScoringInputs(state, 'hs');
    const first = scoreBook(inputs, config, NOW, NO_HISTORY);
    writeScorePass(
      state,
      { connector: 'hs', asOf: new Date(NOW).toISOString(), runId: null, modelVersion: first.modelVersion, riskSource: first.risk.source, summary: {} },
      first.accounts.map((a) => snapshotRecordOf(a, first.risk.source)),
    );
    const later = NOW + 7 * DAY;
    const second = scoreBook(inputs, config, later, readScoringHistory(state, 'hs'));
    const a = first.accounts[0]!;
    const b = second.accounts.find((x) => x.accountId === a.accountId)!;
    expect(b.carry.daily).toEqual([
      [Math.floor(NOW / DAY), a.health],
      [Math.floor(later / DAY), b.health],
    ]);
    expect(b.carry.recentHealths).toEqual([b.health]);
    expect(b.trend.slopePerWeek).toBeCloseTo(b.health - a.health, 8);
    const stored = recentSnapshots(state, 'hs', a.accountId, 1)[0]!;
    expect(stored.health).toBe(a.health);
    expect(stored.driversText).toBe(a.drivers.text);
    expect(Object.keys(stored.measures)).toEqual(a.measures.map((m) => m.key));
    expect(latestScores(state, 'hs')).toHaveLength(first.accounts.length);
  });
});

describe('scoring inputs', () => {
  it('reads each live account with its tickets and opportunities, in three queries', () => {
    const book = generateBook({ accounts: 50, seed: 9, asOf: new Date(NOW).toISOString() });
    bookToState(state, book);
    upsertPage(state, { connector: 'book', object: 'tickets', rows: [], deletedIds: ['T0'], quarantined: [], cursor: {} });
    const inputs = readScoringInputs(state, 'book');
    expect(scoredConnectors(state)).toEqual(['book']);
    expect(inputs).toHaveLength(50);
    expect(inputs.reduce((n, a) => n + a.tickets.length, 0)).toBe(book.tickets.length - 1);
    expect(inputs.reduce((n, a) => n + a.opportunities.length, 0)).toBe(book.opportunities.length);
    const a0 = inputs.find((a) => a.id === 'A0')!;
    expect(a0.createdMs).toBe(Date.parse(book.accounts[0]!.createdAt));
    expect(a0.extras).toEqual({ usage_score: book.accounts[0]!.usageScore, nps: book.accounts[0]!.nps });
  });

  it('finds an account by id, exact name or name prefix', () => {
    bookToState(state, generateBook({ accounts: 30, seed: 9, asOf: new Date(NOW).toISOString() }));
    const name = readScoringInputs(state, 'book')[3]!.name!;
    expect(findAccounts(state, 'A3')).toEqual([{ connector: 'book', id: 'A3', name: expect.any(String) }]);
    expect(findAccounts(state, name.toUpperCase()).map((a) => a.name)).toContain(name);
    expect(findAccounts(state, name.slice(0, name.length - 2)).length).toBeGreaterThan(0);
    expect(findAccounts(state, '%')).toEqual([]);
    expect(findAccounts(state, 'A3', 'other')).toEqual([]);
  });
});

describe('snapshot storage', () => {
  it('takes snapshots as they are made (a generator) and counts them in the pass', () => {
    function* made(): Generator<SnapshotRecord> {
      yield record('A1', 50);
      yield record('A2', 80);
    }
    writeScorePass(state, { connector: 'hs', asOf: new Date(NOW).toISOString(), runId: null, modelVersion: 'm', riskSource: 'prior', summary: {} }, made());
    expect(latestPass(state, 'hs')).toMatchObject({ accounts: 2 });
    expect(latestScores(state, 'hs').map((s) => s.accountId)).toEqual(['A1', 'A2']);
  });

  it('moves snapshots written before migration 006 to the new table unchanged, keys and pass index included', () => {
    const db = new Database(':memory:');
    const before = readMigrations().filter((m) => m.version < 6);
    applyMigrations(db, before);
    const insert = db.prepare(
      `INSERT INTO score_snapshots (connector, account_id, as_of, run_id, health, band, churn_risk, risk_source, coverage, measures, drivers, model_version, trend, trend_change, trend_slope, drivers_text, flags)
       VALUES (?, ?, ?, NULL, ?, ?, 0.25, 'prior', 0.5, '{"csat":{"s":1}}', '{"level":[]}', 'm', 'up', 1.5, -0.5, 'text', '[]')`,
    );
    for (const [account, asOf, health] of [['B', '2026-01-02', 40], ['A', '2026-01-02', 90], ['A', '2026-01-01', 30]] as const) insert.run('hs', account, asOf, health, health < 40 ? 'red' : 'green');
    const rows = () => db.prepare('SELECT * FROM score_snapshots ORDER BY connector, account_id, as_of').all();
    const old = rows();
    expect(applyMigrations(db)).toContain(6);
    expect(rows()).toEqual(old);
    expect(() => insert.run('hs', 'A', '2026-01-01', 1, 'red')).toThrow(/UNIQUE/);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT account_id FROM score_snapshots INDEXED BY score_snapshots_by_pass WHERE connector = 'hs' AND as_of = '2026-01-02' ORDER BY account_id").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});
