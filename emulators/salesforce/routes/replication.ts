import type { EmulatorRequest, Router } from '../../http/router.js';
import { apiRoute, sobjectFor, type EmulatorContext } from '../context.js';
import { SalesforceApiError } from '../errors.js';
import { formatDateTime, isoDateTime, parseDateTime } from '../fieldValues.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Replication windows work in whole minutes: seconds are ignored, as Salesforce does. */
function window(req: EmulatorRequest, now: number, reachDays: number): { start: number; end: number } {
  const start = parseDateTime(req.query.get('start') ?? '');
  const end = parseDateTime(req.query.get('end') ?? '');
  if (start === undefined || end === undefined) {
    throw new SalesforceApiError(400, 'MALFORMED_QUERY', 'start and end are required and must be dateTime values');
  }
  const s = Math.floor(start / MINUTE) * MINUTE;
  const requestedEnd = Math.floor(end / MINUTE) * MINUTE;
  // Changes show up once their minute is over: the window never reaches past the current minute.
  const e = Math.max(s, Math.min(requestedEnd, Math.floor(now / MINUTE) * MINUTE));
  if (s >= requestedEnd) throw new SalesforceApiError(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute');
  if (s < now - reachDays * DAY) {
    throw new SalesforceApiError(400, 'INVALID_REPLICATION_DATE', `startDate cannot be more than ${reachDays} days ago`);
  }
  return { start: s, end: e };
}

/** `sobjects/X/updated` and `sobjects/X/deleted` (jsforce sends them without a trailing slash). */
export function registerReplicationRoutes(router: Router, ctx: EmulatorContext): void {
  router.on('GET', '/services/data/:version/sobjects/:type/updated', apiRoute(ctx, (req) => {
    const schema = sobjectFor(ctx, req.params.type);
    const { start, end } = window(req, ctx.clock.now(), 30);
    const [from, to] = [isoDateTime(start), isoDateTime(end)];
    const ids: string[] = [];
    for (const row of ctx.tables.table(schema).rows) {
      const stamp = row.SystemModstamp as string;
      if (row.IsDeleted !== true && stamp >= from && stamp < to) ids.push(row.Id as string);
    }
    if (ids.length > 600_000) throw new SalesforceApiError(400, 'EXCEEDED_ID_LIMIT', 'too many ids, use a smaller time window');
    return { status: 200, body: { ids, latestDateCovered: formatDateTime(end) } };
  }));

  router.on('GET', '/services/data/:version/sobjects/:type/deleted', apiRoute(ctx, (req) => {
    const schema = sobjectFor(ctx, req.params.type);
    const now = ctx.clock.now();
    const { start, end } = window(req, now, 15);
    const [from, to] = [isoDateTime(start), isoDateTime(end)];
    const deletedRecords: Array<{ id: string; deletedDate: string }> = [];
    for (const row of ctx.tables.table(schema).rows) {
      const stamp = row.SystemModstamp as string;
      if (row.IsDeleted === true && stamp >= from && stamp < to) deletedRecords.push({ id: row.Id as string, deletedDate: formatDateTime(Date.parse(stamp)) });
    }
    return {
      status: 200,
      body: { deletedRecords, earliestDateAvailable: formatDateTime(Math.floor((now - 15 * DAY) / MINUTE) * MINUTE), latestDateCovered: formatDateTime(end) },
    };
  }));
}
