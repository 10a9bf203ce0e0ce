import type { PulledPage, PullRequest } from '../../src/contracts/connector.js';
import { archivedPull } from './archivedPull.js';
import type { HubSpotContext } from './context.js';
import { startingCursor } from './cursor.js';
import { listPull } from './listPull.js';
import { ownersPull } from './ownersPull.js';
import { searchPull } from './searchPull.js';

/**
 * Pages of one object since its cursor: a full list on the first run, search increments after
 * that, and the archived scan for deletes at the end of every run. The phases hand the cursor on,
 * so a run killed anywhere resumes in the phase and at the page where it stopped.
 */
export async function* pull(ctx: HubSpotContext, request: PullRequest): AsyncGenerator<PulledPage> {
  if (request.source === 'owners') {
    yield* ownersPull(ctx, request);
    return;
  }
  let cursor = startingCursor(request, ctx.options.searchLookbackSeconds * 1000, Date.now());
  ctx.log.debug('pull starts', { object: request.object, source: request.source, phase: cursor.phase, modifiedFrom: new Date(cursor.modifiedFrom).toISOString() });
  if (cursor.phase === 'list') cursor = yield* listPull(ctx, request, cursor);
  if (cursor.phase === 'search') cursor = yield* searchPull(ctx, request, cursor);
  if (cursor.phase === 'archived') yield* archivedPull(ctx, request, cursor);
}
