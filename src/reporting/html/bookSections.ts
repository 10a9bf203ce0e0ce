import { bandsNowChart, historyChart, moversChart, renewalsChart, riskChart } from '../charts/bookCharts.js';
import { renderChart } from '../charts/renderChart.js';
import { BANDS } from '../../model/bands.js';
import { RENEWAL_WINDOWS } from '../bookFigures.js';
import { compactMoney, percentOf, wholeNumber } from '../formatNumbers.js';
import { matchingText, type Customer } from '../matchAccounts.js';
import type { ReportModel } from '../reportModel.js';
import { accountLink, chartFigure, day, esc, figure, note, table } from './markup.js';

/** A green account's high churn risk, explained under its drivers. */
const whyNote = (text: string | null) => (text ? `<span class="why" data-green-risk>${esc(text)}</span>` : '');

const bandCell = (band: string) => `<span class="band band-${esc(band)}">${esc(band)}</span>`;

/** The book now: headline figures, accounts and ARR per band. */
export async function bandsSection(model: ReportModel): Promise<string> {
  const { totals, bands, risk } = model;
  const headline = [
    ['accounts scored', figure('accounts-total', totals.accounts, wholeNumber(totals.accounts))],
    ['ARR', figure('arr-total', totals.arr, compactMoney(model.currency, totals.arr))],
    ['ARR at risk', figure('arr-at-risk', risk.total, compactMoney(model.currency, risk.total))],
    ...bands.map((b) => [`${b.band} accounts`, figure(`accounts-${b.band}`, b.accounts, wholeNumber(b.accounts))]),
  ];
  const rows = table(bands, [
    { title: 'band', cell: (b) => bandCell(b.band) },
    { title: 'accounts', numeric: true, cell: (b) => wholeNumber(b.accounts) },
    { title: 'share', numeric: true, cell: (b) => percentOf(totals.accounts ? b.accounts / totals.accounts : 0) },
    { title: 'ARR', numeric: true, cell: (b) => figure(`arr-${b.band}`, b.arr, compactMoney(model.currency, b.arr)) },
    { title: 'ARR share', numeric: true, cell: (b) => percentOf(totals.arr ? b.arr / totals.arr : 0) },
  ]);
  const body =
    totals.accounts === 0
      ? note('No scores yet: run `vitals score` (or `vitals run`) first.')
      : chartFigure('bands-now', await renderChart(bandsNowChart(bands, model.currency), 'bands-now'), 'Latest pass of each connector.') + rows;
  const matching = matchingText(model.match);
  const headlineHtml = `<div class="headline">${headline.map(([label, value]) => `<div><span class="label">${esc(label)}</span>${value}</div>`).join('')}</div>`;
  return section('bands', 'The book by band', `${headlineHtml}${matching ? `<p class="meta" data-matching>${esc(matching)}</p>` : ''}${body}`);
}

export async function historySection(model: ReportModel): Promise<string> {
  const days = new Set(model.history.map((p) => p.day)).size;
  const first = model.history[0]?.day ?? null;
  // One day is one bar on a 90-day axis: a sentence says more until a second day has a pass.
  const body =
    days === 0
      ? note('No scoring passes in this window.')
      : days === 1
        ? `<p class="history-starts">History starts ${first === day(model.generatedAt) ? `today (${esc(first)})` : `on ${esc(first)}`}: this chart fills in as daily runs add passes.</p>`
        : chartFigure('bands-over-time', await renderChart(historyChart(model.history, model.currency), 'bands-over-time'), `From ${day(model.historyFrom)}: ${days} day${days === 1 ? '' : 's'} with a scoring pass. ARR is summed at today’s values; the state keeps no ARR history.${model.match.connectors.length > 1 ? ' A customer held in two connectors counts once, as the first of them scores it.' : ''}`);
  return section('history', 'Bands over time', body);
}

export async function riskSection(model: ReportModel): Promise<string> {
  const { risk, urlOf } = model;
  if (risk.top.length === 0) return section('risk', 'ARR at risk', note('No scored accounts.'));
  const several = model.match.connectors.length > 1;
  const rows = table(risk.top, [
    { title: 'account', cell: (a) => accountLink(a.name, a.accountId, urlOf(a.connector, a.accountId)) },
    ...(several ? [{ title: 'CRM', cell: (a: Customer) => crmLinks(a, urlOf) }] : []),
    { title: 'band', cell: (a) => scoresCell(a) },
    { title: 'health', numeric: true, cell: (a) => String(Math.round(a.health)) },
    { title: 'churn risk', numeric: true, cell: (a) => percentOf(a.churnRisk, 0) },
    { title: 'ARR', numeric: true, cell: (a) => compactMoney(model.currency, a.arr) },
    { title: 'ARR at risk', numeric: true, cell: (a) => compactMoney(model.currency, a.arrAtRisk) },
    { title: 'drivers', cell: (a) => esc(a.driversText) + whyNote(model.notes.greenRisk(a.connector, a.accountId)) },
  ]);
  const intro = `<p>${figure('arr-at-risk-total', risk.total, compactMoney(model.currency, risk.total))} of ARR is at risk (Σ churn risk × ARR), ${figure('arr-at-risk-share', risk.share, percentOf(risk.share))} of the book.</p>`;
  return section('risk', 'ARR at risk', intro + chartFigure('arr-at-risk', await renderChart(riskChart(risk.top, model.currency), 'arr-at-risk'), 'Largest ARR at risk first; colour is the band.') + rows);
}

