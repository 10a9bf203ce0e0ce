import type { Connector, CrmTask, FieldUpdate, TaskRef, TaskUpsert, WriteResult } from '../../src/contracts/connector.js';

export interface StoredTask extends TaskUpsert {
  id: string;
  /** What a person did to it in the CRM. */
  crmStatus: CrmTask['status'];
  editedByPerson: boolean;
  createdAt: string;
}

/**
 * A CRM that keeps written fields and tasks in memory and counts calls, with the write
 * behaviour of the real connectors: per-record results in input order; tasks created as asked,
 * with nothing keeping a key to one task (as on HubSpot), updated by id. Tests edit `fields` and
 * `tasks` the way a person would, reject chosen records, and make a call "crash" after the CRM
 * applied it (before the engine could record the answer).
 */
export class FakeWriteConnector implements Connector {
  readonly type = 'fake';
  readonly batchSize: { fields: number; tasks: number };
  /** Field values per record id. */
  fields = new Map<string, Record<string, unknown>>();
  /** Every task in the CRM, in creation order, duplicates included. */
  records: StoredTask[] = [];
  /** Records the CRM refuses, with its error. */
  rejects = new Map<string, { errorCode: string; message: string; gone?: boolean }>();
  calls = { writeFields: 0, writeTasks: 0, readTasks: 0, archiveTasks: 0, sharedTaskKeys: 0, check: 0 };
  /** Throw right after the CRM applied the Nth call from now (1 = the next one). */
  crashAfterWriteCall = 0;
  crashAfterTaskCall = 0;
  private nextTaskId = 1;

  constructor(
    readonly name: string,
    batchSize: { fields: number; tasks: number } = { fields: 200, tasks: 200 },
  ) {
    this.batchSize = batchSize;
  }

  /** The task standing for each key (the first created), as tests read and edit them. */
  get tasks(): Map<string, StoredTask> {
    const byKey = new Map<string, StoredTask>();
    for (const t of this.records) if (!byKey.has(t.dedupeKey)) byKey.set(t.dedupeKey, t);
    return byKey;
  }

  async check() {
    this.calls.check += 1;
    return { ok: true, identity: 'fake', problems: [], budget: { ...this.budget(), dailyLimit: 10_000, dailyRemaining: 9_000 } };
  }
  async describeFields() {
    return [];
  }
  async *pull(): AsyncIterable<never> {}

  async writeFields(updates: FieldUpdate[]): Promise<WriteResult[]> {
    if (updates.length > this.batchSize.fields) throw new Error(`writeFields got ${updates.length} records, more than its batch of ${this.batchSize.fields}`);
    this.calls.writeFields += 1;
    const results = updates.map((u): WriteResult => {
      const reject = this.rejects.get(u.id);
      if (reject) return { ok: false, key: u.id, ...reject, retriable: true };
      this.fields.set(u.id, { ...(this.fields.get(u.id) ?? {}), ...u.values });
      return { ok: true, id: u.id, key: u.id };
    });
    if (this.crashAfterWriteCall > 0 && --this.crashAfterWriteCall === 0) throw new Error('killed after the CRM call (simulated)');
    return results;
  }

  async writeTasks(tasks: TaskUpsert[]): Promise<WriteResult[]> {
    if (tasks.length > this.batchSize.tasks) throw new Error(`writeTasks got ${tasks.length} tasks, more than its batch of ${this.batchSize.tasks}`);
    this.calls.writeTasks += 1;
    const results = tasks.map((t): WriteResult => {
      const reject = this.rejects.get(t.dedupeKey);
      if (reject) return { ok: false, key: t.dedupeKey, ...reject, retriable: false };
      if (t.crmId) {
        const existing = this.records.find((r) => r.id === t.crmId);
        if (!existing) return { ok: false, key: t.dedupeKey, errorCode: 'OBJECT_NOT_FOUND', message: `no task ${t.crmId}`, retriable: false, gone: true };
        Object.assign(existing, { ...t, id: existing.id, crmStatus: t.status === 'completed' ? 'completed' : existing.crmStatus });
        return { ok: true, id: existing.id, key: t.dedupeKey, created: false };
      }
      const id = `T${this.nextTaskId++}`;
      const { crmId: _none, ...fields } = t;
      this.records.push({ ...fields, id, crmStatus: t.status === 'completed' ? 'completed' : 'open', editedByPerson: false, createdAt: new Date(Date.UTC(2026, 0, 1) + this.nextTaskId * 1000).toISOString() });
      return { ok: true, id, key: t.dedupeKey, created: true };
    });
    if (this.crashAfterTaskCall > 0 && --this.crashAfterTaskCall === 0) throw new Error('killed after the CRM call (simulated)');
    return results;
  }

  /** Set to undefined to act like a connector that cannot read tasks back. */
  readTasks?: (refs: TaskRef[]) => Promise<CrmTask[]> = async (refs) => {
    this.calls.readTasks += 1;
    const keys = new Set(refs.map((r) => r.key));
    return this.records
      .filter((t) => keys.has(t.dedupeKey))
      .map((t) => ({ key: t.dedupeKey, id: t.id, status: t.crmStatus, subject: t.subject, dueDate: t.dueDate, ownerId: t.ownerId, editedByPerson: t.editedByPerson, createdAt: t.createdAt }));
  };

  /** Keys more than one open task holds (set to undefined for a connector that cannot scan). */
  sharedTaskKeys?: () => Promise<string[]> = async () => {
    this.calls.sharedTaskKeys += 1;
    const open = this.records.filter((t) => t.crmStatus !== 'completed').map((t) => t.dedupeKey);
    return [...new Set(open.filter((k, i) => open.indexOf(k) !== i))];
  };

  async archiveTasks(ids: string[]): Promise<WriteResult[]> {
    this.calls.archiveTasks += 1;
    this.records = this.records.filter((t) => !ids.includes(t.id));
    return ids.map((id) => ({ ok: true, id, key: id }));
  }

  async ensureFields() {
    return { created: [], present: [], manual: [] };
  }
  budget() {
    return { callsThisRun: Object.values(this.calls).reduce((a, b) => a + b, 0), reserve: 0 };
  }
  async close() {}

  resetCalls(): void {
    this.calls = { writeFields: 0, writeTasks: 0, readTasks: 0, archiveTasks: 0, sharedTaskKeys: 0, check: 0 };
  }
}
