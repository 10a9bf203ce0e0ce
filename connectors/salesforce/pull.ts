import type { PulledPage, PullRequest } from '../../src/contracts/connector.js';
import { bulkPull } from './bulkPull.js';
import type { PullContext, PullShape } from './pullContext.js';
import { readPosition } from './records.js';
import { countSoql, type Position } from './soql.js';
import { soqlPull } from './soqlPull.js';

/** Objects without a recycle bin have no `IsDeleted` field (their records are never soft-deleted). */
const NO_RECYCLE_BIN = new Set(['User', 'Group', 'Profile', 'UserRole', 'RecordType', 'PermissionSet', 'Organization']);

/**
 * One object's changes since the cursor. REST pages in (SystemModstamp, Id) order by default; a
 * full pull of more than `bulkThreshold` records (counted first), an interrupted Bulk backfill,
 * or an increment that turns out that large goes through Bulk API 2.0, and REST then reads
 * whatever changed while the job ran.
 */
export async function* pull(base: PullContext, request: PullRequest): AsyncGenerator<PulledPage> {
  const ctx: PullContext = { ...base, signal: request.signal };
  const shape: PullShape = {
    source: request.source,
    fields: request.fields,
    withDeleted: !NO_RECYCLE_BIN.has(request.source),
    ...(request.modifiedSince ? { modifiedSince: request.modifiedSince } : {}),
  };
  const position = readPosition(request.since);
  let after = position.after;
  if (position.bulk) {
    ({ after } = yield* bulkPull(ctx, shape, after, position.bulk));
  } else if (after === null && (await count(ctx, shape)) > ctx.options.bulkThreshold) {
    ({ after } = yield* bulkPull(ctx, shape, after));
  }
  yield* readFrom(ctx, shape, after);
}

/**
 * Everything after `after` through REST, unless the first page says more than `bulkThreshold`
 * records remain: then Bulk API 2.0 reads the rest and REST what changed while the job ran. The
 * pull's increments and `listIds` (which needs no COUNT() this way) decide alike here.
 */
export async function* readFrom(ctx: PullContext, shape: PullShape, after: Position | null): AsyncGenerator<PulledPage> {
  const rest = yield* soqlPull(ctx, shape, after, ctx.options.bulkThreshold);
  if (rest.handOff) {
    ctx.log.info('more records than the Bulk threshold; switching to Bulk API 2.0', { object: shape.source });
    const bulk = yield* bulkPull(ctx, shape, rest.after);
    yield* soqlPull(ctx, shape, bulk.after);
  }
}

/**
 * `SELECT COUNT()` of a full pull. Remembered per source and start for the connector's life, so a
 * backfill's progress count and the Bulk decision of the pull that follows cost one call, not two.
 */
export function count(ctx: PullContext, shape: Pick<PullShape, 'source' | 'modifiedSince'>): Promise<number> {
  const key = `${shape.source}|${shape.modifiedSince ?? ''}`;
  let counted = ctx.counts.get(key);
  if (!counted) {
    counted = ctx.api
      .call<{ totalSize: number }>({ method: 'GET', path: '/query', query: { q: countSoql({ source: shape.source, after: null, modifiedSince: shape.modifiedSince }) } })
      .then(({ body }) => body.totalSize);
    counted.catch(() => ctx.counts.delete(key));
    ctx.counts.set(key, counted);
  }
  return counted;
}
