import type { Connector, CrmTask, TaskRef } from '../contracts/connector.js';
import type { State } from '../../state/openState.js';
import { hasOpenTasks, ledgerRefs, unarchivedDuplicates, type TaskDuplicate } from '../../state/taskLedger.js';
import type { TaskWork } from './planTaskWork.js';
import type { TaskPlan } from './reconcileTasks.js';
import { taskHolders } from './taskHolders.js';
import { verifyCloses } from './verifyCloses.js';

type Checked = Pick<TaskWork, 'sends' | 'closes' | 'findings' | 'landed' | 'duplicates' | 'settled' | 'drops' | 'leftAlone' | 'unverifiable' | 'readCalls'>;

/**
 * What the CRM holds for the keys that need it, read before anything is written: whether a
 * person completed or edited a task due to close; whether a create tried before (its answer
 * lost, or refused) landed after all, failed ones about to be dropped included; and which keys
 * more than one task holds. A new key is never read: the state knows it has no task yet.
 */
export async function checkWithCrm(state: State, connector: Connector, plan: TaskPlan): Promise<Checked> {
  const toVerify = plan.closes.filter((c) => c.verify);
  const drops = plan.drops.map((d) => d.key);
  if (!connector.readTasks) {
    // Without a way to see a person's edits, leaving a task open is the safe mistake.
    const closes = plan.closes.filter((c) => !c.verify);
    return { sends: plan.sends, closes, findings: [], landed: [], duplicates: [], settled: [], drops, leftAlone: 0, unverifiable: toVerify.length, readCalls: 0 };
  }
  let readCalls = 0;
  const triedBefore: TaskRef[] = [...plan.sends.filter((s) => s.kind !== 'new'), ...plan.drops];
  // Two tasks holding one key can also come from outside a run (a state restored from a backup,
  // a second installation, a person's copy): a scan names such keys. Duplicates found before and
  // not archived yet are confirmed again, so the task that now stands for a key is never removed.
  const pending = unarchivedDuplicates(state, connector.name);
  let shared: string[] = [];
  if (connector.sharedTaskKeys && hasOpenTasks(state, connector.name)) {
    readCalls += 1;
    shared = await connector.sharedTaskKeys();
  }
  const refs = uniqueRefs([
    ...toVerify.map((c) => ({ key: c.task.key, accountId: c.task.accountId })),
    ...triedBefore,
    ...ledgerRefs(state, connector.name, [...shared, ...pending.map((d) => d.key)]),
  ]);
  const found: CrmTask[] = [];
  for (let i = 0; i < refs.length; i += connector.batchSize.tasks) {
    readCalls += 1;
    found.push(...(await connector.readTasks(refs.slice(i, i + connector.batchSize.tasks))));
  }
  const holders = taskHolders(found);
  const stillDuplicated = new Set(holders.duplicates.map((d) => d.crmId));

  const landed = triedBefore.flatMap((t) => {
    const task = holders.kept.get(t.key);
    return task ? [{ key: t.key, crmId: task.id }] : [];
  });
  const landedKeys = new Set(landed.map((l) => l.key));
  const { closes, findings, leftAlone } = verifyCloses(plan.closes, holders.kept);
  return {
    sends: plan.sends.filter((s) => !landedKeys.has(s.key)),
    closes,
    findings,
    landed,
    duplicates: holders.duplicates satisfies TaskDuplicate[],
    settled: pending.filter((d) => !stillDuplicated.has(d.crmId)).map((d) => ({ crmId: d.crmId, key: d.key, standing: holders.kept.get(d.key)?.id ?? null })),
    drops: drops.filter((key) => !landedKeys.has(key)),
    leftAlone,
    unverifiable: 0,
    readCalls,
  };
}

function uniqueRefs(refs: readonly TaskRef[]): TaskRef[] {
  const byKey = new Map<string, TaskRef>();
  for (const r of refs) if (!byKey.has(r.key)) byKey.set(r.key, { key: r.key, accountId: r.accountId });
  return [...byKey.values()];
}
