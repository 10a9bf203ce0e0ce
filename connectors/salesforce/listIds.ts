import type { PullRequest } from '../../src/contracts/connector.js';
import { readFrom } from './pull.js';
import type { PullContext, PullShape } from './pullContext.js';

/**
 * The id of every live record of an object, a query page at a time, for the engine's sweep of
 * records deleted for good (purged from the recycle bin, which no change feed shows). It is the
 * pull's own reading with no fields besides the key and its cursor column, through `query` rather
 * than `queryAll` (the recycle bin is not live): REST pages of up to 2,000 ids, so
 * ceil(n / 2,000) calls, and Bulk API 2.0 once the first page says more than `bulkThreshold`
 * remain. An id can come twice when its record changed while a Bulk job ran; never a deleted one.
 * Users (owners) are read the same way, inactive ones included, as the pull reads them.
 */
export async function* listIds(base: PullContext, request: Pick<PullRequest, 'source' | 'signal'>): AsyncGenerator<string[]> {
  const { signal } = request;
  if (signal?.aborted) return;
  const ctx: PullContext = { ...base, signal };
  const shape: PullShape = { source: request.source, fields: [], withDeleted: false };
  for await (const page of readFrom(ctx, shape, null)) {
    if (page.records.length > 0) yield page.records.map((r) => r.id);
    // Between pages only: the page read ahead meanwhile is dropped unread.
    if (signal?.aborted) return;
  }
}
