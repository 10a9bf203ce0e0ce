import type { State } from './openState.js';

export type RunKind = 'run' | 'sync' | 'backfill' | 'score' | 'writeback';
export type RunStatus = 'running' | 'ok' | 'failed' | 'aborted';

export interface RunRecord {
  id: number;
  kind: RunKind;
  connector: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  counts: Record<string, number>;
  apiCalls: number;
  apiBudget: Record<string, unknown> | null;
  /** Records pulled per connector and object (syncs and whole runs); null before it was recorded. */
  pulled: RunPulls | null;
  error: string | null;
  pid: number | null;
}

/** `{ connector: { object: records pulled } }`, one entry per object the run finished pulling. */
export type RunPulls = Record<string, Record<string, number>>;

export function startRun(state: State, kind: RunKind, connector: string | null = null): number {
  const result = state.db
    .prepare("INSERT INTO runs (kind, connector, started_at, status, pid) VALUES (?, ?, ?, 'running', ?)")
    .run(kind, connector, new Date().toISOString(), process.pid);
  return Number(result.lastInsertRowid);
}

export interface RunEnd {
  status: Exclude<RunStatus, 'running'>;
  counts?: Record<string, number>;
  apiCalls?: number;
  apiBudget?: Record<string, unknown>;
  pulled?: RunPulls;
  error?: string;
}

export function finishRun(state: State, id: number, end: RunEnd): void {
  state.db
    .prepare('UPDATE runs SET finished_at = ?, status = ?, counts = ?, api_calls = ?, api_budget = ?, pulled = ?, error = ? WHERE id = ?')
    .run(
      new Date().toISOString(),
      end.status,
      JSON.stringify(end.counts ?? {}),
      end.apiCalls ?? 0,
      end.apiBudget ? JSON.stringify(end.apiBudget) : null,
      end.pulled ? JSON.stringify(end.pulled) : null,
      end.error ?? null,
      id,
    );
}

export function recentRuns(state: State, limit = 10): RunRecord[] {
  const rows = state.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as {
    id: number;
    kind: RunKind;
    connector: string | null;
    started_at: string;
    finished_at: string | null;
    status: RunStatus;
    counts: string;
    api_calls: number;
    api_budget: string | null;
    pulled: string | null;
    error: string | null;
    pid: number | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    connector: r.connector,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    counts: JSON.parse(r.counts) as Record<string, number>,
    apiCalls: r.api_calls,
    apiBudget: r.api_budget ? (JSON.parse(r.api_budget) as Record<string, unknown>) : null,
    pulled: r.pulled ? (JSON.parse(r.pulled) as RunPulls) : null,
    error: r.error,
    pid: r.pid,
  }));
}

/** Per connector and object, the newest run that pulled it: how many records, and when it ended. */
export function lastPulls(state: State): { connector: string; object: string; runId: number; at: string; pulled: number }[] {
  const rows = state.db
    .prepare("SELECT id, finished_at AS at, pulled FROM runs WHERE pulled IS NOT NULL AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 200")
    .all() as { id: number; at: string; pulled: string }[];
  const seen = new Map<string, { connector: string; object: string; runId: number; at: string; pulled: number }>();
  for (const row of rows) {
    for (const [connector, objects] of Object.entries(JSON.parse(row.pulled) as RunPulls)) {
      for (const [object, pulled] of Object.entries(objects)) {
        if (!seen.has(`${connector}\0${object}`)) seen.set(`${connector}\0${object}`, { connector, object, runId: row.id, at: row.at, pulled });
      }
    }
  }
  return [...seen.values()];
}

/**
 * Runs left `running` by a process that is gone (killed, machine restarted) are marked aborted, so
 * `status` does not show them running forever. Called by whoever has just taken the run lock: no
 * other process can be inside a locked run then, so a `running` row of another pid is dead.
 */
export function closeAbandonedRuns(state: State, isAlive: (pid: number) => boolean, now = new Date()): number {
  const rows = state.db.prepare("SELECT id, pid FROM runs WHERE status = 'running' AND pid IS NOT NULL AND pid != ?").all(process.pid) as { id: number; pid: number }[];
  const close = state.db.prepare("UPDATE runs SET status = 'aborted', finished_at = ?, error = 'the process ended without finishing (killed?); the next run resumed its work' WHERE id = ?");
  let closed = 0;
  for (const row of rows) {
    if (isAlive(row.pid)) continue;
    closed += close.run(now.toISOString(), row.id).changes;
  }
  return closed;
}
