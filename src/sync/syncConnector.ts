import { canonicalObjects, type CanonicalObject, type Connector } from '../contracts/connector.js';
import type { Logger } from '../log/logger.js';
import type { Mapping } from '../mapping/mappingSchema.js';
import { resetCursors } from '../../state/cursors.js';
import { linkTemplate, recordLinkTemplate } from '../../state/crmLinks.js';
import type { State } from '../../state/openState.js';
import { pullObject, type PullOutcome } from './pullObject.js';

export interface SyncOptions {
  /** Forget the cursors first and pull everything again. */
  full?: boolean;
  objects?: readonly CanonicalObject[];
  modifiedSince?: string;
  signal?: AbortSignal;
  onPage?: (outcome: PullOutcome) => void;
}

/**
 * Pulls every object of one connector, owners and accounts first so the records that point at
 * them arrive after them.
 */
export async function syncConnector(state: State, connector: Connector, mapping: Mapping, log: Logger, options: SyncOptions = {}): Promise<PullOutcome[]> {
  const objects = canonicalObjects.filter((o) => !options.objects || options.objects.includes(o));
  if (options.full) resetCursors(state, connector.name, [...objects]);
  const outcomes: PullOutcome[] = [];
  for (const object of objects) {
    if (options.signal?.aborted) break;
    outcomes.push(
      await pullObject({ state, connector, mapping, object, modifiedSince: options.modifiedSince, signal: options.signal, log: log.child(object), onPage: options.onPage }),
    );
  }
  if (!options.signal?.aborted) await learnAccountLinks(state, connector, mapping, log, options.full === true);
  return outcomes;
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
