import type { CrmTask } from '../contracts/connector.js';
import type { TaskDuplicate } from '../../state/taskLedger.js';

export interface TaskHolders {
  /** Per key, the task that stands for it: the oldest holder. */
  kept: Map<string, CrmTask>;
  /** Every younger task holding a key another task holds, to archive. */
  duplicates: TaskDuplicate[];
}

/**
 * Nothing in the CRM keeps a key on one task (HubSpot has no unique properties on tasks), so
 * when several hold one key the oldest stands for it: it is the one a person has seen longest.
 * Ties (same creation instant) go to the smaller id, so every run picks the same one.
 */
export function taskHolders(found: readonly CrmTask[]): TaskHolders {
  // A task can be listed twice (associated with two of the accounts read): one entry per id.
  const byKey = new Map<string, Map<string, CrmTask>>();
  for (const task of found) byKey.set(task.key, (byKey.get(task.key) ?? new Map<string, CrmTask>()).set(task.id, task));
  const out: TaskHolders = { kept: new Map(), duplicates: [] };
  for (const [key, tasks] of byKey) {
    const [oldest, ...younger] = [...tasks.values()].sort(olderFirst);
    if (!oldest) continue;
    out.kept.set(key, oldest);
    for (const task of younger) out.duplicates.push({ key, keptCrmId: oldest.id, crmId: task.id });
  }
  return out;
}

function olderFirst(a: CrmTask, b: CrmTask): number {
  const at = a.createdAt ? Date.parse(a.createdAt) : Number.POSITIVE_INFINITY;
  const bt = b.createdAt ? Date.parse(b.createdAt) : Number.POSITIVE_INFINITY;
  if (at !== bt) return at < bt ? -1 : 1;
  return compareIds(a.id, b.id);
}

/** Numeric ids (HubSpot) by value, others (Salesforce) as text. */
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
