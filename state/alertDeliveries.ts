import type { State } from './openState.js';

export interface AlertDelivery {
  runId: number;
  /** The webhook's name from the config; never its URL. */
  webhook: string;
  format: string;
  status: 'delivered' | 'failed';
  attempts: number;
  httpStatus: number | null;
  /** Redacted before it is stored. */
  error: string | null;
  /** What the digest carried, counts per event. */
  events: Record<string, number>;
  sentAt: string;
}

export function recordAlertDelivery(state: State, d: AlertDelivery): void {
  state.db
    .prepare(
      `INSERT OR REPLACE INTO alert_deliveries (run_id, webhook, format, status, attempts, http_status, error, events, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(d.runId, d.webhook, d.format, d.status, d.attempts, d.httpStatus, d.error, JSON.stringify(d.events), d.sentAt);
}

/** Webhooks that already have this run's digest: a second call for the same run sends nothing twice. */
export function deliveredWebhooks(state: State, runId: number): Set<string> {
  const rows = state.db.prepare("SELECT webhook FROM alert_deliveries WHERE run_id = ? AND status = 'delivered'").raw().all(runId) as [string][];
  return new Set(rows.map(([name]) => name));
}

/** Deliveries since an instant, newest first (the report's sync health). */
export function alertDeliveriesSince(state: State, since: string, limit = 50): AlertDelivery[] {
  const rows = state.db
    .prepare('SELECT * FROM alert_deliveries WHERE sent_at >= ? ORDER BY sent_at DESC LIMIT ?')
    .all(since, limit) as { run_id: number; webhook: string; format: string; status: 'delivered' | 'failed'; attempts: number; http_status: number | null; error: string | null; events: string; sent_at: string }[];
  return rows.map((r) => ({
    runId: r.run_id,
    webhook: r.webhook,
    format: r.format,
    status: r.status,
    attempts: r.attempts,
    httpStatus: r.http_status,
    error: r.error,
    events: JSON.parse(r.events) as Record<string, number>,
    sentAt: r.sent_at,
  }));
}
