import type { StatusReport } from '../../state/statusReport.js';
import { budgetLine, positionLine, runLine, utcMinute } from './statusLines.js';
import { usageStatusLines, type UsageSourceStatus } from '../usage/usageStatus.js';

/** `vitals status` for a person: short sections, most important first. */
export function renderStatus(report: StatusReport, usage: readonly UsageSourceStatus[] = []): string {
  const lines: string[] = [`State ${report.statePath} (schema v${report.schemaVersion})`];
  if (report.lock) {
    lines.push(`Lock: held by ${report.lock.holder} (pid ${report.lock.pid} on ${report.lock.host}) since ${report.lock.acquiredAt}, heartbeat ${report.lock.heartbeatAt}`);
  }
  lines.push('', 'Recent runs:');
  if (report.runs.length === 0) lines.push('  none yet');
  for (const run of report.runs) lines.push(`  ${runLine(run)}`);
  if (report.unfinishedBackfills.length > 0) {
    lines.push('', 'Unfinished backfills (`vitals backfill` with the same options resumes them):');
    for (const b of report.unfinishedBackfills) lines.push(`  ${b.connector} ${b.objects.join(',')}${b.since ? ` since ${b.since}` : ''}, started ${utcMinute(b.startedAt)}`);
  }
  if (report.apiBudget.length > 0) {
    lines.push('', 'API budget at the last run:');
    for (const budget of report.apiBudget) lines.push(`  ${budgetLine(budget)}`);
  }
  lines.push('', 'Sync positions:');
  if (report.positions.length === 0) lines.push('  nothing pulled yet');
  for (const position of report.positions) lines.push(`  ${positionLine(position)}`);
  if (usage.length > 0) {
    lines.push('', 'Usage sources:');
    lines.push(...usageStatusLines(usage, utcMinute));
  }
  if (report.idChecks.length > 0) {
    lines.push('', 'Deletes no change feed shows (last check of every id: full pull or id sweep):');
    for (const c of report.idChecks) {
      const n = (v: number) => v.toLocaleString('en-US');
      const found = c.held > 0 ? `${n(c.held)} of ${n(c.live)} gone, HELD: none deleted (above deletes.maxSharePercent; --confirm-deletes applies them)` : c.deleted > 0 ? `${n(c.deleted)} of ${n(c.live)} gone, marked deleted` : `none of ${n(c.live)} gone`;
      lines.push(`  ${c.connector} ${c.object}: ${utcMinute(c.checkedAt)} by ${c.how}: ${found}`);
    }
  }
  if (report.currencies.length > 0) {
    lines.push('', 'Money (converted to each org\'s corporate currency at its rates, read every sync):');
    for (const c of report.currencies) {
      const dated = c.datedRates > 0 ? `, ${c.datedRates} dated rates` : '';
      lines.push(`  ${c.connector}: ${c.corporate}; rates for ${c.codes.join(', ')}${dated}, read ${c.readAt}`);
      for (const u of c.unconverted) lines.push(`    ${u.records} ${u.object} in ${u.code}: the org has no ${u.code} rate, so their money counts nowhere; activate ${u.code} in the CRM or correct the records`);
    }
  }
  if (report.quarantined.length > 0) {
    lines.push('', 'Quarantined records:');
    for (const q of report.quarantined) lines.push(`  ${q.connector} ${q.object}: ${q.count}`);
    for (const r of report.quarantinedRecords) lines.push(`    ${r.connector} ${r.object} ${r.crmId}: ${r.reason}`);
  }
  if (report.writes.length > 0) {
    lines.push('', 'Writes not yet in the CRM:');
    for (const w of report.writes) lines.push(`  ${w.connector} ${w.status}: ${w.count}`);
    for (const f of report.failedWrites) lines.push(`    ${f.connector} ${f.crmId}.${f.field} after ${f.attempts} attempt(s): ${f.errorCode ?? ''} ${f.errorMessage ?? ''}`);
  }
  if (report.failedTasks.length > 0) {
    lines.push('', 'Tasks the CRM refused:');
    for (const t of report.failedTasks) lines.push(`  ${t.connector} ${t.key} after ${t.attempts} attempt(s): ${t.errorCode ?? ''} ${t.error ?? ''}`);
  }
  if (report.taskDuplicates.length > 0) {
    lines.push('', 'Duplicate CRM tasks (two held one key; the oldest is kept):');
    for (const d of report.taskDuplicates) {
      const outcome = d.archivedAt ? (d.error ? `${d.error} (${d.archivedAt})` : `archived ${d.archivedAt}`) : `not archived yet${d.error ? `: ${d.error}` : ''}`;
      lines.push(`  ${d.connector} ${d.key}: task ${d.crmId} ${outcome} (kept ${d.keptCrmId}, found ${d.foundAt})`);
    }
  }
  return lines.join('\n');
}
