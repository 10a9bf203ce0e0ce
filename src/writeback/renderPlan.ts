import type { PlanReport, TaskLine } from './dryRunPlan.js';
import type { ConnectorWriteback, WritebackResult } from './writebackRun.js';

const n = (value: number) => value.toLocaleString('en-US');

/** `vitals writeback [--dry-run]` for a person: the plan per connector, then what was done. */
export function renderWriteback(result: WritebackResult, sampleSize: number): string {
  const lines: string[] = [];
  for (const c of result.connectors) {
    if (c.plan) lines.push(...renderPlan(c.plan, result.dryRun, sampleSize));
    else lines.push(`${c.connector}: no plan`);
    if (!result.dryRun) lines.push(...renderOutcome(c));
    if (c.stopped) lines.push(`  stopped: ${c.stopped.message}`);
    lines.push('');
  }
  if (result.dryRun) lines.push('Dry run: nothing was written to any CRM or to the state.');
  else lines.push(`write-back #${result.runId ?? '?'} ${result.ok ? 'finished' : 'finished with failures (see `vitals status`)'}`);
  return lines.join('\n');
}

function renderPlan(plan: PlanReport, dryRun: boolean, sampleSize: number): string[] {
  const lines = [`${plan.connector}: ${plan.scoredAt ? `scores of ${plan.scoredAt}, ${n(plan.accounts)} accounts` : 'no scores yet (run `vitals score`)'}`];
  const w = plan.writes;
  const verb = dryRun ? 'to update' : 'planned';
  lines.push(`  score fields: ${n(w.records)} record${w.records === 1 ? '' : 's'} ${verb} in ${n(plan.calls.writeFields)} call${plan.calls.writeFields === 1 ? '' : 's'} of up to ${plan.calls.batchSize.fields}`);
  const width = Math.max(0, ...Object.keys(w.fields).map((f) => f.length));
  for (const [field, count] of Object.entries(w.fields)) lines.push(`    ${field.padEnd(width)}  ${n(count).padStart(7)}`);
  const kept = [
    w.kept['edited-by-person'] ? `${n(w.kept['edited-by-person'])} edited by a person (if-unchanged)` : '',
    w.kept['not-empty'] ? `${n(w.kept['not-empty'])} not empty (if-empty)` : '',
    w.kept['gave-up'] ? `${n(w.kept['gave-up'])} given up after repeated rejections` : '',
  ].filter(Boolean);
  if (kept.length > 0) lines.push(`  kept as the CRM holds them: ${kept.join(', ')}`);
  for (const k of w.keptSample.slice(0, sampleSize)) lines.push(`    kept ${label(k.account, k.accountId)} ${k.field}: CRM ${show(k.crm)}, score ${show(k.desired)} (${k.reason})`);
  if (dryRun && w.sample.length > 0) {
    lines.push('  sample:');
    const byRecord = new Map<string, string[]>();
    for (const s of w.sample) {
      const key = label(s.account, s.accountId);
      const change = s.from === null ? `${s.field} ${show(s.to)}` : `${s.field} ${show(s.from)} → ${show(s.to)}`;
      byRecord.set(key, [...(byRecord.get(key) ?? []), change]);
    }
    for (const [record, changes] of byRecord) lines.push(`    ${record}: ${changes.join(', ')}`);
  }
  const t = plan.tasks;
  const unowned = t.create.filter((task) => task.ownerId === null).length;
  const extras = [
    t.landed ? `${t.landed} found in the CRM: earlier creates whose answer was lost` : '',
    t.duplicates ? `${t.duplicates} duplicate${t.duplicates === 1 ? '' : 's'} to archive` : '',
    t.resend ? `${t.resend} resent` : '',
    t.retry ? `${t.retry} retried` : '',
    t.coolingDown ? `${t.coolingDown} cooling down` : '',
    t.leftAlone ? `${t.leftAlone} left to a person` : '',
    t.completedByPerson ? `${t.completedByPerson} completed by a person` : '',
    t.gaveUp ? `${t.gaveUp} given up` : '',
    t.unverifiable ? `${t.unverifiable} not auto-closed: the connector cannot read tasks back` : '',
    unowned ? `${unowned} with no active owner: set tasks.fallbackOwner` : '',
  ].filter(Boolean);
  lines.push(`  tasks: ${n(t.create.length)} to create, ${n(t.close.length)} to close${extras.length ? ` (${extras.join(', ')})` : ''}`);
  if (dryRun) {
    for (const task of t.create.slice(0, sampleSize)) lines.push(`    + ${taskLine(task)}`);
    for (const task of t.close.slice(0, sampleSize)) lines.push(`    - ${taskLine(task)}`);
  }
  const c = plan.calls;
  const budget =
    c.dailyRemaining !== undefined ? `; ${n(c.dailyRemaining)}${c.dailyLimit !== undefined ? ` of ${n(c.dailyLimit)}` : ''} left today, ${n(c.reserve ?? 0)} kept in reserve` : '';
  lines.push(
    `  API calls${dryRun ? ' the run will spend' : ' planned'}: ${n(c.total)} (${c.writeFields} field batch${c.writeFields === 1 ? '' : 'es'}, ${c.writeTasks} task batch${c.writeTasks === 1 ? '' : 'es'}, ${c.readTasks} task read${c.readTasks === 1 ? '' : 's'}) plus the connector's own reads${budget}`,
  );
  return lines;
}

function renderOutcome(c: ConnectorWriteback): string[] {
  const lines: string[] = [];
  if (c.writes) {
    const failed = c.writes.failed;
    lines.push(`  written: ${n(c.writes.written)} record${c.writes.written === 1 ? '' : 's'} in ${c.writes.calls} call${c.writes.calls === 1 ? '' : 's'}${failed.length ? `, ${failed.length} rejected` : ''}`);
    for (const f of failed.slice(0, 10)) lines.push(`    ${f.crmId}: ${f.errorCode} ${f.message}${f.gaveUp ? ' (given up: reported by `vitals status`)' : ' (retried next run)'}`);
    if (c.writes.notSent) lines.push(`    ${n(c.writes.notSent)} not sent: stopped; the next run sends them`);
    if (c.writes.gone) lines.push(`    ${n(c.writes.gone)} no longer in the CRM: marked deleted, their open tasks closed here`);
  }
  if (c.tasks) {
    const archived = c.tasks.duplicatesArchived ? `, ${c.tasks.duplicatesArchived} duplicate${c.tasks.duplicatesArchived === 1 ? '' : 's'} archived` : '';
    lines.push(`  tasks: ${c.tasks.created} created, ${c.tasks.closed} closed${archived}${c.tasks.failed.length ? `, ${c.tasks.failed.length} refused` : ''}`);
    for (const f of c.tasks.failed.slice(0, 10)) lines.push(`    ${f.key} (${f.action}): ${f.errorCode} ${f.message}`);
  }
  lines.push(`  API calls this run: ${n(c.apiCalls)}`);
  return lines;
}

function taskLine(t: TaskLine): string {
  return `${t.rule}  ${label(t.account, t.accountId)}  due ${t.dueDate}  ${t.priority}${t.ownerId ? `  owner ${t.ownerId}` : '  no owner'}  "${t.subject}"`;
}

function label(name: string | null, id: string): string {
  return name ? `${name} (${id})` : id;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '(empty)';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}..."` : text;
}
