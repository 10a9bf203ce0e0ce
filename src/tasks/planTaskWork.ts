import type { Config } from '../config/config.js';
import { fallbackOwnerFor } from '../config/tasksConfig.js';
import type { Connector } from '../contracts/connector.js';
import type { State } from '../../state/openState.js';
import { accountRanges } from '../../state/accountRanges.js';
import { latestPass } from '../../state/snapshots.js';
import { readOwners, readTaskInputs } from '../../state/taskInputs.js';
import { readTaskLedger, type TaskDuplicate } from '../../state/taskLedger.js';
import { checkWithCrm } from './checkWithCrm.js';
import { todayIn } from './dueDate.js';
import { ownerDirectory } from './ownerResolution.js';
import { reconcileTasks, type PlannedClose, type PlannedSend, type TaskPlan } from './reconcileTasks.js';
import type { TaskFinding } from './verifyCloses.js';

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
  /** Duplicates recorded before that no longer are (a person removed one of the two), with the task that now stands for the key. */
  settled: { crmId: string; key: string; standing: string | null }[];
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

const EMPTY = { sends: [], closes: [], findings: [], landed: [], duplicates: [], settled: [], checks: [], drops: [], coolingDown: 0, gaveUp: 0, leftAlone: 0, unverifiable: 0, readCalls: 0 };

/**
 * Plans a connector's task pass: facts from the state, reconciliation against the ledger, then
 * the CRM is asked (reads only) what it holds for the keys that need it (`checkWithCrm`). A dry
 * run shows this plan; the real run executes exactly it.
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

  const checked = await checkWithCrm(state, connector, plan);
  return { passAsOf, today, ...checked, checks: plan.checks, coolingDown: plan.coolingDown, gaveUp: plan.gaveUp };
}
