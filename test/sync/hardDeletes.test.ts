import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { PullRequest } from '../../src/contracts/connector.js';
import { parseYaml } from '../../src/config/yamlSource.js';
import { createLogger } from '../../src/log/logger.js';
import { mappingSchema } from '../../src/mapping/mappingSchema.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { DEFAULT_DELETES, type DeletesPolicy } from '../../src/sync/sweepIds.js';
import { syncConnector } from '../../src/sync/syncConnector.js';
import { lastIdCheck, markGone } from '../../state/idChecks.js';
import { openState, type State } from '../../state/openState.js';
import { MemoryConnector } from '../support/memoryConnector.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const mapping = mappingSchema.parse(parseYaml(readFileSync(packageFile('mappings', 'salesforce.yaml'), 'utf8'), 'sf').value);
const log = createLogger('test');
const policy = (over: Partial<DeletesPolicy> = {}): DeletesPolicy => ({ ...DEFAULT_DELETES, ...over });

/** A memory CRM that can also list ids, as the real connectors do for the id sweep. */
class SweepableConnector extends MemoryConnector {
  readonly deleteRetentionDays = 15;
  idCalls = 0;
  failIdsAfterPages = Number.POSITIVE_INFINITY;

  async *listIds(request: Pick<PullRequest, 'object' | 'source' | 'signal'>): AsyncIterable<string[]> {
    const ids = (this.records.get(request.source) ?? []).map((r) => r.id).sort();
    for (let i = 0, pages = 0; i < ids.length; i += this.pageSize, pages += 1) {
      if (pages >= this.failIdsAfterPages) throw new Error('connection lost (simulated)');
      this.idCalls += 1;
      yield ids.slice(i, i + this.pageSize);
    }
  }
}

const at = '2026-01-01T00:00:00.000Z';
function book(crm: MemoryConnector, accounts: number): void {
  crm.records.set('Account', Array.from({ length: accounts }, (_, i) => ({ id: `A${String(i).padStart(3, '0')}`, modifiedAt: at, fields: { Name: `Account ${i}` } })));
}
/** Deleted for good: gone from the CRM with no trace in the change feed. */
function purge(crm: MemoryConnector, ...ids: string[]): void {
  crm.records.set('Account', crm.records.get('Account')!.filter((r) => !ids.includes(r.id)));
}
const live = (state: State) => (state.db.prepare('SELECT crm_id FROM accounts WHERE deleted_at IS NULL ORDER BY crm_id').pluck().all() as string[]);
const accountsOnly = { objects: ['accounts'] as const };

