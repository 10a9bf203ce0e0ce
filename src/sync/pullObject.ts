import type { CanonicalObject, Connector } from '../contracts/connector.js';
import type { Logger } from '../log/logger.js';
import { applyMapping, associationsToPull, fieldsToPull } from '../mapping/applyMapping.js';
import type { Mapping } from '../mapping/mappingSchema.js';
import { readCursor } from '../../state/cursors.js';
import type { State } from '../../state/openState.js';
import type { QuarantinedRecord, RowsByObject } from '../model/rows.js';
import { upsertPage, type PageOutcome } from '../../state/upsertPage.js';
import { dropFullPull, finishFullPull, openFullPull, startFullPull, type DeleteGuard, type IdCheck } from '../../state/idChecks.js';

export interface PullOutcome extends PageOutcome {
  object: CanonicalObject;
  pulled: number;
  pages: number;
  /** The check of every stored id against the CRM this sync made (a finished full pull, or a sweep). */
  idCheck?: IdCheck;
  /** Records an earlier pull stored, read again on purpose (see `PulledPage.reread`). */
  reread?: { records: number; why: string };
}

/** "12 re-read: HubSpot search lags writes by up to 5 min", or '' when nothing was. */
export function rereadText(outcomes: readonly Pick<PullOutcome, 'reread'>[]): string {
  const reasons = new Map<string, number>();
  for (const o of outcomes) if (o.reread) reasons.set(o.reread.why, (reasons.get(o.reread.why) ?? 0) + o.reread.records);
  return [...reasons].map(([why, records]) => `${records.toLocaleString('en-US')} re-read: ${why}`).join('; ');
}

export interface PullObjectArgs {
  state: State;
  connector: Connector;
  mapping: Mapping;
  object: CanonicalObject;
  /** Only records modified at or after this instant (backfill `--since`). */
  modifiedSince?: string;
  signal?: AbortSignal;
  log: Logger;
  /** Called after each committed page (progress bars). */
  onPage?: (outcome: PullOutcome) => void;
  /** When a finished full pull may mark the stored records it did not see deleted. */
  deletes: DeleteGuard;
}

/**
 * Pulls one object from the saved cursor: each page is mapped, stored and its cursor advanced in
 * one transaction, so a kill at any point loses nothing and the next run resumes after the last
 * committed page. Records that do not fit the mapping are quarantined, not fatal.
 */
export async function pullObject(args: PullObjectArgs): Promise<PullOutcome> {
  const { state, connector, mapping, object, log } = args;
  const since = readCursor(state, connector.name, object);
  // A pull from nothing sees every record the CRM has, so it is a snapshot: what it does not see is
  // gone. One resumed after a kill goes on with what it saw so far. `--since` sees only a part.
  if (since === null) {
    if (args.modifiedSince) dropFullPull(state, connector.name, object);
    else startFullPull(state, connector.name, object);
  }
  const fullPull = openFullPull(state, connector.name, object);
  const total: PullOutcome = { object, pulled: 0, pages: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, quarantined: 0 };
  const pages = connector.pull({
    object,
    source: mapping.objects[object].source,
    fields: fieldsToPull(mapping, object),
    associations: associationsToPull(mapping, object),
    since,
    modifiedSince: args.modifiedSince,
    signal: args.signal,
  });
  for await (const page of pages) {
    const rows: RowsByObject[typeof object][] = [];
    const quarantined: QuarantinedRecord[] = [];
    for (const record of page.records) {
      const mapped = applyMapping(object, mapping, record);
      if ('row' in mapped) rows.push(mapped.row);
      else quarantined.push(mapped.quarantine);
    }
    const outcome = upsertPage(state, { connector: connector.name, object, rows, deletedIds: page.deletedIds, quarantined, cursor: page.cursor, fullPull: fullPull?.tracksSeen === true });
    total.pages += 1;
    total.pulled += page.records.length;
    total.inserted += outcome.inserted;
    total.updated += outcome.updated;
    total.unchanged += outcome.unchanged;
    total.deleted += outcome.deleted;
    total.quarantined += outcome.quarantined;
    if (page.reread) total.reread = { records: (total.reread?.records ?? 0) + page.reread.records, why: page.reread.why };
    for (const bad of quarantined) log.warn('record quarantined', { object, id: bad.crm_id, reason: bad.reason });
    args.onPage?.(total);
    // Checked between pages only: the page above is committed with its cursor.
    if (args.signal?.aborted) break;
  }
  if (fullPull !== null && !args.signal?.aborted) {
    total.idCheck = finishFullPull(state, connector.name, object, args.deletes);
    total.deleted += total.idCheck.deleted;
  }
  log.debug('pulled', { ...total });
  return total;
}
