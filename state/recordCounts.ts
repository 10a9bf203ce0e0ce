import type { State } from './openState.js';

export interface RecordCounts {
  connector: string;
  object: string;
  live: number;
  deleted: number;
}

/** Live and soft-deleted rows per connector and canonical object, plus quarantined records. */
export function recordCounts(state: State): { records: RecordCounts[]; quarantined: { connector: string; object: string; count: number }[] } {
  const records = (['accounts', 'opportunities', 'tickets', 'owners'] as const).flatMap(
    (table) =>
      state.db
        .prepare(
          `SELECT connector, '${table}' AS object, SUM(deleted_at IS NULL) AS live, SUM(deleted_at IS NOT NULL) AS deleted
           FROM ${table} GROUP BY connector`,
        )
        .all() as RecordCounts[],
  );
  const quarantined = state.db
    .prepare('SELECT connector, object, COUNT(*) AS count FROM quarantine GROUP BY connector, object ORDER BY connector, object')
    .all() as { connector: string; object: string; count: number }[];
  return { records: records.sort((a, b) => a.connector.localeCompare(b.connector)), quarantined };
}
