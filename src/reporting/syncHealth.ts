import type { AlertDelivery } from '../../state/alertDeliveries.js';
import type { RunSummary } from '../../state/reportData.js';

export interface ConnectorBudget {
  connector: string;
  /** When the CRM last reported it. */
  at: string;
  dailyLimit: number;
  /** Calls used that day by every integration of the org, crm-vitals included. */
  usedToday: number;
  /** Calls crm-vitals keeps untouched: a run stops before it. */
  reserve: number;
}

export interface SyncHealth {
  runs: RunSummary[];
  failed: number;
  aborted: number;
  /** crm-vitals' API calls per UTC day and run kind, oldest first. */
  callsPerDay: { day: string; kind: string; calls: number }[];
  budgets: ConnectorBudget[];
  alerts: AlertDelivery[];
}

export function syncHealth(runs: readonly RunSummary[], budgets: readonly ConnectorBudget[], alerts: readonly AlertDelivery[]): SyncHealth {
  const perDay = new Map<string, { day: string; kind: string; calls: number }>();
  for (const run of runs) {
    const day = run.startedAt.slice(0, 10);
    const key = `${day}|${run.kind}`;
    const entry = perDay.get(key) ?? { day, kind: run.kind, calls: 0 };
    entry.calls += run.apiCalls;
    perDay.set(key, entry);
  }
  return {
    runs: [...runs],
    failed: runs.filter((r) => r.status === 'failed').length,
    aborted: runs.filter((r) => r.status === 'aborted').length,
    callsPerDay: [...perDay.values()].sort((a, b) => a.day.localeCompare(b.day) || a.kind.localeCompare(b.kind)),
    budgets: [...budgets],
    alerts: [...alerts],
  };
}
