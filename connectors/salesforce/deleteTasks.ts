import type { WriteResult } from '../../src/contracts/connector.js';
import { COLLECTION_SIZE } from './collections.js';
import { failedCall, toWriteResult, type CollectionResult } from './errors.js';
import type { SalesforceApi } from './salesforceApi.js';

/**
 * Deletes tasks (duplicates of a key) through `DELETE /composite/sobjects`, 200 ids a call,
 * `allOrNone=false`. A task already deleted counts as removed.
 */
export async function deleteTasks(api: SalesforceApi, ids: string[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (let i = 0; i < ids.length; i += COLLECTION_SIZE) {
    const chunk = ids.slice(i, i + COLLECTION_SIZE);
    try {
      const { body } = await api.call<CollectionResult[]>({ method: 'DELETE', path: '/composite/sobjects', query: { ids: chunk.join(','), allOrNone: 'false' }, idempotent: true });
      results.push(
        ...chunk.map((id, j) => {
          const result = toWriteResult(body[j], id, true);
          return !result.ok && result.gone ? { ok: true as const, id, key: id } : result;
        }),
      );
    } catch (error) {
      results.push(...failedCall(error as Error, chunk));
    }
  }
  return results;
}
