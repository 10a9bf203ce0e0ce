import { redactText } from '../../log/redact.js';
import { apiCallsChart, backtestChart, budgetChart, tasksChart } from '../charts/operationsCharts.js';
import { renderChart } from '../charts/renderChart.js';
import { decimal, percentOf, wholeNumber } from '../formatNumbers.js';
import type { ReportModel } from '../reportModel.js';
import { section } from './bookSections.js';
import { chartFigure, day, esc, figure, minute, note, table } from './markup.js';

export async function tasksSection(model: ReportModel): Promise<string> {
  const { tasks } = model;
  if (tasks.length === 0) return section('tasks', 'CSM tasks', note('No task has been created yet.'));
  const rows = table(tasks, [
    { title: 'rule', cell: (t) => esc(t.rule) },
    { title: 'opened', numeric: true, cell: (t) => figure(`tasks-${t.rule}-opened`, t.opened, wholeNumber(t.opened)) },
    { title: 'auto-closed', numeric: true, cell: (t) => figure(`tasks-${t.rule}-auto-closed`, t.autoClosed, wholeNumber(t.autoClosed)) },
    { title: 'completed by a person', numeric: true, cell: (t) => figure(`tasks-${t.rule}-completed`, t.completed, wholeNumber(t.completed)) },
    { title: 'open now', numeric: true, cell: (t) => figure(`tasks-${t.rule}-open`, t.openNow, wholeNumber(t.openNow)) },
  ]);
  return section('tasks', 'CSM tasks', chartFigure('tasks', await renderChart(tasksChart(tasks), 'tasks'), `Since ${day(model.since)}.`) + rows);
}

export async function backtestSection(model: ReportModel): Promise<string> {
  if (model.backtests.length === 0) return section('backtest', 'Back-test', note('No accounts to back-test yet.'));
  const parts: string[] = [];
  for (const b of model.backtests) {
    const r = b.report;
    const c = b.connector;
    parts.push(`<h3>${esc(c)}</h3>`);
    if (r.renewals === 0) {
      parts.push(note('No past renewal with an outcome to test against yet.'));
      continue;
    }
    parts.push(
      `<p class="meta">Computed ${esc(minute(b.computedAt))}${b.computedNow ? ' for this report (none was stored; `vitals backtest` stores one)' : ' by `vitals backtest`'}: ` +
        `${wholeNumber(r.renewals)} past renewals, ${wholeNumber(r.churnedRenewals)} lost, ${r.folds.length} quarterly folds.</p>`,
    );
    parts.push(
      `<p>AUC ${figure(`backtest-${c}-auc`, r.risk.auc, decimal(r.risk.auc))} · Brier ${figure(`backtest-${c}-brier`, r.risk.brier, decimal(r.risk.brier, 4))} · ` +
        `ECE ${figure(`backtest-${c}-ece`, r.risk.ece, decimal(r.risk.ece))} · base churn rate ${figure(`backtest-${c}-base-rate`, r.baseRate, percentOf(r.baseRate))} · ` +
        `health alone AUC ${decimal(r.healthAuc)} · ${r.leadTime.flagged} of ${r.leadTime.churners} churners were red or yellow 60-90 days ahead.</p>`,
    );
    parts.push(chartFigure(`backtest-${c}`, await renderChart(backtestChart(b), `backtest-${c}`), 'Left: each decile of predicted risk against the churn observed (dashed: perfect calibration). Right: churn per band at the as-of health (dashed: base rate).'));
    parts.push(
      table(r.bands, [
        { title: 'band', cell: (x) => `<span class="band band-${esc(x.band)}">${esc(x.band)}</span>` },
        { title: 'as-of rows', numeric: true, cell: (x) => wholeNumber(x.rows) },
        { title: 'churn rate', numeric: true, cell: (x) => figure(`backtest-${c}-${x.band}-rate`, x.rate, percentOf(x.rate)) },
        { title: 'vs base', numeric: true, cell: (x) => (Number.isFinite(x.lift) ? `${x.lift.toFixed(1)}×` : 'n/a') },
        { title: '95% interval', numeric: true, cell: (x) => `${percentOf(x.ci95[0])}–${percentOf(x.ci95[1])}` },
      ]),
    );
  }
  return section('backtest', 'Back-test: did the scores predict churn?', parts.join('\n'));
}

