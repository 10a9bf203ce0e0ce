import { z } from 'zod';
import type { UsageSourceConfig } from '../../src/config/config.js';
import { UsageSourceError, type UsageDay, type UsageSource, type UsageSourceDefinition } from '../../src/contracts/usageSource.js';
import { createLogger } from '../../src/log/logger.js';
import { dayText, epochDay } from '../../src/model/time.js';
import { linkUsage, linkUsageForScoring } from '../../src/usage/linkUsage.js';
import { readUsageSources } from '../../src/usage/readUsageSources.js';
import { usageStatus } from '../../src/usage/usageStatus.js';
import { openState, type State } from '../../state/openState.js';
import { storedBook } from '../../state/scoringInputs.js';
import { usageReadState } from '../../state/usageDays.js';
import { seedAccounts } from '../support/writebackFixture.js';

const log = createLogger('test');
const TODAY = '2026-12-08';
const now = new Date(`${TODAY}T15:00:00Z`);
const today = epochDay(TODAY)!;

/** An in-memory source: what a real one's engine would hand out, with faults on demand. */
interface FakeData {
  rows: UsageDay[];
  /** Throws when asked for a window starting on this day or later. */
  failFrom?: string;
  reads: { from: string; to: string }[];
}

function fakeDefinition(data: FakeData): UsageSourceDefinition<Record<string, never>> {
  return {
    type: 'fake',
    optionsSchema: z.strictObject({}),
    create: (_options, context): UsageSource => ({
      name: context.name,
      check: async () => {
        const days = data.rows.map((r) => r.day).sort();
        return { summary: `${data.rows.length} rows`, firstDay: days[0] ?? null, lastDay: days.at(-1) ?? null };
      },
      async *readDays(range) {
        data.reads.push(range);
        if (data.failFrom && range.from >= data.failFrom) throw new UsageSourceError(context.name, 'the query failed: relation "usage" does not exist');
        // Hands out what lies after today too: the engine must refuse it, whatever the source checks.
        yield data.rows.filter((r) => r.day >= range.from && (r.day <= range.to || r.day > TODAY));
      },
      close: async () => undefined,
    }),
  };
}

function sourceConfig(data: FakeData, over: Partial<UsageSourceConfig> = {}): UsageSourceConfig {
  return {
    name: 'product',
    type: 'fake',
    definition: fakeDefinition(data) as UsageSourceDefinition<unknown>,
    options: {},
    match: { connector: 'acme', field: 'website' },
    lateDays: 3,
    since: null,
    setting: 's1',
    ...over,
  };
}

function day(offset: number): string {
  return dayText(today + offset);
}

function usage(key: string, offset: number, events: number, activeUsers = 2): UsageDay {
  return { key, day: day(offset), activeUsers, activeUsers30d: activeUsers + 3, events, features30d: 4, seats: 10 };
}

let state: State;
beforeEach(() => {
  state = openState(':memory:');
  seedAccounts(state, 'acme', 3, (i) => ({ website: ['https://www.acme.com/', 'globex.io', null][i]! }));
});
afterEach(() => state.close());

const storedEvents = (key: string) =>
  state.db.prepare('SELECT day, events FROM usage_daily WHERE key_id = (SELECT id FROM usage_keys WHERE source = ? AND key = ?) ORDER BY day').raw().all('product', key) as [number, number][];

