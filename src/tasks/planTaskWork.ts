import type { Config } from '../config/config.js';
import { fallbackOwnerFor } from '../config/tasksConfig.js';
import type { Connector, CrmTask } from '../contracts/connector.js';
import type { State } from '../../state/openState.js';
import { accountRanges } from '../../state/accountRanges.js';
import { latestPass } from '../../state/snapshots.js';
import { readOwners, readTaskInputs } from '../../state/taskInputs.js';
import { readTaskLedger } from '../../state/taskLedger.js';
import { todayIn } from './dueDate.js';
import { ownerDirectory } from './ownerResolution.js';
import { reconcileTasks, type PlannedClose, type PlannedSend, type TaskPlan } from './reconcileTasks.js';
import { verifyCloses, type TaskFinding } from './verifyCloses.js';

/** Everything one connector's task pass will do, decided before any write. */
export interface TaskWork {
  /** The score pass the facts come from; null before the first `vitals score` (nothing to do). */
  passAsOf: string | null;
  today: string;
  sends: PlannedSend[];
  closes: PlannedClose[];
  findings: TaskFinding[];
  checks: TaskPlan['checks'];
  drops: string[];
  coolingDown: number;
  gaveUp: number;
  leftAlone: number;
  /** Closes skipped because the connector cannot read tasks back (no `readTasks`). */
  unverifiable: number;
  /** Read calls spent finding out whether a person touched tasks due to close. */
  readCalls: number;
}

const EMPTY = { sends: [], closes: [], findings: [], checks: [], drops: [], coolingDown: 0, gaveUp: 0, leftAlone: 0, unverifiable: 0, readCalls: 0 };

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

  const toVerify = plan.closes.filter((c) => c.verify);
  let unverifiable = 0;
  let readCalls = 0;
  const inCrm = new Map<string, CrmTask>();
  if (toVerify.length > 0 && connector.readTasks) {
    for (let i = 0; i < toVerify.length; i += connector.batchSize.tasks) {
      const keys = toVerify.slice(i, i + connector.batchSize.tasks).map((c) => c.task.key);
      readCalls += 1;
      for (const task of await connector.readTasks(keys)) inCrm.set(task.key, task);
    }
  }
  let closes = plan.closes;
  let findings: TaskFinding[] = [];
  let leftAlone = 0;
  if (connector.readTasks) {
    ({ closes, findings, leftAlone } = verifyCloses(plan.closes, inCrm));
  } else {
    // Without a way to see a person's edits, leaving a task open is the safe mistake.
    unverifiable = toVerify.length;
    closes = plan.closes.filter((c) => !c.verify);
  }
  return {
    passAsOf,
    today,
    sends: plan.sends,
    closes,
    findings,
    checks: plan.checks,
    drops: plan.drops,
    coolingDown: plan.coolingDown,
    gaveUp: plan.gaveUp,
    leftAlone,
    unverifiable,
    readCalls,
  };
}
