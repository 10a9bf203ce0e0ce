import type { Config } from '../config/config.js';
import { fallbackOwnerFor } from '../config/tasksConfig.js';
import type { Connector, CrmTask, TaskRef } from '../contracts/connector.js';
import type { State } from '../../state/openState.js';
import { accountRanges } from '../../state/accountRanges.js';
import { latestPass } from '../../state/snapshots.js';
import { readOwners, readTaskInputs } from '../../state/taskInputs.js';
import { hasOpenTasks, ledgerRefs, readTaskLedger, unarchivedDuplicates, type TaskDuplicate } from '../../state/taskLedger.js';
import { todayIn } from './dueDate.js';
import { ownerDirectory } from './ownerResolution.js';
import { reconcileTasks, type PlannedClose, type PlannedSend, type TaskPlan } from './reconcileTasks.js';
import { taskHolders } from './taskHolders.js';
import { verifyCloses, type TaskFinding } from './verifyCloses.js';

/** Everything one connector's task pass will do, decided before any write. */
export interface TaskWork {
  /** The score pass the facts come from; null before the first `vitals score` (nothing to do). */
  passAsOf: string | null;
  today: string;
  sends: PlannedSend[];
  closes: PlannedClose[];
  findings: TaskFinding[];
  /** Creates tried before whose task the CRM holds: they landed although the answer was lost. */
  landed: { key: string; crmId: string }[];
  /** Younger tasks holding a key an older task holds: archived. */
  duplicates: TaskDuplicate[];
  checks: TaskPlan['checks'];
  /** Failed creates whose condition has cleared and that the CRM does not hold: nothing to do. */
  drops: string[];
  coolingDown: number;
  gaveUp: number;
  leftAlone: number;
  /** Closes skipped because the connector cannot read tasks back (no `readTasks`). */
  unverifiable: number;
  /** Read calls spent finding out whether earlier creates landed and whether a person touched tasks due to close. */
  readCalls: number;
}

const EMPTY = { sends: [], closes: [], findings: [], landed: [], duplicates: [], checks: [], drops: [], coolingDown: 0, gaveUp: 0, leftAlone: 0, unverifiable: 0, readCalls: 0 };

/**
 * Plans a connector's task pass: facts from the state, reconciliation against the ledger, then
 * the CRM is asked (reads only) whether tasks due to close were completed or edited by a person.
 * A dry run shows this plan; the real run executes exactly it.
 */
export async function planTaskWork(state: State, connector: Connector, config: Config, now: Date): Promise<TaskWork> {
  const timezone = config.tasks.timezone ?? config.schedule.timezone;
  const today = todayIn(timezone, now);
  if (!config.tasks.enabled) return { passAsOf: null, today, ...EMPTY };
  const passAsOf = latestPass(state, connector.name)?.asOf ?? null;
  if (passAsOf === null) return { passAsOf: null, today, ...EMPTY };
  // A range of accounts at a time: a big book's task facts do not fit in memory at once.
  const plan: TaskPlan = { sends: [], closes: [], checks: [], drops: [], coolingDown: 0, gaveUp: 0 };
  const owners = ownerDirectory(readOwners(state, connector.name));
  for (const range of accountRanges(state, connector.name)) {
    const inputs = readTaskInputs(state, connector.name, now.getTime(), config.scoring.trend.changeDays, range);
    const part = reconcileTasks({
      rules: config.tasks.rules,
      accounts: inputs.accounts,
      ledger: readTaskLedger(state, connector.name, range),
      passAsOf,
      nowMs: now.getTime(),
      today,
      calendar: { holidays: new Set(config.tasks.holidays) },
      owners,
      fallbackOwner: fallbackOwnerFor(config.tasks, connector.name),
      maxAttempts: config.writeback.maxAttempts,
    });
    plan.sends.push(...part.sends);
    plan.closes.push(...part.closes);
    plan.checks.push(...part.checks);
    plan.drops.push(...part.drops);
    plan.coolingDown += part.coolingDown;
    plan.gaveUp += part.gaveUp;
  }

  // What the CRM holds for these keys, read before anything is written: whether a person
  // completed or edited a task due to close, and whether a create tried before (its answer lost,
  // or refused) landed after all, including failed ones about to be dropped. Only keys the state
  // has tried are read; a new key has no task.
  const toVerify = plan.closes.filter((c) => c.verify);
  const triedBefore: { key: string; accountId: string }[] = [...plan.sends.filter((s) => s.kind !== 'new'), ...plan.drops];
  let sends = plan.sends;
  let closes = plan.closes;
  let findings: TaskFinding[] = [];
  let landed: TaskWork['landed'] = [];
  let drops = plan.drops.map((d) => d.key);
  // Found before and not archived yet (the run stopped, or the CRM refused): tried again.
  let duplicates: TaskDuplicate[] = unarchivedDuplicates(state, connector.name);
  let leftAlone = 0;
  let unverifiable = 0;
  let readCalls = 0;
  if (connector.readTasks) {
    // Two tasks holding one key can also come from outside a run (a state restored from a backup,
    // a second installation, a person's copy): a scan names the keys, their tasks are read below.
    let shared: TaskRef[] = [];
    if (connector.sharedTaskKeys && hasOpenTasks(state, connector.name)) {
      readCalls += 1;
      shared = ledgerRefs(state, connector.name, await connector.sharedTaskKeys());
    }
    const refs = uniqueRefs([...toVerify.map((c) => ({ key: c.task.key, accountId: c.task.accountId })), ...triedBefore, ...shared]);
    const found: CrmTask[] = [];
    for (let i = 0; i < refs.length; i += connector.batchSize.tasks) {
      readCalls += 1;
      found.push(...(await connector.readTasks(refs.slice(i, i + connector.batchSize.tasks))));
    }
    const holders = taskHolders(found);
    const known = new Set(duplicates.map((d) => d.crmId));
    duplicates = [...duplicates, ...holders.duplicates.filter((d) => !known.has(d.crmId))];
    landed = triedBefore.flatMap((s) => {
      const task = holders.kept.get(s.key);
      return task ? [{ key: s.key, crmId: task.id }] : [];
    });
    const landedKeys = new Set(landed.map((l) => l.key));
    sends = plan.sends.filter((s) => !landedKeys.has(s.key));
    drops = drops.filter((key) => !landedKeys.has(key));
    ({ closes, findings, leftAlone } = verifyCloses(plan.closes, holders.kept));
  } else {
    // Without a way to see a person's edits, leaving a task open is the safe mistake.
    unverifiable = toVerify.length;
    closes = plan.closes.filter((c) => !c.verify);
  }
  return {
    passAsOf,
    today,
    sends,
    closes,
    findings,
    landed,
    duplicates,
    checks: plan.checks,
    drops,
    coolingDown: plan.coolingDown,
    gaveUp: plan.gaveUp,
    leftAlone,
    unverifiable,
    readCalls,
  };
}

function uniqueRefs(refs: readonly TaskRef[]): TaskRef[] {
  const byKey = new Map<string, TaskRef>();
  for (const r of refs) if (!byKey.has(r.key)) byKey.set(r.key, { key: r.key, accountId: r.accountId });
  return [...byKey.values()];
}
