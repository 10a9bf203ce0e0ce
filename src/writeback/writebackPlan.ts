import type { Config, ConnectorConfig } from '../config/config.js';
import type { Connector } from '../contracts/connector.js';
import { planTaskWork, type TaskWork } from '../tasks/planTaskWork.js';
import type { State } from '../../state/openState.js';
import { latestPass, latestScores } from '../../state/snapshots.js';
import { accountRanges } from '../../state/accountRanges.js';
import { accountNames } from '../../state/scoringInputs.js';
import { readWriteState } from '../../state/writes.js';
import type { RangeWrites } from './writeSender.js';
import { knownOutputs, obsoleteWrites } from './knownOutputs.js';
import { planWrites, type PlannedChange, type SkippedField } from './planWrites.js';
import { desiredOutputs } from './readDesired.js';

/** The score-field half of a plan, gathered a range of accounts at a time. */
export interface ScoreWrites {
  /** Records to update. */
  records: number;
  /** Changes per CRM field. */
  fields: Record<string, number>;
  /** Fields left as the CRM holds them, by reason. */
  kept: Record<SkippedField['reason'], number>;
  /** Every change of the first `sampleSize` updates, and the first `sampleSize` fields kept. */
  sample: PlannedChange[];
  keptSample: SkippedField[];
}

/** Everything one connector's write-back does: all a dry run shows, and what a real run sent. */
export interface ConnectorPlan {
  connector: string;
  batchSize: Connector['batchSize'];
  /** The score pass written; null before the first `vitals score`. */
  scoredAt: string | null;
  /** Live accounts with a score. */
  scored: number;
  writes: ScoreWrites;
  /** Names of the accounts the plan's samples and task lines show. */
  names: ReadonlyMap<string, string | null>;
  tasks: TaskWork;
}

/**
 * Plans a connector's write-back from the state: score fields that differ from what the CRM holds
 * (per-field policy applied by planWrites) and the task reconciliation. The book is planned a
 * range of accounts at a time, and each range's updates go to `send` (the real run) as soon as
 * they are planned, so neither the book nor the changed records are held at once. The dry run
 * prints this plan; the real run sends what this same function plans, so the two cannot disagree.
 */
export async function planConnector(
  state: State,
  entry: ConnectorConfig,
  connector: Connector,
  config: Config,
  now: Date,
  send?: (range: RangeWrites) => Promise<void>,
): Promise<ConnectorPlan> {
  const sampleSize = config.writeback.sampleSize;
  const writes: ScoreWrites = { records: 0, fields: {}, kept: { 'edited-by-person': 0, 'not-empty': 0, 'gave-up': 0 }, sample: [], keptSample: [] };
  let scored = 0;
  for (const range of accountRanges(state, connector.name)) {
    const writeState = readWriteState(state, connector.name, range);
    const desired = desiredOutputs(latestScores(state, connector.name, range), (id) => writeState.accounts.has(id));
    const part = planWrites(entry.mapping, desired, knownOutputs(writeState, entry.mapping));
    scored += desired.length;
    const sampled = new Set(part.updates.slice(0, Math.max(0, sampleSize - writes.records)).map((u) => u.id));
    for (const change of part.changes) {
      writes.fields[change.field] = (writes.fields[change.field] ?? 0) + 1;
      if (sampled.has(change.accountId)) writes.sample.push(change);
    }
    for (const skip of part.skipped) {
      writes.kept[skip.reason] += 1;
      if (writes.keptSample.length < sampleSize) writes.keptSample.push(skip);
    }
    writes.records += part.updates.length;
    await send?.({ updates: part.updates, obsolete: obsoleteWrites(writeState, entry.mapping, part) });
  }
  const tasks = await planTaskWork(state, connector, config, now);
  const shown = [...writes.sample, ...writes.keptSample].map((c) => c.accountId);
  for (const t of [...tasks.sends, ...tasks.closes.map((c) => c.send)]) shown.push(t.accountId);
  return {
    connector: connector.name,
    batchSize: connector.batchSize,
    scoredAt: latestPass(state, connector.name)?.asOf ?? null,
    scored,
    writes,
    names: accountNames(state, connector.name, [...new Set(shown)]),
    tasks,
  };
}

/** Batch calls the plan will make: score updates, then duplicate archives, task creates and closes. */
export function plannedCalls(plan: ConnectorPlan): { writeFields: number; writeTasks: number } {
  const batches = (n: number) => Math.ceil(n / plan.batchSize.tasks);
  return {
    writeFields: Math.ceil(plan.writes.records / plan.batchSize.fields),
    writeTasks: batches(plan.tasks.sends.length + plan.tasks.closes.length) + batches(plan.tasks.duplicates.length),
  };
}
