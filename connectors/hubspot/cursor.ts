import { z } from 'zod';
import type { Cursor, PullRequest } from '../../src/contracts/connector.js';

/**
 * Where a CRM object's pull stands, saved with every page. A pull runs through phases: a full
 * `list` (first run, `--full`), then on later runs `search` for changes since `modifiedFrom`;
 * every run ends with an `archived` scan for deletes and rests at `idle`.
 */
export const hubspotCursorSchema = z.object({
  v: z.literal(1),
  phase: z.enum(['list', 'search', 'archived', 'idle']),
  /** `list` and `archived`: the `after` of the next page to read. */
  after: z.string().optional(),
  /** Every change stamped (`hs_lastmodifieddate`, epoch ms) before this is stored. */
  modifiedFrom: z.number(),
  /**
   * Inside the slice of records stamped exactly `modifiedFrom` (more than a search can page
   * through share one stamp after a bulk edit): records up to this id are stored.
   */
  sliceAfterId: z.string().optional(),
  /**
   * When the run that reached `modifiedFrom` started reading. Search lags behind writes, so
   * anything written shortly before this may have been invisible: the next run looks back from here.
   */
  readStartedAt: z.number(),
  /** An increment's lookback reaches back before this stamp: records stamped earlier were stored by an earlier run. */
  storedBefore: z.number().optional(),
  /** Deletes archived at or after this instant (server clock, epoch ms) are still to be reported. */
  archivedFrom: z.number(),
  /** The latest `archivedAt` seen by the delete scan in progress. */
  archivedSeen: z.number().optional(),
});

export type HubSpotCursor = z.infer<typeof hubspotCursorSchema>;

/**
 * The cursor this run starts from. A saved cursor mid-phase resumes exactly; an `idle` one starts
 * an increment that reaches back `lookbackMs` before the last run began reading.
 */
export function startingCursor(request: Pick<PullRequest, 'since' | 'modifiedSince'>, lookbackMs: number, now: number): HubSpotCursor {
  const saved = request.since ? hubspotCursorSchema.safeParse(request.since) : undefined;
  if (saved?.success) {
    const cursor = saved.data;
    if (cursor.phase !== 'idle') return cursor;
    return { ...cursor, phase: 'search', modifiedFrom: Math.min(cursor.modifiedFrom, cursor.readStartedAt - lookbackMs), sliceAfterId: undefined, readStartedAt: now, storedBefore: cursor.modifiedFrom };
  }
  if (request.modifiedSince) {
    const since = Date.parse(request.modifiedSince);
    return { v: 1, phase: 'search', modifiedFrom: since, readStartedAt: now, archivedFrom: since };
  }
  // No cursor, or one this version cannot read: a full pull is always correct.
  return { v: 1, phase: 'list', modifiedFrom: now, readStartedAt: now, archivedFrom: 0 };
}

export function asCursor(cursor: HubSpotCursor): Cursor {
  return Object.fromEntries(Object.entries(cursor).filter(([, v]) => v !== undefined));
}