export async function syncSection(model: ReportModel): Promise<string> {
  const { sync } = model;
  const parts: string[] = [
    `<p>${figure('runs-total', sync.runs.length, wholeNumber(sync.runs.length))} runs since ${esc(day(model.since))}: ` +
      `${figure('runs-failed', sync.failed, wholeNumber(sync.failed))} failed, ${wholeNumber(sync.aborted)} aborted.</p>`,
  ];
  if (sync.callsPerDay.length > 0) parts.push(chartFigure('api-calls', await renderChart(apiCallsChart(sync.callsPerDay), 'api-calls'), 'Calls crm-vitals made, by the day the run started.'));
  if (sync.budgets.length > 0) {
    parts.push(chartFigure('api-budget', await renderChart(budgetChart(sync.budgets), 'api-budget'), 'Grey: the daily allowance; blue: used that day by every integration of the org; red tick: where crm-vitals stops (the reserve).'));
    parts.push(
      table(sync.budgets, [
        { title: 'connector', cell: (b) => esc(b.connector) },
        { title: 'as of', cell: (b) => esc(minute(b.at)) },
        { title: 'daily allowance', numeric: true, cell: (b) => wholeNumber(b.dailyLimit) },
        { title: 'used that day', numeric: true, cell: (b) => figure(`api-used-${b.connector}`, b.usedToday, `${wholeNumber(b.usedToday)} (${percentOf(b.dailyLimit ? b.usedToday / b.dailyLimit : 0, 0)})`) },
        { title: 'reserve', numeric: true, cell: (b) => wholeNumber(b.reserve) },
      ]),
    );
  }
  if (sync.runs.length === 0) parts.push(note('No runs in the period.'));
  else {
    parts.push('<h3>Last runs</h3>');
    parts.push(
      table(sync.runs.slice(0, 25), [
        { title: 'run', numeric: true, cell: (r) => String(r.id) },
        { title: 'kind', cell: (r) => esc(r.kind) },
        { title: 'connector', cell: (r) => esc(r.connector ?? 'all') },
        { title: 'started', cell: (r) => esc(minute(r.startedAt)) },
        { title: 'took', numeric: true, cell: (r) => (r.finishedAt ? `${Math.round((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000)} s` : '—') },
        { title: 'status', cell: (r) => `<span class="status-${esc(r.status)}">${esc(r.status)}</span>` },
        { title: 'API calls', numeric: true, cell: (r) => wholeNumber(r.apiCalls) },
        { title: 'error', cell: (r) => esc(redactText(r.error ?? '')) },
      ]),
    );
  }
  if (sync.alerts.length > 0) {
    parts.push('<h3>Alerts</h3>');
    parts.push(
      table(sync.alerts, [
        { title: 'run', numeric: true, cell: (a) => String(a.runId) },
        { title: 'webhook', cell: (a) => esc(a.webhook) },
        { title: 'sent', cell: (a) => esc(minute(a.sentAt)) },
        { title: 'status', cell: (a) => `<span class="status-${a.status === 'failed' ? 'failed' : 'ok'}">${esc(a.status)}</span>` },
        { title: 'attempts', numeric: true, cell: (a) => String(a.attempts) },
        { title: 'carried', cell: (a) => esc(Object.entries(a.events).map(([k, v]) => `${k} ${v}`).join(', ')) },
        { title: 'error', cell: (a) => esc(a.error ?? '') },
      ]),
    );
  }
  return section('sync', 'Sync health', parts.join('\n'));
}
