import { join } from 'node:path';
import { factsOf } from '../../src/tasks/taskFacts.js';
import { openState } from '../../state/openState.js';
import { readOwners, readTaskInputs } from '../../state/taskInputs.js';
import { upsertPage } from '../../state/upsertPage.js';
import type { OpportunityRow, TicketRow } from '../../src/model/rows.js';
import { seedAccounts, writePass } from '../support/writebackFixture.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const NOW = Date.parse('2025-03-05T09:00:00Z');
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();

function opportunity(id: string, account: string, over: Partial<OpportunityRow>): OpportunityRow {
  return { crm_id: id, account_id: account, name: id, type: 'renewal', stage: 'Negotiation', probability: 50, is_closed: false, is_won: false, amount: 1000, close_date: '2025-06-30', created_at: null, modified_at: null, ...over };
}
function ticket(id: string, account: string, over: Partial<TicketRow>): TicketRow {
  return { crm_id: id, account_id: account, subject: id, priority: 'low', status: 'New', is_closed: false, is_escalated: false, created_at: daysAgo(1), closed_at: null, csat: null, modified_at: null, ...over };
}

describe('task facts from the state', () => {
  it('reads the latest pass, the band 30 days back, renewals and ticket aggregates, set-based', () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    try {
      const [a, b, c] = seedAccounts(state, 'acme', 3, (i) => ({ renewal_date: ['2025-05-04', '2025-12-31', null][i] ?? null, last_activity_at: i === 0 ? daysAgo(10) : null }));
      upsertPage(state, {
        connector: 'acme', object: 'opportunities', deletedIds: [], quarantined: [], cursor: {},
        rows: [
          opportunity('O1', a!, {}),
          opportunity('O2', b!, { is_closed: true, is_won: false, close_date: daysAgo(20).slice(0, 10) }),
          opportunity('O3', c!, { is_closed: true, is_won: true, close_date: daysAgo(400).slice(0, 10) }),
          opportunity('O4', c!, { type: 'expansion' }),
        ],
      });
      upsertPage(state, {
        connector: 'acme', object: 'tickets', deletedIds: [], quarantined: [], cursor: {},
        rows: [
          ticket('T1', a!, { priority: 'urgent', created_at: daysAgo(6), is_escalated: true }),
          ticket('T2', a!, { priority: 'urgent', created_at: daysAgo(2) }),
          ticket('T3', a!, { priority: 'high', created_at: daysAgo(20) }),
          ticket('T4', a!, { is_closed: true, closed_at: daysAgo(5), csat: 2 }),
          ticket('T5', a!, { is_closed: true, closed_at: daysAgo(45), csat: 1 }), // too old to count
          ticket('T6', b!, { is_closed: null, closed_at: daysAgo(3), csat: 4 }), // closed by its stamp alone
        ],
      });
      writePass(state, 'acme', daysAgo(31), [{ id: a!, health: 80 }, { id: b!, health: 50 }, { id: c!, health: 20 }]);
      writePass(state, 'acme', daysAgo(0.1), [
        { id: a!, health: 55.4, churnRisk: 0.426, trendChange: -24.6 },
        { id: b!, health: 50, churnRisk: 0.1 },
        { id: c!, health: 45, churnRisk: 0.2 },
      ]);

      const inputs = readTaskInputs(state, 'acme', NOW, 30);
      expect(inputs.passAsOf).toBe(daysAgo(0.1));
      expect(readOwners(state, 'acme')).toEqual([{ id: 'U1', email: 'ada@example.com', isActive: true }]);
      const facts = inputs.accounts.map((account) => factsOf(account, NOW, '2025-03-05'));
      expect(facts[0]).toEqual({
        health: 55, band: 'yellow', churn_risk: 43, trend: 'flat', health_change_30d: -25, band_30d_ago: 'green', bands_dropped_30d: 1, coverage: 90,
        red_flags: 0, arr: 1000, segment: 'SMB', days_to_renewal: 60, renewal_opportunity: 'open', open_tickets: 3, open_urgent_tickets: 2,
        oldest_open_urgent_days: 6, oldest_open_high_days: 20, escalations_30d: 1, lowest_csat_30d: 2, days_since_activity: 10,
      });
      expect(facts[1]).toMatchObject({ band_30d_ago: 'yellow', bands_dropped_30d: 0, days_to_renewal: 301, renewal_opportunity: 'lost', open_tickets: 0, lowest_csat_30d: 4, oldest_open_urgent_days: null });
      expect(facts[2]).toMatchObject({ band: 'yellow', band_30d_ago: 'red', bands_dropped_30d: 0, days_to_renewal: null, renewal_opportunity: 'none', days_since_activity: null });
    } finally {
      state.close();
    }
  });

  it('has nothing to offer before the first scoring pass', () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    try {
      seedAccounts(state, 'acme', 2);
      expect(readTaskInputs(state, 'acme', NOW, 30)).toMatchObject({ passAsOf: null, accounts: [] });
    } finally {
      state.close();
    }
  });
});
