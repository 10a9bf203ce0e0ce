import { redactText } from '../../log/redact.js';
import { apiCallsChart, backtestChart, budgetChart, tasksChart } from '../charts/operationsCharts.js';
import { renderChart } from '../charts/renderChart.js';
import { backtestSentence } from '../backtestSentence.js';
import { decimal, percentOf, wholeNumber } from '../formatNumbers.js';
import type { ReportModel } from '../reportModel.js';
import { section } from './bookSections.js';
import { chartFigure, day, esc, figure, minute, note, shortMinute, table } from './markup.js';

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
    // The plain sentence first; the statistics behind it, each with what it means, under Details.
    parts.push(`<h3>${esc(c)}</h3>`, `<p class="lead" data-backtest-sentence="${esc(c)}">${esc(backtestSentence(r))}</p>`);
    if (r.renewals === 0) continue;
    parts.push(
      chartFigure(
        `backtest-${c}`,
        await renderChart(backtestChart(b), `backtest-${c}`),
        'Left: renewals grouped by the churn risk predicted for them, against the share lost (on the dashed line the prediction was right). Right: share lost by the band the customer was in before the renewal (dashed: all renewals).',
      ),
    );
    const metric = (term: string, value: string, meaning: string) => `<dt>${esc(term)} ${value}</dt><dd>${esc(meaning)}</dd>`;
    parts.push(
      `<details class="backtest-details"><summary>Details</summary>` +
        `<p class="meta">Computed ${esc(minute(b.computedAt))}${b.computedNow ? ' for this report (none was stored; `vitals backtest` stores one)' : ' by `vitals backtest`'}: ` +
        `${wholeNumber(r.renewals)} past renewals, ${wholeNumber(r.churnedRenewals)} lost, ${r.folds.length} quarterly folds, each scored by a model fitted only on renewals resolved before it.</p>` +
        '<dl class="metrics">' +
        metric('AUC', figure(`backtest-${c}-auc`, r.risk.auc, decimal(r.risk.auc)), 'The chance that a renewal which was lost had been given a higher churn risk than one which renewed: 0.5 is a coin toss, 1 is perfect.') +
        metric('Health alone AUC', esc(decimal(r.healthAuc)), 'The same, ranking by health score alone instead of the churn model.') +
        (r.usage
          ? metric(
              'AUC without usage',
              figure(`backtest-${c}-auc-without-usage`, r.usage.aucWithout, decimal(r.usage.aucWithout)),
              `The same folds with the churn model fitted without product usage (${wholeNumber(r.usage.rows)} of ${wholeNumber(r.rows)} as-of rows had usage): against the AUC above, what usage adds.`,
            )
          : '') +
        metric('Brier', figure(`backtest-${c}-brier`, r.risk.brier, decimal(r.risk.brier, 4)), 'The mean squared gap between the predicted risk and what happened (1 lost, 0 renewed): lower is better.') +
        metric('ECE', figure(`backtest-${c}-ece`, r.risk.ece, decimal(r.risk.ece)), 'Expected calibration error: how far, on average, a predicted churn rate sits from the rate observed (0: a predicted 20% churned 20% of the time).') +
        metric('Base churn rate', figure(`backtest-${c}-base-rate`, r.baseRate, percentOf(r.baseRate)), 'The share of as-of rows whose renewal was lost.') +
        metric('As-of rows', esc(wholeNumber(r.rows)), 'Each past renewal rebuilt as it stood at several days before it (scoring.risk.asOfDays): one row per renewal and day, so one renewal counts several times.') +
        '</dl>' +
        table(r.bands, [
          { title: 'band', cell: (x) => `<span class="band band-${esc(x.band)}">${esc(x.band)}</span>` },
          { title: 'as-of rows', numeric: true, cell: (x) => wholeNumber(x.rows) },
          { title: 'churn rate', numeric: true, cell: (x) => figure(`backtest-${c}-${x.band}-rate`, x.rate, percentOf(x.rate)) },
          { title: 'vs base', numeric: true, cell: (x) => (Number.isFinite(x.lift) ? `${x.lift.toFixed(1)}×` : 'n/a') },
          { title: '95% interval', numeric: true, cell: (x) => `${percentOf(x.ci95[0])}–${percentOf(x.ci95[1])}` },
        ]) +
        '</details>',
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
        { title: 'as of (UTC)', nowrap: true, cell: (b) => esc(shortMinute(b.at)) },
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
        { title: 'started (UTC)', nowrap: true, cell: (r) => esc(shortMinute(r.startedAt)) },
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
        { title: 'sent (UTC)', nowrap: true, cell: (a) => esc(shortMinute(a.sentAt)) },
        { title: 'status', cell: (a) => `<span class="status-${a.status === 'failed' ? 'failed' : 'ok'}">${esc(a.status)}</span>` },
        { title: 'attempts', numeric: true, cell: (a) => String(a.attempts) },
        { title: 'carried', cell: (a) => esc(Object.entries(a.events).map(([k, v]) => `${k} ${v}`).join(', ')) },
        { title: 'error', cell: (a) => esc(a.error ?? '') },
      ]),
    );
  }
  return section('sync', 'Sync health', parts.join('\n'));
}
