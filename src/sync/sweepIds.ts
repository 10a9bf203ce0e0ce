import { deletesConfigSchema } from '../config/deletesConfig.js';
import type { CanonicalObject, Connector } from '../contracts/connector.js';
import type { Logger } from '../log/logger.js';
import type { Mapping } from '../mapping/mappingSchema.js';
import { DAY_MS } from '../model/time.js';
import { finishSweep, lastIdCheck, liveIds, type DeleteGuard, type IdCheck } from '../../state/idChecks.js';
import type { State } from '../../state/openState.js';

/** How often ids are swept, and what a sweep may delete unasked (the config's `deletes:` and `--confirm-deletes`). */
export interface DeletesPolicy extends DeleteGuard {
  sweepEveryDays: number;
  /** Sweep now whatever the period says (`vitals sync --sweep`). */
  sweepNow?: boolean;
}

/** The config's `deletes:` defaults, nothing confirmed: for callers that load no config. */
export const DEFAULT_DELETES: DeletesPolicy = { ...deletesConfigSchema.parse({}), confirm: false };

/**
 * Whether an object's ids are due for a sweep: never checked, checked longer ago than the period,
 * last synced longer ago than the CRM shows deletes (they have been missed), or held deletes a
 * person now confirms.
 */
export function sweepDue(state: State, connector: Connector, object: CanonicalObject, policy: DeletesPolicy, previousSyncAt: string | null, nowMs = new Date().getTime()): boolean {
  if (!connector.listIds) return false;
  if (policy.sweepNow || policy.sweepEveryDays === 0) return true;
  const last = lastIdCheck(state, connector.name, object);
  if (!last) return true;
  if (policy.confirm && last.held > 0) return true;
  if (nowMs - Date.parse(last.checkedAt) >= policy.sweepEveryDays * DAY_MS) return true;
  const retention = connector.deleteRetentionDays;
  return retention !== undefined && previousSyncAt !== null && nowMs - Date.parse(previousSyncAt) > retention * DAY_MS;
}

/**
 * Reads every id the CRM holds for one object, and nothing else, then marks deleted the stored
 * records it did not list. The ids are held in memory until the listing ends, so a sweep stopped
 * part way (a kill, Ctrl-C, an error) deletes nothing; the next sync sweeps again.
 */
export async function sweepIds(state: State, connector: Connector, mapping: Mapping, object: CanonicalObject, policy: DeletesPolicy, log: Logger, signal?: AbortSignal): Promise<IdCheck | null> {
  if (!connector.listIds) return null;
  const before = liveIds(state, connector.name, object);
  const seen = new Set<string>();
  for await (const ids of connector.listIds({ object, source: mapping.objects[object].source, signal })) {
    for (const id of ids) seen.add(id);
    if (signal?.aborted) return null;
  }
  if (signal?.aborted) return null;
  const check = finishSweep(state, connector.name, object, seen, before, policy);
  log.debug('ids swept', { ...check, listed: seen.size });
  return check;
}
