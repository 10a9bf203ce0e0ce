import { rmSync } from 'node:fs';
import type { Config } from '../../src/config/config.js';
import { configureLogging } from '../../src/log/logger.js';
import { DAY_MS } from '../../src/model/time.js';
import { riskSection } from '../../src/reporting/html/bookSections.js';
import { readReportModel } from '../../src/reporting/reportModel.js';
import type { State } from '../../state/openState.js';
import { HS, SF, seedTwoConnectorBook } from '../support/twoConnectorBook.js';

/**
 * One book held by a Salesforce org and a HubSpot portal (as `npm run demo` serves it): the
 * report counts each customer once. A few HubSpot companies lack their domain (matched by
 * name) and one has a larger ARR there (the larger counts).
 */
const NOW = Date.parse('2025-06-15T12:00:00Z');

let dir: string;
let config: Config;
let state: State;
let byName: string[];
let raised: { id: string; arr: number };

beforeAll(async () => {
  configureLogging({ level: 'error' });
  ({ dir, config, state, byName, raised } = await seedTwoConnectorBook(NOW));
}, 120_000);

afterAll(() => {
  state?.close();
  rmSync(dir, { recursive: true, force: true });
});

const report = (names: string[]) => readReportModel(state, config, names, { now: new Date(NOW), since: new Date(NOW - 7 * DAY_MS) });

describe('a book held in two connectors', () => {
  it('counts each customer once in every total, at the larger ARR', () => {
    const both = report([SF, HS]);
    const sf = report([SF]);
    // Scored accounts: a churned customer of the book is not scored.
    const scored = sf.totals.accounts;
    expect(both.match.matched.domain + both.match.matched.name).toBe(scored);
    expect(both.match.matched.name).toBeGreaterThan(0);
    expect(both.match.matched.name).toBeLessThanOrEqual(byName.length);
    expect(both.totals.accounts).toBe(scored);
    expect(both.totals.arr).toBeCloseTo(sf.totals.arr + raised.arr / 2, 6);
    expect(both.bands.reduce((n, b) => n + b.accounts, 0)).toBe(scored);
    for (const window of [30, 90, 180]) {
      const count = (m: typeof both) => m.renewals.filter((r) => r.withinDays === window).reduce((n, r) => n + r.accounts, 0);
      expect(count(both)).toBe(count(sf));
    }
    expect(both.risk.total).toBeGreaterThanOrEqual(sf.risk.total);
    expect(both.risk.total).toBeLessThan(sf.risk.total * 1.5);
    const top = both.risk.top.map((c) => c.name);
    expect(new Set(top).size).toBe(top.length);
    expect(both.risk.top.every((c) => c.records.map((r) => r.connector).join() === `${SF},${HS}`)).toBe(true);
    // Over time too: every day with a pass counts each customer once.
    const perDay = (m: typeof both) => {
      const days = new Map<string, number>();
      for (const p of m.history) days.set(p.day, (days.get(p.day) ?? 0) + p.accounts);
      return days;
    };
    const sfDays = perDay(sf);
    expect(sfDays.size).toBeGreaterThan(1);
    expect(perDay(both)).toEqual(sfDays);
  });

  it('lists each customer once among the movers and counts band moves per customer', () => {
    const both = report([SF, HS]);
    const listed = [...both.movers!.down, ...both.movers!.up].map((m) => m.name);
    expect(new Set(listed).size).toBe(listed.length);
    expect(both.movers!.bandChanges.reduce((n, c) => n + c.accounts, 0)).toBeLessThanOrEqual(report([SF]).totals.accounts);
  });

  it('shows each CRM\'s band and health where the two score a customer differently', async () => {
    const top = report([SF, HS]).risk.top[0]!;
    const hs = top.records.find((r) => r.connector === HS)!;
    const asOf = state.db.prepare('SELECT MAX(as_of) FROM score_passes WHERE connector = ?').pluck().get(HS) as string;
    const restore = state.db.prepare('SELECT health, band FROM score_snapshots WHERE connector = ? AND account_id = ? AND as_of = ?').get(HS, hs.accountId, asOf) as { health: number; band: string };
    const set = state.db.prepare('UPDATE score_snapshots SET health = ?, band = ? WHERE connector = ? AND account_id = ? AND as_of = ?');
    set.run(top.band === 'green' ? 30 : 88, top.band === 'green' ? 'red' : 'green', HS, hs.accountId, asOf);
    try {
      const html = await riskSection(report([SF, HS]));
      const row = html.split('<tr>').find((r) => r.includes(`/${hs.accountId}"`))!;
      expect(row).toMatch(new RegExp(`band-\\w+">\\w+</span> \\d+ \\(${SF}\\) · <span class="band band-\\w+">\\w+</span> \\d+ \\(${HS}\\)`));
    } finally {
      set.run(restore.health, restore.band, HS, hs.accountId, asOf);
    }
  });

  it('links each CRM record of a row and names the CRMs; one connector alone is reported as before', async () => {
    const html = await riskSection(report([SF, HS]));
    expect(html).toContain('<th>CRM</th>');
    expect(html).toMatch(/href="https:\/\/acme\.my\.salesforce\.com\/A\d+" rel="noreferrer">acme-sf<\/a> · <a href="https:\/\/app\.hubspot\.com\/contacts\/4242\/company\/A\d+" rel="noreferrer">acme-hs<\/a>/);
    const alone = report([HS]);
    expect(alone.totals.accounts).toBe(report([SF]).totals.accounts);
    expect(alone.match.matched).toEqual({ domain: 0, name: 0 });
    expect(await riskSection(alone)).not.toContain('<th>CRM</th>');
  });
});
