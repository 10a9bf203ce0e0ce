import type { WriteResult } from '../../src/contracts/connector.js';
import { failureForAll } from './batchOutcomes.js';
import { BATCH_LIMIT, type HubSpotContext } from './context.js';
import { HubSpotRequestError } from './errors.js';

/** Archives tasks, 100 a call; HubSpot answers 204 for ids already archived or unknown. */
export async function archiveTasks(ctx: HubSpotContext, ids: string[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (let i = 0; i < ids.length; i += BATCH_LIMIT) {
    const chunk = ids.slice(i, i + BATCH_LIMIT);
    try {
      await ctx.call('api', 'batch archive tasks', () => ctx.apis.batch.archiveWithHttpInfo('tasks', { inputs: chunk.map((id) => ({ id })) }));
      results.push(...chunk.map((id): WriteResult => ({ ok: true, id, key: id })));
    } catch (error) {
      if (!(error instanceof HubSpotRequestError)) throw error;
      const failure = failureForAll(error);
      results.push(...chunk.map((id) => ({ ...failure, key: id })));
    }
  }
  return results;
}
