import { generateBook } from '../../emulators/book/generateBook.js';
import type { Book } from '../../emulators/book/bookTypes.js';
import { readCursor } from '../../state/cursors.js';
import { recentRuns } from '../../state/runs.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { CONNECTOR, orgPerTest, type Org } from './orgHarness.js';

/** Old enough that nothing seeded falls inside a search lookback of the test's wall clock. */
const AS_OF = '2025-03-01T00:00:00.000Z';
const book = (accounts: number, seed = 7): Book => generateBook({ accounts, seed, asOf: AS_OF });
const rows = (org: Org, table: string) => (org.state.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE connector = ?`).get(CONNECTOR) as { n: number }).n;

describe.each(EMULATED_CRMS)('the %s connector pulls into the state', (crm) => {
  const orgs = orgPerTest();

  it('a full pull of a multi-page CRM equals it exactly, within one call per object of the fewest the API allows', async () => {
    const org = await orgs.start(crm, book(300));
    const result = await org.sync();
    expect(result.ok).toBe(true);
    const counts = org.expectStateMatchesCrm();
    expect(counts.tickets).toBeGreaterThan(org.emulator.apiShape.page);
    const shape = org.emulator.apiShape;
    const minimum = shape.ownersCalls(counts.owners) + [counts.accounts, counts.opportunities, counts.tickets].reduce((n, c) => n + Math.ceil(c / shape.page), 0);
    const calls = result.results[0]!.apiCalls;
    expect(calls).toBeGreaterThanOrEqual(minimum);
    expect(calls).toBeLessThanOrEqual(minimum + 4 + 1);
    const run = recentRuns(org.state, 1)[0]!;
    expect(run).toMatchObject({ kind: 'sync', status: 'ok', apiCalls: calls });
    expect(run.counts.pulled).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
  });

  it('a run with nothing changed stores nothing, at the fewest calls plus one; edits, creations and deletes made by people arrive', async () => {
    const org = await orgs.start(crm, book(200));
    expect((await org.sync()).ok).toBe(true);
    const idle = await org.sync();
    expect(idle.results[0]!.outcomes.map((o) => ({ object: o.object, stored: o.inserted + o.updated + o.deleted }))).toEqual(
      idle.results[0]!.outcomes.map((o) => ({ object: o.object, stored: 0 })),
    );
    expect(idle.results[0]!.apiCalls).toBeLessThanOrEqual(org.emulator.apiShape.noChangeCalls(rows(org, 'owners')) + 1);

    const [gone] = org.emulator.data.accountIds();
    const changed = org.emulator.data.changeEvery(20);
    const created = org.emulator.data.addAccount('Brand New Ltd');
    org.emulator.data.remove('accounts', gone!);
    const tickets = org.state.db.prepare('SELECT crm_id FROM tickets WHERE connector = ? AND deleted_at IS NULL AND account_id IS NOT ? ORDER BY crm_id LIMIT 1').pluck().get(CONNECTOR, gone) as string;
    org.emulator.data.remove('tickets', tickets);

    const second = await org.sync();
    expect(second.ok).toBe(true);
    org.expectStateMatchesCrm();
    const outcome = Object.fromEntries(second.results[0]!.outcomes.map((o) => [o.object, o]));
    expect(outcome.accounts).toMatchObject({ inserted: 1, updated: changed.accounts, deleted: 1 });
    expect(outcome.opportunities!.updated).toBeGreaterThanOrEqual(changed.opportunities);
    expect(outcome.tickets!.deleted).toBeGreaterThanOrEqual(1);
    expect(org.state.db.prepare('SELECT name FROM accounts WHERE crm_id = ?').pluck().get(created)).toBe('Brand New Ltd');
  });

  it('a page boundary inside one modification stamp neither skips nor repeats a record', async () => {
    const tied = book(900);
    // One instant for every account: a data load, as real CRMs hold after an import.
    for (const account of tied.accounts) account.modifiedAt = '2025-01-15T10:00:00.000Z';
    const org = await orgs.start(crm, tied, { smallPages: true });
    const controller = new AbortController();
    let pages = 0;
    const first = await org.sync({ objects: ['accounts'], signal: controller.signal, onPage: () => void (++pages === 2 && controller.abort()) });
    expect(first.ok).toBe(false);
    const stored = rows(org, 'accounts');
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(900);
    expect(readCursor(org.state, CONNECTOR, 'accounts')).not.toBeNull();
    const rest = await org.sync({ objects: ['accounts'] });
    expect(rest.results[0]!.outcomes[0]).toMatchObject({ pulled: 900 - stored, inserted: 900 - stored, updated: 0, unchanged: 0 });
    expect(rows(org, 'accounts')).toBe(900);
    org.expectStateMatchesCrm(['accounts']);
  });

  it('a pull stopped mid-object keeps its committed pages and the next run resumes after them, pulling nothing twice', async () => {
    const org = await orgs.start(crm, book(300), { smallPages: true });
    const controller = new AbortController();
    let pages = 0;
    const first = await org.sync({ signal: controller.signal, onPage: () => void (++pages === 4 && controller.abort()) });
    expect(first.ok).toBe(false);
    const firstInserted = first.results[0]!.outcomes.reduce((n, o) => n + o.inserted, 0);
    expect(firstInserted).toBeGreaterThan(0);
    const second = await org.sync();
    expect(second.ok).toBe(true);
    const secondInserted = second.results[0]!.outcomes.reduce((n, o) => n + o.inserted, 0);
    const counts = org.expectStateMatchesCrm();
    expect(firstInserted + secondInserted).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    expect(second.results[0]!.outcomes.reduce((n, o) => n + o.updated, 0)).toBe(0);
  });
});