export async function renewalsSection(model: ReportModel): Promise<string> {
  const rows = RENEWAL_WINDOWS.map((withinDays) => ({ withinDays, figures: model.renewals.filter((r) => r.withinDays === withinDays) }));
  const tableHtml = table(rows, [
    { title: 'due', cell: (r) => `within ${r.withinDays} days` },
    ...BANDS.map((band) => ({
      title: band,
      numeric: true,
      cell: (r: (typeof rows)[number]) => {
        const f = r.figures.find((x) => x.band === band)!;
        return `${figure(`renewals-${r.withinDays}-${band}-accounts`, f.accounts, wholeNumber(f.accounts))} · ${figure(`renewals-${r.withinDays}-${band}-arr`, f.arr, compactMoney(model.currency, f.arr))}`;
      },
    })),
    {
      title: 'all',
      numeric: true,
      cell: (r) => `${wholeNumber(r.figures.reduce((n, f) => n + f.accounts, 0))} · ${compactMoney(model.currency, r.figures.reduce((n, f) => n + f.arr, 0))}`,
    },
  ]);
  const body =
    model.totals.accounts === 0
      ? note('No scored accounts.')
      : chartFigure('renewals', await renderChart(renewalsChart(model.renewals, model.currency), 'renewals'), 'Windows are cumulative: within 90 days includes within 30.') +
        tableHtml +
        note('Cells: accounts · ARR, by the band the account is in now.');
  return section('renewals', 'Renewals coming up', body);
}

export async function moversSection(model: ReportModel): Promise<string> {
  const { movers, urlOf } = model;
  if (!movers) return section('movers', 'Biggest movers', note(`No scoring pass before ${day(model.since)} to compare with yet.`));
  const baselines = model.connectors.filter((c) => c.baselineAsOf).map((c) => `${c.name} ${day(c.baselineAsOf)}`);
  const list = [...movers.down, ...movers.up];
  const rows = table(list, [
    { title: 'account', cell: (m) => accountLink(m.name, m.accountId, urlOf(m.connector, m.accountId)) },
    { title: 'health then → now', numeric: true, cell: (m) => `${Math.round(m.before.health)} → ${Math.round(m.health)}` },
    { title: 'change', numeric: true, cell: (m) => figure(`mover-${m.connector}-${m.accountId}`, m.change, `${m.change > 0 ? '+' : ''}${m.change.toFixed(1)}`) },
    { title: 'band then → now', cell: (m) => `${bandCell(m.before.band)} → ${bandCell(m.band)}` },
    { title: 'ARR', numeric: true, cell: (m) => compactMoney(model.currency, m.arr) },
    { title: 'what moved (points)', cell: (m) => `<span data-moved>${esc(model.notes.moved(m.connector, m.accountId) ?? 'no single measure moved a whole point')}</span>` },
    { title: 'drivers now', cell: (m) => esc(m.driversText) + whyNote(model.notes.greenRisk(m.connector, m.accountId)) },
  ]);
  const changes = table(movers.bandChanges, [
    { title: 'from', cell: (c) => (c.from ? bandCell(c.from) : 'new account') },
    { title: 'to', cell: (c) => bandCell(c.to) },
    { title: 'accounts', numeric: true, cell: (c) => figure(`band-change-${c.from ?? 'new'}-${c.to}`, c.accounts, wholeNumber(c.accounts)) },
  ]);
  const chartHtml = list.length > 0 ? chartFigure('movers', await renderChart(moversChart(movers.down, movers.up), 'movers'), 'Largest drops first, then largest rises.') : note('No health changed.');
  return section('movers', 'Biggest movers', `<p class="meta">Compared with the pass of ${esc(baselines.join(', '))}.</p>${chartHtml}${rows}<h3>Band changes</h3>${movers.bandChanges.length > 0 ? changes : note('No account changed band.')}`);
}

/** Each connector that holds the customer, linked to its record there. */
function crmLinks(customer: Customer, urlOf: ReportModel['urlOf']): string {
  return customer.records.map((r) => accountLink(r.connector, r.accountId, urlOf(r.connector, r.accountId))).join(' · ');
}

/** The band; where a customer's CRMs score it differently, each one's band and health, so the reader sees the disagreement. */
function scoresCell(customer: Customer): string {
  const differ = customer.records.some((r) => r.band !== customer.band || Math.round(r.health) !== Math.round(customer.health));
  if (!differ) return bandCell(customer.band);
  return customer.records.map((r) => `${bandCell(r.band)} ${Math.round(r.health)} (${esc(r.connector)})`).join(' · ');
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${esc(id)}" data-section="${esc(id)}">\n<h2>${esc(title)}</h2>\n${body}\n</section>`;
}
