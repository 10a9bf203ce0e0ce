import type { Config, ConnectorConfig } from '../config/config.js';
import type { Connector } from '../contracts/connector.js';
import { planTaskWork, type TaskWork } from '../tasks/planTaskWork.js';
import type { State } from '../../state/openState.js';
import { latestPass, latestScores } from '../../state/snapshots.js';
import { readWriteState, type WriteState } from '../../state/writes.js';
import { knownOutputs } from './knownOutputs.js';
import { planWrites, type WritePlan } from './planWrites.js';
import { desiredOutputs } from './readDesired.js';

/** Everything one connector's write-back will do, decided before any write. */
export interface ConnectorPlan {
  connector: string;
  batchSize: Connector['batchSize'];
  /** The score pass written; null before the first `vitals score`. */
  scoredAt: string | null;
  /** Live accounts with a score. */
  scored: number;
  writes: WritePlan;
  /** Account names, for the plan's samples. */
  names: ReadonlyMap<string, string | null>;
  tasks: TaskWork;
  /** The state the write plan was made from (the real run settles the ledger against it). */
  writeState: WriteState;
}

/**
 * Plans a connector's write-back from the state: score fields that differ from what the CRM holds
 * (per-field policy applied by planWrites) and the task reconciliation. The dry run prints this
 * plan; the real run executes this same plan, so the two cannot disagree.
 */
export async function planConnector(state: State, entry: ConnectorConfig, connector: Connector, config: Config, now: Date): Promise<ConnectorPlan> {
  const writeState = readWriteState(state, connector.name);
  const scores = latestScores(state, connector.name);
  const desired = desiredOutputs(scores, (id) => writeState.accounts.has(id));
  const writes = planWrites(entry.mapping, desired, knownOutputs(writeState, entry.mapping));
  const names = new Map([...writeState.accounts].map(([id, a]) => [id, a.name]));
  return {
    connector: connector.name,
    batchSize: connector.batchSize,
    scoredAt: latestPass(state, connector.name)?.asOf ?? null,
    scored: desired.length,
    writes,
    names,
    tasks: await planTaskWork(state, connector, config, now),
    writeState,
  };
}

/** Batch calls the plan will make: score updates, then task creates and closes. */
export function plannedCalls(plan: ConnectorPlan): { writeFields: number; upsertTasks: number } {
  return {
    writeFields: Math.ceil(plan.writes.updates.length / plan.batchSize.fields),
    upsertTasks: Math.ceil((plan.tasks.sends.length + plan.tasks.closes.length) / plan.batchSize.tasks),
  };
}
