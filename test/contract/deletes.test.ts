import { appendFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { generateBook } from '../../emulators/book/generateBook.js';
import type { Book } from '../../emulators/book/bookTypes.js';
import type { PullOutcome } from '../../src/sync/pullObject.js';
import { DEFAULT_DELETES, type DeletesPolicy } from '../../src/sync/sweepIds.js';
import { startCrm, type CrmUnderTest } from '../support/convergence.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { startKilledAt } from '../support/killedRuns.js';
import { scoreFieldSpecs } from '../../src/writeback/scoreFieldSpecs.js';
import { CONNECTOR, orgPerTest, type Org } from './orgHarness.js';

/**
 * Records deleted for good (Salesforce's emptied recycle bin, HubSpot's GDPR delete) show in no
 * change feed. On every registered CRM: a full pull and an id sweep find them, a mass delete waits
 * for a person, a write to one that is gone marks it deleted, and a kill mid-sweep deletes nothing.
 */
const AS_OF = '2025-03-01T00:00:00.000Z';
const book = (accounts: number, seed = 5): Book => generateBook({ accounts, seed, asOf: AS_OF });
const policy = (over: Partial<DeletesPolicy> = {}): DeletesPolicy => ({ ...DEFAULT_DELETES, ...over });
const liveAccounts = (org: Org) => org.state.db.prepare('SELECT crm_id FROM accounts WHERE connector = ? AND deleted_at IS NULL').pluck().all(CONNECTOR) as string[];
const outcomeOf = (result: Awaited<ReturnType<Org['sync']>>, object: string): PullOutcome => result.results[0]!.outcomes.find((o) => o.object === object)!;

describe.each(EMULATED_CRMS)('records deleted for good in %s', (crm) => {
  const orgs = orgPerTest();

  it('a full pull marks them deleted, children included; the change feed alone never shows them', async () => {
    const org = await orgs.start(crm, book(60));
    expect((await org.sync()).ok).toBe(true);
    const gone = org.emulator.data.accountIds().slice(0, 2);
    for (const id of gone) org.emulator.data.purge('accounts', id);
    await org.sync();
    expect(liveAccounts(org)).toEqual(expect.arrayContaining(gone));

    const full = await org.sync({ full: true, deletes: policy() });
    expect(full.ok).toBe(true);
    expect(outcomeOf(full, 'accounts').idCheck).toMatchObject({ how: 'full-pull', missing: 2, deleted: 2, held: 0 });
    org.expectStateMatchesCrm();
    expect(liveAccounts(org)).not.toEqual(expect.arrayContaining([gone[0]]));
  });

  it('an id sweep finds them without a full pull, reading ids only, its calls counted in the run', async () => {
    const org = await orgs.start(crm, book(60));
    await org.sync();
    const [gone] = org.emulator.data.accountIds();
    org.emulator.data.purge('accounts', gone!);
    const quiet = await org.sync({ deletes: policy() });
    const swept = await org.sync({ deletes: policy({ sweepNow: true }) });
    expect(outcomeOf(swept, 'accounts').idCheck).toMatchObject({ how: 'sweep', missing: 1, deleted: 1 });
    // A sweep reads each object's ids once, a page at a time: the fewest calls listing them allows, plus at most one per object.
    const live = org.expectStateMatchesCrm();
    const shape = org.emulator.apiShape;
    const minimum = shape.ownersCalls(live.owners) + [live.accounts + 1, live.opportunities, live.tickets].reduce((n, c) => n + Math.ceil(c / shape.page), 0);
    const extra = swept.results[0]!.apiCalls - quiet.results[0]!.apiCalls;
    expect(extra).toBeGreaterThanOrEqual(minimum - 1);
    expect(extra).toBeLessThanOrEqual(minimum + 4);
  });

  it('never a mass delete by mistake: above the share nothing is deleted until confirmed', async () => {
    const org = await orgs.start(crm, book(40));
    await org.sync();
    const gone = org.emulator.data.accountIds().slice(0, 6);
    for (const id of gone) org.emulator.data.purge('accounts', id);
    const held = await org.sync({ full: true, deletes: policy() });
    expect(outcomeOf(held, 'accounts').idCheck).toMatchObject({ missing: 6, deleted: 0, held: 6 });
    expect(liveAccounts(org)).toEqual(expect.arrayContaining(gone));
    const confirmed = await org.sync({ deletes: policy({ confirm: true }) });
    expect(outcomeOf(confirmed, 'accounts').idCheck).toMatchObject({ how: 'sweep', deleted: 6, held: 0 });
    org.expectStateMatchesCrm(['accounts']);
  });

  it('a write to an account that is gone marks it deleted instead of retrying it run after run', async () => {
    const org = await orgs.start(crm, book(30));
    const connector = await org.open();
    try {
      await org.sync();
      await connector.ensureFields(scoreFieldSpecs(org.config.connectors[0]!.mapping));
      const [gone, kept] = org.emulator.data.accountIds();
      org.emulator.data.purge('accounts', gone!);
      const object = org.config.connectors[0]!.mapping.writeback.object;
      const field = Object.values(org.config.connectors[0]!.mapping.writeback.fields)[0]!.field;
      const results = await connector.writeFields([
        { object, id: gone!, values: { [field]: 50 } },
        { object, id: kept!, values: { [field]: 50 } },
      ]);
      expect(results.map((r) => ({ ok: r.ok, gone: !r.ok && r.gone === true }))).toEqual([
        { ok: false, gone: true },
        { ok: true, gone: false },
      ]);
    } finally {
      await connector.close();
    }
  });
});

describe.each(EMULATED_CRMS)('a kill during the id sweep in %s', (crm) => {
  let env: CrmUnderTest;
  afterEach(async () => env?.close());

  it('deletes nothing; the next run sweeps again and finds them', async () => {
    env = await startCrm(crm, { accounts: 30 });
    await env.runUntilOk(1);
    appendFileSync(env.configFile, '\ndeletes: { sweepEveryDays: 0 }\n');
    const [gone] = env.emulator.data.accountIds();
    env.emulator.data.purge('accounts', gone!);
    const isIdListing = (request: Parameters<typeof env.emulator.endpoints.isIdListing>[0]) => env.emulator.endpoints.isIdListing(request);
    const killed = await startKilledAt(env, (request) => isIdListing(request));
    expect(killed.signal).toBe('SIGKILL');
    const live = () => {
      const db = new Database(env.config.statePath, { readonly: true });
      try {
        return db.prepare('SELECT COUNT(*) FROM accounts WHERE deleted_at IS NULL AND crm_id = ?').pluck().get(gone) as number;
      } finally {
        db.close();
      }
    };
    expect(live()).toBe(1);
    const rerun = await startKilledAt(env, () => false);
    expect([rerun.status, rerun.stdout]).toEqual([0, expect.stringMatching(/ [1-9][0-9]* deleted/)]);
    expect(live()).toBe(0);
  }, 120_000);
});

describe.each(EMULATED_CRMS)('a run that writes to an account purged in %s', (crm) => {
  let env: CrmUnderTest;
  afterEach(async () => env?.close());

  it('marks it deleted, closes its open tasks in the state, and leaves nothing to retry', async () => {
    env = await startCrm(crm, { accounts: 30 });
    await env.runUntilOk(1);
    const db = new Database(env.config.statePath);
    try {
      // The account with the most open tasks: a write is due for it (the CRM's copy of its scores forgotten), then it is purged.
      const gone = db.prepare("SELECT account_id FROM tasks WHERE state = 'open' GROUP BY account_id ORDER BY COUNT(*) DESC LIMIT 1").pluck().get() as string | undefined;
      const account = gone ?? (db.prepare('SELECT crm_id FROM accounts WHERE deleted_at IS NULL LIMIT 1').pluck().get() as string);
      db.prepare("UPDATE accounts SET crm_outputs = '{}' WHERE crm_id = ?").run(account);
      env.emulator.data.purge('accounts', account);
      const run = await env.run();
      expect(run.connectors[0]!.writeback?.writes).toMatchObject({ gone: 1, failed: [] });
      expect(db.prepare('SELECT deleted_at IS NOT NULL FROM accounts WHERE crm_id = ?').pluck().get(account)).toBe(1);
      expect(db.prepare("SELECT COUNT(*) FROM tasks WHERE account_id = ? AND state IN ('pending', 'open', 'failed')").pluck().get(account)).toBe(0);
      expect(db.prepare("SELECT COUNT(*) FROM writes WHERE crm_id = ? AND status != 'written'").pluck().get(account)).toBe(0);
      const again = await env.run();
      expect(again.connectors[0]!.writeback?.writes?.failed ?? []).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
