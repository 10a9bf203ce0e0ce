import type { PulledPage, PullRequest } from '../../src/contracts/connector.js';
import { LIST_PAGE, type HubSpotContext } from './context.js';
import { asCursor, type HubSpotCursor } from './cursor.js';

/**
 * Deletes: the list endpoint with `archived=true`, which search cannot do. It cannot filter by
 * time either, so every run walks the archived ids and reports those archived since the last
 * scan (with the lookback as slack for clocks); reporting one twice is harmless.
 */
export async function* archivedPull(ctx: HubSpotContext, request: PullRequest, start: HubSpotCursor): AsyncGenerator<PulledPage, HubSpotCursor> {
  const slackMs = ctx.options.searchLookbackSeconds * 1000;
  let cursor = start;
  for (;;) {
    const after = cursor.after;
    const page = await ctx.call('api', `list archived ${request.source}`, () =>
      ctx.apis.objects.getPageWithHttpInfo(request.source, LIST_PAGE, after, ['hs_object_id'], undefined, undefined, true),
    );
    const deletedIds: string[] = [];
    let seen = cursor.archivedSeen;
    for (const result of page.results) {
      const archivedAt = result.archivedAt?.getTime() ?? result.updatedAt.getTime();
      if (archivedAt >= cursor.archivedFrom - slackMs) deletedIds.push(result.id);
      seen = Math.max(seen ?? archivedAt, archivedAt);
    }
    const next = page.paging?.next?.after;
    cursor = next
      ? { ...cursor, after: next, archivedSeen: seen }
      : { ...cursor, phase: 'idle', after: undefined, archivedFrom: Math.max(cursor.archivedFrom, seen ?? cursor.archivedFrom), archivedSeen: undefined };
    yield { records: [], deletedIds, cursor: asCursor(cursor) };
    if (!next) return cursor;
  }
}
