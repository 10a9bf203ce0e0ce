import { canonicalObjects, type CanonicalObject, type Connector } from '../contracts/connector.js';
import type { Logger } from '../log/logger.js';
import type { Mapping } from '../mapping/mappingSchema.js';
import { cursorUpdatedAt, readCursor, resetCursors } from '../../state/cursors.js';
import { linkTemplate, recordLinkTemplate } from '../../state/crmLinks.js';
import type { State } from '../../state/openState.js';
import { pullObject, type PullOutcome } from './pullObject.js';
import { readOrgCurrencies } from './readCurrencies.js';
import { repullRemappedObjects } from './remappedFields.js';
import { DEFAULT_DELETES, sweepDue, sweepIds, type DeletesPolicy } from './sweepIds.js';

export interface SyncOptions {
  /** Forget the cursors first and pull everything again. */
  full?: boolean;
  objects?: readonly CanonicalObject[];
  modifiedSince?: string;
  signal?: AbortSignal;
  onPage?: (outcome: PullOutcome) => void;
  /** Id sweeps and the mass-delete guard. @default DEFAULT_DELETES */
  deletes?: DeletesPolicy;
}

/** An incremental sync's stages: records that point at others arrive after them. */
const STAGES: readonly (readonly CanonicalObject[])[] = [
  ['accounts', 'owners'],
  ['opportunities', 'tickets'],
];

/**
 * Pulls every object of one connector. A first or full pull goes one object at a time, so two
 * bulk downloads never share the memory budget. An incremental sync pulls the objects of a stage
 * side by side: a sync that finds little spends its time waiting on the CRM, whose search is slow
 * (HubSpot's takes a few hundred milliseconds a call).
 */
export async function syncConnector(state: State, connector: Connector, mapping: Mapping, log: Logger, options: SyncOptions = {}): Promise<PullOutcome[]> {
  const objects = canonicalObjects.filter((o) => !options.objects || options.objects.includes(o));
  if (options.full) resetCursors(state, connector.name, [...objects]);
  repullRemappedObjects(state, connector.name, mapping, objects, log);
  await readOrgCurrencies(state, connector, mapping, log);
  const incremental = objects.every((o) => readCursor(state, connector.name, o) !== null);
  const deletes = options.deletes ?? DEFAULT_DELETES;
  const previousSyncAt = new Map(objects.map((o) => [o, cursorUpdatedAt(state, connector.name, o)]));
  const pull = (object: CanonicalObject) =>
    pullObject({ state, connector, mapping, object, modifiedSince: options.modifiedSince, signal: options.signal, log: log.child(object), onPage: options.onPage, deletes });
  const outcomes: PullOutcome[] = [];
  const stages = incremental ? STAGES.map((stage) => stage.filter((o) => objects.includes(o))) : objects.map((o) => [o]);
  for (const stage of stages) {
    if (options.signal?.aborted) break;
    outcomes.push(...(await allSettled(stage.map(pull))));
  }
  // A change feed never shows a record deleted for good; a pull that checked every id (a full
  // one) already found those, the others are swept for them when due.
  for (const outcome of outcomes) {
    if (options.signal?.aborted || outcome.idCheck || options.modifiedSince) continue;
    if (!sweepDue(state, connector, outcome.object, deletes, previousSyncAt.get(outcome.object) ?? null)) continue;
    const check = await sweepIds(state, connector, mapping, outcome.object, deletes, log.child(outcome.object), options.signal);
    if (check) {
      outcome.idCheck = check;
      outcome.deleted += check.deleted;
    }
  }
  if (!options.signal?.aborted) await learnAccountLinks(state, connector, mapping, log, options.full === true);
  return outcomes.sort((a, b) => canonicalObjects.indexOf(a.object) - canonicalObjects.indexOf(b.object));
}

/** Like Promise.all, but a failure is thrown only once every pull has stopped writing to the state. */
async function allSettled<T>(pulls: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(pulls);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/**
 * Asks the connector once where its CRM shows an account (again on a full sync, which is when an
 * org that moved instance would be noticed), so reports and alerts written offline can link to
 * the records. A link is a convenience: failing to learn one never fails the sync.
 */
async function learnAccountLinks(state: State, connector: Connector, mapping: Mapping, log: Logger, refresh: boolean): Promise<void> {
  const object = mapping.objects.accounts.source;
  if (!connector.recordUrlTemplate || (!refresh && linkTemplate(state, connector.name, object) !== null)) return;
  try {
    const template = await connector.recordUrlTemplate(object);
    if (template) recordLinkTemplate(state, connector.name, object, template);
  } catch (error) {
    log.warn('could not learn where the CRM shows accounts; reports and alerts will not link to them', { error });
  }
}
