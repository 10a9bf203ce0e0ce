import type { StatusReport } from '../../state/statusReport.js';

/** One line per thing in `vitals status`: what an admin scans for; `--json` keeps the full records. */

const n = (value: number) => value.toLocaleString('en-US');

/** `2026-12-07 14:03 UTC`: the minute is what a person matches against cron and the CRM's logs. */
export function utcMinute(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The longest error a run line carries; the whole text stays in `status --json`. */
const ERROR_CHARS = 160;

/** `#12 run 2026-12-07 14:03 UTC, 1.6 s, ok: 4,621 pulled, 262 written, 37 tasks, 77 calls` */
export function runLine(run: StatusReport['runs'][number]): string {
  const c = run.counts;
  const took = run.finishedAt ? duration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : 'still going';
  const did: string[] = [];
  if (c.pulled !== undefined) did.push(`${n(c.pulled)} pulled`);
  // A score run records its bands under plain names, a whole run under `scored…`.
  const scored = c.scoredAccounts ?? (run.kind === 'score' ? c.accounts : undefined);
  if (scored !== undefined) did.push(`${n(scored)} scored`);
  if (c.written !== undefined) did.push(`${n(c.written)} written`);
  if (c.tasksCreated !== undefined || c.tasksClosed !== undefined) did.push(`${n((c.tasksCreated ?? 0) + (c.tasksClosed ?? 0))} tasks`);
  if (c.quarantined) did.push(`${n(c.quarantined)} quarantined`);
  if (c.failed) did.push(`${n(c.failed)} writes refused`);
  did.push(`${n(run.apiCalls)} calls`);
  const head = `#${run.id} ${run.kind}${run.connector ? ` (${run.connector})` : ''} ${utcMinute(run.startedAt)}, ${took}, ${run.status}: ${did.join(', ')}`;
  if (!run.error) return head;
  const error = run.error.length > ERROR_CHARS ? `${run.error.slice(0, ERROR_CHARS - 1)}…` : run.error;
  return `${head}\n    ${error}`;
}

/** `acme-sf: 5 calls in run #12; 99,871 of 100,000 left today (20,000 kept in reserve)` */
export function budgetLine({ connector, runId, budget, allowance }: StatusReport['apiBudget'][number]): string {
  const calls = typeof budget.callsThisRun === 'number' ? n(budget.callsThisRun) : '?';
  const head = `${connector}: ${calls} calls in run #${runId}`;
  if (!allowance) return `${head}; the CRM has not reported its daily allowance yet`;
  const left = `${n(allowance.dailyRemaining)} of ${n(allowance.dailyLimit)} left`;
  const reserve = `${n(allowance.reserve)} kept in reserve`;
  if (allowance.runId === runId) return `${head}; ${left} today (${reserve})`;
  // That run's calls carried no limit headers: the last reading stands, dated, since others spend too.
  return `${head}; ${left} after run #${allowance.runId} (${utcMinute(allowance.at)}; ${reserve})`;
}

/** `acme-sf opportunities: up to 2026-12-07 14:03 UTC; 1,041 records stored (12 pulled by run #12, 4,621 since its last full pull)` */
export function positionLine(p: StatusReport['positions'][number]): string {
  const moments = [p.lastRun?.at, p.cursorMovedAt ?? undefined].filter((at): at is string => at !== undefined).sort();
  const when = moments.length > 0 ? `up to ${utcMinute(moments[moments.length - 1]!)}` : 'not pulled yet';
  const stored = `${n(p.live)} record${p.live === 1 ? '' : 's'} stored${p.deleted > 0 ? `, ${n(p.deleted)} deleted in the CRM` : ''}`;
  const pulled: string[] = [];
  if (p.lastRun) pulled.push(`${n(p.lastRun.pulled)} pulled by run #${p.lastRun.runId}`);
  // A new cursor means a full pull: the first sync, `sync --full`, or a mapping change that re-pulls.
  if (p.pulledSinceCursor !== null) pulled.push(`${n(p.pulledSinceCursor)} since its last full pull`);
  return `${p.connector} ${p.object}: ${when}; ${stored}${pulled.length > 0 ? ` (${pulled.join(', ')})` : ''}`;
}
