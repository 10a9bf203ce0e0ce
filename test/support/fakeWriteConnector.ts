import type { Connector, CrmTask, FieldUpdate, TaskUpsert, WriteResult } from '../../src/contracts/connector.js';

export interface StoredTask extends TaskUpsert {
  id: string;
  /** What a person did to it in the CRM. */
  crmStatus: CrmTask['status'];
  editedByPerson: boolean;
}

/**
 * A CRM that keeps written fields and tasks in memory and counts calls, with the write
 * behaviour of the real connectors: per-record results in input order, tasks upserted by their
 * dedupe key. Tests edit `fields` and `tasks` the way a person would, reject chosen records, and
 * make a call "crash" after the CRM applied it (before the engine could record the answer).
 */
export class FakeWriteConnector implements Connector {
  readonly type = 'fake';
  readonly batchSize: { fields: number; tasks: number };
  /** Field values per record id. */
  fields = new Map<string, Record<string, unknown>>();
  tasks = new Map<string, StoredTask>();
  /** Records the CRM refuses, with its error. */
  rejects = new Map<string, { errorCode: string; message: string }>();
  calls = { writeFields: 0, upsertTasks: 0, readTasks: 0, check: 0 };
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

  async upsertTasks(tasks: TaskUpsert[]): Promise<WriteResult[]> {
    if (tasks.length > this.batchSize.tasks) throw new Error(`upsertTasks got ${tasks.length} tasks, more than its batch of ${this.batchSize.tasks}`);
    this.calls.upsertTasks += 1;
    const results = tasks.map((t): WriteResult => {
      const reject = this.rejects.get(t.dedupeKey);
      if (reject) return { ok: false, key: t.dedupeKey, ...reject, retriable: false };
      const existing = this.tasks.get(t.dedupeKey);
      const id = existing?.id ?? `T${this.nextTaskId++}`;
      this.tasks.set(t.dedupeKey, { ...t, id, crmStatus: t.status === 'completed' ? 'completed' : (existing?.crmStatus ?? 'open'), editedByPerson: existing?.editedByPerson ?? false });
      return { ok: true, id, key: t.dedupeKey, created: !existing };
    });
    if (this.crashAfterTaskCall > 0 && --this.crashAfterTaskCall === 0) throw new Error('killed after the CRM call (simulated)');
    return results;
  }

  /** Set to undefined to act like a connector that cannot read tasks back. */
  readTasks?: (keys: string[]) => Promise<CrmTask[]> = async (keys) => {
    this.calls.readTasks += 1;
    return keys.flatMap((key) => {
      const t = this.tasks.get(key);
      return t ? [{ key, id: t.id, status: t.crmStatus, subject: t.subject, dueDate: t.dueDate, ownerId: t.ownerId, editedByPerson: t.editedByPerson }] : [];
    });
  };

  async ensureFields() {
    return { created: [], present: [], manual: [] };
  }
  budget() {
    return { callsThisRun: this.calls.writeFields + this.calls.upsertTasks + this.calls.readTasks + this.calls.check, reserve: 0 };
  }
  async close() {}

  resetCalls(): void {
    this.calls = { writeFields: 0, upsertTasks: 0, readTasks: 0, check: 0 };
  }
}
