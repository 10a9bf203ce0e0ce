import type { Connector, CrmRecord, Cursor, PulledPage, PullRequest } from '../../src/contracts/connector.js';

/**
 * A connector over in-memory records, paging by (modifiedAt, id) like the real ones. Tests
 * mutate `records` and `deleted` the way a person would edit the CRM, and can make the pull fail
 * after N pages to simulate a crash.
 */
export class MemoryConnector implements Connector {
  readonly type = 'memory';
  readonly batchSize = { fields: 200, tasks: 200 };
  records = new Map<string, CrmRecord[]>();
  deleted = new Map<string, { id: string; at: string }[]>();
  calls = 0;
  failAfterPages = Number.POSITIVE_INFINITY;

  constructor(
    readonly name: string,
    readonly pageSize = 2,
  ) {}

  async check() {
    return { ok: true, identity: 'memory', problems: [], budget: this.budget() };
  }
  async describeFields() {
    return [];
  }
  async *pull(request: PullRequest): AsyncIterable<PulledPage> {
    const since = (request.since as { at: string; id: string } | null) ?? { at: '', id: '' };
    const after = (r: { at: string; id: string }) => r.at > since.at || (r.at === since.at && r.id > since.id);
    const changes = [
      ...(this.records.get(request.source) ?? []).map((r) => ({ at: r.modifiedAt, id: r.id, record: r })),
      ...(this.deleted.get(request.source) ?? []).map((d) => ({ at: d.at, id: d.id, record: undefined })),
    ]
      .filter(after)
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    let pages = 0;
    for (let i = 0; i < changes.length; i += this.pageSize) {
      if (pages >= this.failAfterPages) throw new Error('connection lost (simulated)');
      this.calls += 1;
      pages += 1;
      const slice = changes.slice(i, i + this.pageSize);
      const last = slice[slice.length - 1]!;
      const cursor: Cursor = { at: last.at, id: last.id };
      yield { records: slice.flatMap((c) => (c.record ? [c.record] : [])), deletedIds: slice.flatMap((c) => (c.record ? [] : [c.id])), cursor };
    }
  }
  async writeFields() {
    return [];
  }
  async writeTasks() {
    return [];
  }
  async ensureFields() {
    return { created: [], present: [], manual: [] };
  }
  budget() {
    return { callsThisRun: this.calls, reserve: 0 };
  }
  async close() {}
}