describe('reading a usage source into the state', () => {
  it('stores the days from the first the source has, keys normalised, matched to accounts by website', async () => {
    const data: FakeData = {
      rows: [usage('ACME.com', -70, 5), usage('acme.com', -1, 7), usage('http://globex.io/', 0, 3), usage('trial-9.example', -2, 1)],
      reads: [],
    };
    const [result] = await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    expect(result!.error).toBeUndefined();
    expect(result!.read).toEqual({ from: day(-70), to: TODAY });
    // 71 days in windows of 31: three transactions.
    expect(data.reads.map((r) => r.from)).toEqual([day(-70), day(-39), day(-8)]);
    expect(storedEvents('acme.com')).toEqual([[today - 70, 5], [today - 1, 7]]);
    expect(result!.matched).toEqual({ keys: 3, accounts: 2, unmatchedKeys: 1 });
    expect(usageStatus(state, [sourceConfig(data)])[0]!.unmatchedExamples).toEqual([{ key: 'trial-9.example', lastDay: day(-2) }]);
    const read = usageReadState(state, 'product')!;
    expect([read.readFrom, read.readThrough, read.rows]).toEqual([today - 70, today, 4]);
  });

  it('re-reads only the late-data window next run, and replaces what changed in it', async () => {
    const data: FakeData = { rows: [usage('acme.com', -40, 5), usage('acme.com', -2, 7), usage('acme.com', -1, 1)], reads: [] };
    await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    data.reads.length = 0;
    // Late data: day -2 corrected, day -1 withdrawn, day 0 new.
    data.rows = [usage('acme.com', -40, 5), usage('acme.com', -2, 9), usage('acme.com', 0, 4)];
    const [result] = await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    expect(data.reads).toEqual([{ from: day(-2), to: TODAY, endsToday: true }]);
    expect(result!.rows).toBe(2);
    expect(storedEvents('acme.com')).toEqual([[today - 40, 5], [today - 2, 9], [today, 4]]);
    expect(usageReadState(state, 'product')!.rows).toBe(3);
  });

  it('clears the late window of a key that sends none of it any more, and merges a key written two ways wherever its rows come', async () => {
    const data: FakeData = { rows: [usage('acme.com', -2, 5), usage('globex.io', -30, 8), usage('globex.io', -1, 3)], reads: [] };
    await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    // globex.io's late day withdrawn (its older day stays); acme.com twice, with another key between.
    data.rows = [usage('acme.com', -2, 5), usage('trial.example', -1, 1), usage('ACME.com', -2, 2, 6), usage('globex.io', -30, 8)];
    await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    expect(storedEvents('globex.io')).toEqual([[today - 30, 8]]);
    expect(storedEvents('acme.com')).toEqual([[today - 2, 7]]);
    expect(state.db.prepare("SELECT active_users FROM usage_daily WHERE key_id = (SELECT id FROM usage_keys WHERE key = 'acme.com')").pluck().get()).toBe(6);
    expect(usageReadState(state, 'product')!.rows).toBe(3);
  });

  it('is idempotent: reading twice stores the same rows', async () => {
    const data: FakeData = { rows: [usage('acme.com', -5, 5), usage('acme.com', -1, 2)], reads: [] };
    await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    const once = state.db.prepare('SELECT * FROM usage_daily ORDER BY key_id, day').all();
    await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    expect(state.db.prepare('SELECT * FROM usage_daily ORDER BY key_id, day').all()).toEqual(once);
  });

  it('keeps the windows stored before a failure, stores nothing of the failing one, and resumes there', async () => {
    const data: FakeData = { rows: [usage('acme.com', -70, 5), usage('acme.com', -35, 6), usage('acme.com', -3, 7)], failFrom: day(-39), reads: [] };
    const [failed] = await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    expect(failed!.error).toBe('usage source product: the query failed: relation "usage" does not exist');
    expect(storedEvents('acme.com')).toEqual([[today - 70, 5]]);
    expect(usageReadState(state, 'product')).toMatchObject({ readThrough: today - 40, error: failed!.error });
    expect(usageStatus(state, [sourceConfig(data)])[0]!.error!.message).toContain('relation "usage" does not exist');

    delete data.failFrom;
    data.reads.length = 0;
    const [resumed] = await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    expect(resumed!.error).toBeUndefined();
    expect(data.reads[0]!.from).toBe(day(-42));
    expect(storedEvents('acme.com')).toEqual([[today - 70, 5], [today - 35, 6], [today - 3, 7]]);
    expect(usageReadState(state, 'product')!.error).toBeNull();
  });

  it('refuses a day in the future, naming it, and stores nothing of that window', async () => {
    const data: FakeData = { rows: [usage('acme.com', -2, 5), usage('acme.com', 2, 1)], reads: [] };
    const [result] = await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    expect(result!.error).toMatch(new RegExp(`${day(2)}.*after today \\(${TODAY} UTC\\)`));
    expect(storedEvents('acme.com')).toEqual([]);
  });

  it('reads everything again when the settings that shape the rows change', async () => {
    const data: FakeData = { rows: [usage('acme.com', -5, 5)], reads: [] };
    await readUsageSources(state, [sourceConfig(data)], '/', log, { now });
    data.rows = [usage('acme.com', -6, 1)];
    await readUsageSources(state, [sourceConfig(data, { setting: 's2' })], '/', log, { now });
    expect(storedEvents('acme.com')).toEqual([[today - 6, 1]]);
  });

  it("keeps another connector's links when a run reads only some sources (run --connector)", async () => {
    seedAccounts(state, 'other', 1, () => ({ website: 'acme.com' }));
    const mine = sourceConfig({ rows: [usage('acme.com', -1, 5)], reads: [] });
    const theirs = sourceConfig({ rows: [usage('acme.com', -1, 6)], reads: [] }, { name: 'theirs', match: { connector: 'other', field: 'website' } });
    await readUsageSources(state, [mine, theirs], '/', log, { now });
    await readUsageSources(state, [mine], '/', log, { now });
    const links = state.db.prepare('SELECT connector, source FROM usage_links ORDER BY connector').raw().all();
    expect(links).toEqual([['acme', 'product'], ['other', 'theirs']]);
    // Scoring drops only the links of sources gone from the config.
    linkUsageForScoring(state, [mine], 'acme');
    expect(state.db.prepare('SELECT connector, source FROM usage_links').raw().all()).toEqual([['acme', 'product']]);
  });

  it('hands scoring each matched account its series, the first source in the config winning per day and metric', async () => {
    const first: FakeData = { rows: [usage('acme.com', -3, 5), { ...usage('acme.com', -2, 6), seats: null }], reads: [] };
    const second: FakeData = { rows: [usage('acme.com', -2, 60, 9), usage('acme.com', -1, 70)], reads: [] };
    const sources = [sourceConfig(first), sourceConfig(second, { name: 'warehouse' })];
    await readUsageSources(state, sources, '/', log, { now });
    linkUsage(state, sources);
    const [book] = [...storedBook(state, 'acme').chunks()];
    const acme = book!.find((a) => a.id === 'A0000')!;
    const s = acme.usage!;
    expect([...s.days]).toEqual([today - 3, today - 2, today - 1]);
    expect([...s.events]).toEqual([5, 6, 70]);
    expect([...s.activeUsers]).toEqual([2, 2, 2]);
    // Day -2: the first source gave no seats, the second did.
    expect([...s.seats]).toEqual([10, 10, 10]);
    // Covered up to the latest day with data (yesterday), not the day read: today's figures are not in yet.
    expect([s.fromDay, s.toDay]).toEqual([today - 3, today - 1]);
    expect(book!.find((a) => a.id === 'A0002')!.usage).toBeNull();
  });
});
