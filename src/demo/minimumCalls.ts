import type { Connector } from '../contracts/connector.js';
import type { ConnectorJob } from '../run/runJob.js';

/**
 * The fewest calls that could have done a job's work: ceil(records / largest page) per object
 * pulled, ceil(records / batch) for the score writes and for the tasks sent. Log-in, limits
 * and count calls are on top of it.
 */
export function minimumCalls(connector: Pick<Connector, 'pageSize' | 'batchSize'>, job: ConnectorJob): { pull: number; write: number; tasks: number; total: number } {
  const page = connector.pageSize ?? 1;
  const pull = (job.sync?.outcomes ?? []).reduce((sum, o) => sum + Math.ceil(o.pulled / page), 0);
  const write = Math.ceil((job.writeback?.writes?.written ?? 0) / connector.batchSize.fields);
  const tasks = Math.ceil(((job.writeback?.tasks?.created ?? 0) + (job.writeback?.tasks?.closed ?? 0)) / connector.batchSize.tasks);
  return { pull, write, tasks, total: pull + write + tasks };
}
