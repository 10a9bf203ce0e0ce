import { outcomeOfError } from '../model/errors.js';
import { scoredText } from '../scoring/snapshotRecord.js';
import { addCounts, pulledText } from '../sync/pulledText.js';
import type { JobResult } from './runJob.js';
import { usageReadText } from '../usage/usageText.js';

const n = (value: number) => value.toLocaleString('en-US');

/** The end-of-run summary a person reads (cron mails it; `--json` prints the result instead). */
export function renderJob(job: JobResult): string {
  const lines: string[] = [];
  for (const c of job.connectors) {
    lines.push(`${c.connector}`);
    if (c.sync) {
      lines.push(`  sync    ${pulledText(addCounts(c.sync.outcomes), c.sync.outcomes)}; ${n(c.sync.apiCalls)} API calls`);
    }
    // A failed read is told once, among the failures below.
    for (const u of c.usage) if (!u.error) lines.push(`  usage   ${usageReadText(u)}`);
    const summary = c.score?.summary;
    if (summary) {
      const b = summary.bands;
      lines.push(`  score   ${scoredText(summary)}`);
      lines.push(`          ${n(b.red)} red, ${n(b.yellow)} yellow, ${n(b.green)} green; mean churn risk ${(100 * summary.meanChurnRisk).toFixed(1)}%`);
    } else if (c.score) lines.push('  score   no accounts in the state');
    const w = c.writeback;
    if (w?.plan && job.dryRun) {
      const p = w.plan;
      lines.push(`  plan    ${n(p.writes.records)} records to update in ${n(p.calls.writeFields)} calls; tasks ${n(p.tasks.create.length)} to create, ${n(p.tasks.close.length)} to close; ${n(p.calls.total)} API calls`);
    } else if (w) {
      const gone = w.writes?.gone ? ` (${n(w.writes.gone)} no longer in the CRM: marked deleted)` : '';
      const written = w.writes ? `${n(w.writes.written)} records written in ${n(w.writes.calls)} calls${gone}` : 'nothing written';
      const tasks = w.tasks ? `tasks ${n(w.tasks.created)} created, ${n(w.tasks.closed)} closed${w.tasks.duplicatesArchived ? `, ${n(w.tasks.duplicatesArchived)} duplicates archived` : ''}` : 'no tasks sent';
      lines.push(`  write   ${written}; ${tasks}; ${n(w.apiCalls)} API calls`);
    }
    for (const f of c.failures) lines.push(`  FAILED  ${f}`);
  }
  const outcome = job.interrupted ? 'was interrupted (the next run resumes)' : job.ok ? 'finished' : 'finished with failures (see `vitals status`)';
  lines.push(`${job.dryRun ? 'dry run' : 'run'} #${job.runId} ${outcome} in ${(job.durationMs / 1000).toFixed(1)}s, ${n(job.apiCalls)} API calls`);
  const couldNotRun = job.connectors.filter((c) => [c.sync?.stopped, c.writeback?.stopped].some((s) => s?.error !== undefined && outcomeOfError(s.error) === 'fatal'));
  if (couldNotRun.length > 0) {
    lines.push(`${couldNotRun.map((c) => c.connector).join(', ')}: could not log in or reach the CRM (FAILED above says why); the other connectors' work is kept`);
  }
  if (job.dryRun) lines.push('Dry run: the local state was synced and scored; nothing was written to any CRM.');
  return lines.join('\n');
}