describe('records deleted for good', () => {
  let state: State;
  beforeEach(() => {
    state = openState(join(tempDir(), 'vitals.db'));
  });
  afterEach(() => state.close());

  it('a full pull is a complete snapshot: what it does not see is marked deleted; the change feed alone never learns', async () => {
    const crm = new MemoryConnector('mem');
    book(crm, 20);
    await syncConnector(state, crm, mapping, log, accountsOnly);
    purge(crm, 'A003', 'A007');
    const [incremental] = await syncConnector(state, crm, mapping, log, accountsOnly);
    expect(incremental!.deleted).toBe(0);
    expect(live(state)).toHaveLength(20);
    const [full] = await syncConnector(state, crm, mapping, log, { ...accountsOnly, full: true, deletes: policy() });
    expect(full).toMatchObject({ deleted: 2, idCheck: { how: 'full-pull', live: 20, missing: 2, deleted: 2, held: 0 } });
    expect(live(state)).not.toContain('A003');
    expect(live(state)).toHaveLength(18);
  });

  it('a killed full pull deletes nothing; resumed, it completes the snapshot', async () => {
    const crm = new MemoryConnector('mem');
    book(crm, 20);
    await syncConnector(state, crm, mapping, log, accountsOnly);
    purge(crm, 'A019');
    crm.failAfterPages = 3;
    await expect(syncConnector(state, crm, mapping, log, { ...accountsOnly, full: true })).rejects.toThrow('connection lost');
    expect(live(state)).toHaveLength(20);
    crm.failAfterPages = Number.POSITIVE_INFINITY;
    const [resumed] = await syncConnector(state, crm, mapping, log, accountsOnly);
    expect(resumed).toMatchObject({ idCheck: { how: 'full-pull', missing: 1, deleted: 1 } });
    expect(live(state)).toHaveLength(19);
  });

  it('never a mass delete by mistake: above the allowed share nothing is deleted until confirmed', async () => {
    const crm = new MemoryConnector('mem');
    book(crm, 20);
    await syncConnector(state, crm, mapping, log, accountsOnly);
    purge(crm, 'A001', 'A002', 'A003');
    const [held] = await syncConnector(state, crm, mapping, log, { ...accountsOnly, full: true, deletes: policy() });
    expect(held).toMatchObject({ deleted: 0, idCheck: { missing: 3, deleted: 0, held: 3 } });
    expect(live(state)).toHaveLength(20);
    expect(lastIdCheck(state, 'mem', 'accounts')).toMatchObject({ held: 3 });
    const [confirmed] = await syncConnector(state, crm, mapping, log, { ...accountsOnly, full: true, deletes: policy({ confirm: true }) });
    expect(confirmed).toMatchObject({ deleted: 3, idCheck: { held: 0, deleted: 3 } });
    expect(live(state)).toHaveLength(17);
  });

  it('an id sweep finds them without a full pull: on its period, when asked, and when the last sync is older than the CRM keeps deletes', async () => {
    const crm = new SweepableConnector('mem', 5);
    book(crm, 40);
    await syncConnector(state, crm, mapping, log, accountsOnly);
    purge(crm, 'A010');
    const [notDue] = await syncConnector(state, crm, mapping, log, { ...accountsOnly, deletes: policy() });
    expect([notDue!.idCheck, crm.idCalls]).toEqual([undefined, 0]);

    const [asked] = await syncConnector(state, crm, mapping, log, { ...accountsOnly, deletes: policy({ sweepNow: true }) });
    expect(asked).toMatchObject({ deleted: 1, idCheck: { how: 'sweep', live: 40, missing: 1, deleted: 1 } });
    expect(crm.idCalls).toBe(Math.ceil(39 / 5));
    expect(live(state)).not.toContain('A010');

    purge(crm, 'A011');
    state.db.prepare("UPDATE sync_cursors SET updated_at = '2020-01-01T00:00:00.000Z'").run();
    const [stale] = await syncConnector(state, crm, mapping, log, { ...accountsOnly, deletes: policy() });
    expect(stale).toMatchObject({ idCheck: { how: 'sweep', deleted: 1 } });

    purge(crm, 'A012');
    state.db.prepare("UPDATE id_checks SET checked_at = '2020-01-01T00:00:00.000Z'").run();
    const [periodic] = await syncConnector(state, crm, mapping, log, { ...accountsOnly, deletes: policy() });
    expect(periodic).toMatchObject({ idCheck: { how: 'sweep', deleted: 1 } });
    expect(live(state)).toHaveLength(37);
  });

  it('a sweep that stops part way deletes nothing; the next one finishes the job', async () => {
    const crm = new SweepableConnector('mem', 5);
    book(crm, 40);
    await syncConnector(state, crm, mapping, log, accountsOnly);
    purge(crm, 'A020');
    crm.failIdsAfterPages = 2;
    await expect(syncConnector(state, crm, mapping, log, { ...accountsOnly, deletes: policy({ sweepNow: true }) })).rejects.toThrow('connection lost');
    expect(live(state)).toHaveLength(40);
    expect(lastIdCheck(state, 'mem', 'accounts')).toMatchObject({ how: 'full-pull' });
    crm.failIdsAfterPages = Number.POSITIVE_INFINITY;
    const [swept] = await syncConnector(state, crm, mapping, log, { ...accountsOnly, deletes: policy({ sweepNow: true }) });
    expect(swept).toMatchObject({ idCheck: { deleted: 1 } });
  });

  it('a record gone from the CRM leaves the book with its unfinished tasks, closed in the state only', () => {
    const now = new Date().toISOString();
    state.db.prepare("INSERT INTO accounts (connector, crm_id, name, content_hash, synced_at) VALUES ('mem', 'A1', 'Gone', 'h', ?)").run(now);
    const task = state.db.prepare("INSERT INTO tasks (connector, dedupe_key, rule, account_id, episode, crm_id, state, created_at, updated_at) VALUES ('mem', ?, 'r', 'A1', 1, ?, ?, ?, ?)");
    task.run('k-open', 'T1', 'open', now, now);
    task.run('k-done', 'T2', 'completed', now, now);
    expect(markGone(state, 'mem', 'accounts', ['A1', 'A404'])).toBe(1);
    expect(live(state)).toEqual([]);
    expect(state.db.prepare('SELECT dedupe_key, state FROM tasks ORDER BY dedupe_key').all()).toEqual([
      { dedupe_key: 'k-done', state: 'completed' },
      { dedupe_key: 'k-open', state: 'closed' },
    ]);
  });
});
