import Database from 'better-sqlite3';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { serveBookWithConfig, type ServedBook } from '../support/demoBook.js';
import { runCliAsync } from '../support/runCli.js';

/**
 * Records deleted for good, through the spawned CLI against both emulators: a full sync that finds
 * more of an object gone than `deletes.maxSharePercent` deletes nothing, says why and exits 1;
 * `--confirm-deletes` applies it; `status` shows the check; `sync --sweep` finds one more.
 */
describe('vitals sync and records deleted for good (spawned CLI, both emulators)', () => {
  let book: ServedBook;
  beforeAll(async () => {
    book = await serveBookWithConfig({ accounts: 40 });
  }, 60_000);
  afterAll(async () => book?.close());

  const cli = (...args: string[]) => runCliAsync(['-c', book.configFile, ...args], { env: book.env });
  const liveAccounts = () => {
    const db = new Database(book.statePath, { readonly: true });
    try {
      return db.prepare('SELECT connector, COUNT(*) AS n FROM accounts WHERE deleted_at IS NULL GROUP BY connector ORDER BY connector').all();
    } finally {
      db.close();
    }
  };

  it('holds a mass delete back with exit 1 and the reason, applies it when confirmed, and sweeps ids on request', async () => {
    expect((await cli('sync')).status).toBe(0);
    const before = liveAccounts();
    for (const crm of EMULATED_CRMS) for (const id of book.crm(crm).data.accountIds().slice(0, 6)) book.crm(crm).data.purge('accounts', id);

    const held = await cli('sync', '--full', '--objects', 'accounts');
    expect(held.status).toBe(1);
    expect(held.stdout).toMatch(/^HELD acme-sf accounts: 6 of \d+ stored records \(\d+%\) are no longer in the CRM \(full pull of \d{4}-\d\d-\d\d\), more than deletes\.maxSharePercent allows, so none was marked deleted\. If they were deleted, run again with --confirm-deletes/m);
    expect(liveAccounts()).toEqual(before);
    const status = await cli('status');
    expect(status.stdout).toMatch(/acme-hs accounts: \d{4}-\d\d-\d\d \d\d:\d\d UTC by full-pull: 6 of \d+ gone, HELD: none deleted/);

    // Every run says so until a person decides, without reading the ids again.
    const run = await cli('run');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^ {2}FAILED {2}sync: acme-hs accounts: 6 of \d+ stored records .* run again with --confirm-deletes/m);

    const confirmed = await cli('sync', '--confirm-deletes');
    // (The run's write-back may already have found some of them gone, writing to them: the count here is what is left.)
    expect(confirmed.status).toBe(0);
    expect(confirmed.stdout).toMatch(/acme-hs accounts: .*, [1-6] deleted/);
    expect(liveAccounts()).toEqual(before.map((c) => ({ ...(c as object), n: (c as { n: number }).n - 6 })));

    for (const crm of EMULATED_CRMS) book.crm(crm).data.purge('accounts', book.crm(crm).data.accountIds()[0]!);
    expect((await cli('sync')).stdout).toMatch(/acme-hs accounts: 0 pulled .*, 0 deleted/);
    const swept = await cli('sync', '--sweep');
    // Salesforce took the accounts' deals and cases with them: they follow their accounts, whatever their share.
    expect([swept.status, swept.stdout]).toEqual([0, expect.stringMatching(/acme-sf opportunities: 0 pulled .*, [1-9][0-9]* deleted/)]);
    expect(swept.stdout).toMatch(/acme-hs accounts: 0 pulled .*, 1 deleted/);
  }, 120_000);
});
