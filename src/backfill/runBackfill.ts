import type { ConnectorConfig } from '../config/config.js';
import { canonicalObjects, type CanonicalObject, type Connector } from '../contracts/connector.js';
import { UsageError } from '../model/errors.js';
import type { Logger } from '../log/logger.js';
import { runSync, type ConnectorSyncResult } from '../sync/runSync.js';
import type { PullOutcome } from '../sync/pullObject.js';
import type { DeletesPolicy } from '../sync/sweepIds.js';
import { abandonBackfill, backfillPulled, finishBackfill, openBackfill, recordBackfillPulled, startBackfill, type Backfill } from '../../state/backfills.js';
import type { State } from '../../state/openState.js';

export interface BackfillOptions {
  /** Only records modified at or after this instant (ISO). */
  since?: string;
  objects?: readonly CanonicalObject[];
  /** Drop an unfinished backfill instead of resuming it. */
  restart?: boolean;
  /** The mass-delete guard of the full pull (a backfill without `since` is one). */
  deletes?: DeletesPolicy;
  signal?: AbortSignal;
  /**
   * The CRM's count of what each object will read, when it can tell (progress and ETA), and what
   * an earlier run of this backfill already read of it (0 unless resumed).
   */
  onCount?: (connector: string, object: CanonicalObject, total: number | null, already: number) => void;
  onPage?: (connector: string, outcome: PullOutcome) => void;
}

export interface BackfillResult {
  runId: number;
  results: (ConnectorSyncResult & { resumed: boolean; finished: boolean })[];
  ok: boolean;
}

/**
 * `vitals backfill`: forget the cursors of the chosen objects and pull them again from the start
 * (or `--since`). The backfill is recorded before the first page, so a rerun after a kill resumes
 * from the committed cursors of the same backfill instead of starting over.
 */
export async function runBackfill(
  state: State,
  entries: ConnectorConfig[],
  open: (entry: ConnectorConfig) => Promise<Connector>,
  log: Logger,
  options: BackfillOptions,
): Promise<BackfillResult> {
  const objects = canonicalObjects.filter((o) => !options.objects || options.objects.includes(o));
  const since = options.since ?? null;
  const backfills = new Map<string, { backfill: Backfill; resumed: boolean }>();
  for (const entry of entries) {
    const existing = openBackfill(state, entry.name);
    if (existing && options.restart) abandonBackfill(state, entry.name);
    else if (existing) {
      if (existing.since !== since || existing.objects.join(',') !== objects.join(',')) {
        throw new UsageError(
          'BACKFILL_UNDER_WAY',
          `${entry.name} has an unfinished backfill of ${existing.objects.join(',')}${existing.since ? ` since ${existing.since}` : ''} (started ${existing.startedAt}); ` +
            'rerun with the same --since and --objects to resume it, or add --restart to start over',
        );
      }
      log.info('resuming backfill', { connector: entry.name, startedAt: existing.startedAt });
      backfills.set(entry.name, { backfill: existing, resumed: true });
      continue;
    }
    backfills.set(entry.name, { backfill: startBackfill(state, entry.name, objects, since), resumed: false });
  }

  // Read before the pull: its pages overwrite these with this run's figures added.
  const already = new Map([...backfills].map(([connector, { backfill }]) => [connector, backfillPulled(state, backfill.id)]));
  const synced = await runSync(state, entries, open, log, {
    kind: 'backfill',
    objects,
    ...(since ? { modifiedSince: since } : {}),
    signal: options.signal,
    onPage: (connector, outcome) => {
      const { backfill } = backfills.get(connector)!;
      recordBackfillPulled(state, backfill.id, outcome.object, (already.get(connector)?.get(outcome.object) ?? 0) + outcome.pulled);
      options.onPage?.(connector, outcome);
    },
    deletes: options.deletes,
    onOpen: async (entry, connector) => {
      if (!options.onCount) return;
      for (const object of objects) {
        const count = connector.countRecords ? await connector.countRecords({ object, source: entry.mapping.objects[object].source, ...(since ? { modifiedSince: since } : {}) }) : null;
        options.onCount(entry.name, object, count, already.get(entry.name)?.get(object) ?? 0);
      }
    },
  });
  const results = synced.results.map((result) => {
    const { backfill, resumed } = backfills.get(result.connector)!;
    const finished = !result.stopped && !options.signal?.aborted;
    if (finished) finishBackfill(state, backfill.id);
    return { ...result, resumed, finished };
  });
  return { runId: synced.runId, results, ok: synced.ok };
}
