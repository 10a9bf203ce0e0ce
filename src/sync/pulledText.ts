import type { PullOutcome } from './pullObject.js';
import { rereadText } from './pullObject.js';

type Counts = Pick<PullOutcome, 'pulled' | 'inserted' | 'updated' | 'unchanged' | 'deleted' | 'quarantined'>;

const n = (value: number) => value.toLocaleString('en-US');

/** Pull outcomes added up (a connector's objects, for a run's summary line). */
export function addCounts(outcomes: readonly Counts[]): Counts {
  const total: Counts = { pulled: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, quarantined: 0 };
  for (const o of outcomes) for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += o[key];
  return total;
}

/**
 * "4,621 pulled (4,621 new, 0 changed, 0 unchanged), 0 deleted, 0 quarantined", the one wording
 * `sync` and `run` print. Unchanged records surprise people after a run that wrote scores: the
 * CRM stamped them modified, so the next sync reads them again and finds nothing it maps changed.
 */
export function pulledText(counts: Counts, outcomes: readonly Pick<PullOutcome, 'reread'>[]): string {
  const unchanged = counts.unchanged > 0 ? ` unchanged: modified in the CRM, nothing mapped changed, as after our own write-back` : ' unchanged';
  const reread = rereadText(outcomes);
  return (
    `${n(counts.pulled)} pulled (${n(counts.inserted)} new, ${n(counts.updated)} changed, ${n(counts.unchanged)}${unchanged}), ` +
    `${n(counts.deleted)} deleted, ${n(counts.quarantined)} quarantined${reread ? `; ${reread}` : ''}`
  );
}
