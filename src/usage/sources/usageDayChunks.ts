import { configKey, type ResolvedColumns } from './columnRoles.js';
import type { UsageShape } from './usageShape.js';
import { UsageSourceError, type UsageDay, type UsageDayRange } from '../../contracts/usageSource.js';

/**
 * Hands the rows on as the database gives them (a DuckDB vector, a cursor's FETCH), and stops at
 * the first day after `range.to` (only a range that ends today lets one through): the read then
 * throws (with the latest day, asked of the data only then), so the engine stores none of it.
 */
export async function* usageDayChunks(
  batches: AsyncIterable<UsageDay[]>,
  range: UsageDayRange,
  futureError: () => Promise<UsageSourceError>,
): AsyncIterable<UsageDay[]> {
  for await (const batch of batches) {
    for (const row of batch) if (row.day > range.to) throw await futureError();
    if (batch.length > 0) yield batch;
  }
}

/** The message of a read that found data dated after the last day it reads. */
export function futureDayError(source: string, shape: UsageShape, columns: ResolvedColumns, where: string, latestDay: string | null, range: UsageDayRange): UsageSourceError {
  const column = `column "${columns.when.name}" (${configKey(shape, 'when')})`;
  return new UsageSourceError(
    source,
    `${where} has usage dated ${latestDay ?? 'after the last day read'} in ${column}, after ${range.to}, the last day read: a day in the future. ` +
      'Days are UTC days, and a time without an offset is read as UTC: check the time zone the data is written in, ' +
      `and that ${configKey(shape, 'when')} names the ${shape.format === 'events' ? "event's time" : 'day'} and not another date (an expiry, a renewal).`,
  );
}
