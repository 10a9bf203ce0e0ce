import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { Config } from '../../src/config/config.js';
import { generateBook } from '../../emulators/book/generateBook.js';
import { configureLogging } from '../../src/log/logger.js';
import { REPORT_SECTIONS } from '../../src/reporting/html/renderReportHtml.js';
import { writeReport, type WrittenReport } from '../../src/reporting/writeReport.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { latestBacktest } from '../../state/backtests.js';
import type { State } from '../../state/openState.js';
import { BOOK_CONNECTOR } from '../support/bookToState.js';
import { DAY_MS } from '../../src/model/time.js';
import { LINK_TEMPLATE, reportConfig, seedReportState } from '../support/reportFixture.js';
import { runCli } from '../support/runCli.js';
import { openHeadlessChromium } from '../support/headlessChromium.js';

/**
 * The report from a generated book, opened in Debian's Chromium (installed by .ci/run), headless,
 * with no network: every section and chart is there, nothing is fetched, no console error, and
 * the figures on the page are the state's. The page, its screenshot and PDF land in test-output/report/.
 */
const OUTPUT = packageFile('test-output', 'report');
const NOW = Date.now();

let dir: string;
let config: Config;
let state: State;
let report: WrittenReport;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  configureLogging({ level: 'error' });
  dir = mkdtempSync(join(tmpdir(), 'vitals-report-'));
  config = await reportConfig(dir);
  state = seedReportState(config, generateBook({ accounts: 800, seed: 7 }), NOW);
  report = await writeReport(state, config, { htmlPath: join(dir, 'report.html'), since: new Date(NOW - 7 * DAY_MS), now: new Date(NOW) });

  ({ context, page } = await openHeadlessChromium(dir));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(report.path).href, { waitUntil: 'load' });
}, 120_000);

afterAll(async () => {
  await context?.close();
  state?.close();
  rmSync(dir, { recursive: true, force: true });
});

const figure = async (name: string): Promise<number> => Number(await page.locator(`[data-figure="${name}"]`).first().getAttribute('data-value'));

describe('vitals report in headless Chromium', () => {
  it('loads with no console error and fetches nothing but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(report.path).href]);
    const html = readFileSync(report.path, 'utf8');
    expect(html).not.toMatch(/<script|<link |@import|src="http/i);
  });

  it('has every section, and every chart renders as an SVG with a size', async () => {
    for (const id of REPORT_SECTIONS) expect(await page.locator(`section[data-section="${id}"] h2`).count()).toBe(1);
    const charts = await page.locator('figure.chart').evaluateAll((figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return { chart: f.getAttribute('data-chart'), width: box?.width ?? 0, height: box?.height ?? 0, marks: svg?.querySelectorAll('path, rect, line').length ?? 0 };
      }),
    );
    expect(charts.map((c) => c.chart).sort()).toEqual(['api-budget', 'api-calls', 'arr-at-risk', `backtest-${BOOK_CONNECTOR}`, 'bands-now', 'bands-over-time', 'movers', 'renewals', 'tasks']);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(100);
      expect(c.height).toBeGreaterThan(50);
      expect(c.marks).toBeGreaterThan(5);
    }
  });

  it('writes a screenshot and prints to a PDF', async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const png = join(OUTPUT, 'report.png');
    const pdf = join(OUTPUT, 'report.pdf');
    await page.screenshot({ path: png, fullPage: true });
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    copyFileSync(report.path, join(OUTPUT, 'report.html'));
    expect(statSync(png).size).toBeGreaterThan(50_000);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows the state’s numbers: bands, ARR at risk, renewals, movers, tasks, back-test, runs', async () => {
    const latest = (state.db.prepare('SELECT MAX(as_of) AS asOf FROM score_passes WHERE connector = ?').get(BOOK_CONNECTOR) as { asOf: string }).asOf;
    const rows = state.db
      .prepare(
        `SELECT s.account_id AS id, s.band, s.health, s.churn_risk AS risk, a.arr, a.renewal_date AS renewal FROM score_snapshots s
         JOIN accounts a ON a.connector = s.connector AND a.crm_id = s.account_id WHERE s.connector = ? AND s.as_of = ?`,
      )
      .all(BOOK_CONNECTOR, latest) as { id: string; band: string; health: number; risk: number; arr: number; renewal: string }[];
    expect(await figure('accounts-total')).toBe(rows.length);
    for (const band of ['red', 'yellow', 'green']) {
      const inBand = rows.filter((r) => r.band === band);
      expect(inBand.length).toBeGreaterThan(0);
      expect(await figure(`accounts-${band}`)).toBe(inBand.length);
      expect(await figure(`arr-${band}`)).toBeCloseTo(inBand.reduce((n, r) => n + r.arr, 0), 2);
    }
    expect(await figure('arr-at-risk')).toBeCloseTo(rows.reduce((n, r) => n + r.risk * r.arr, 0), 2);

    const today = Math.floor(NOW / DAY_MS) * DAY_MS;
    const renewing = rows.filter((r) => r.band === 'red' && Date.parse(r.renewal) >= today && Date.parse(r.renewal) <= today + 90 * DAY_MS);
    expect(await figure('renewals-90-red-accounts')).toBe(renewing.length);
    expect(await figure('renewals-90-red-arr')).toBeCloseTo(renewing.reduce((n, r) => n + r.arr, 0), 2);

    // The biggest drop on the page is the largest fall from the baseline pass (newest before the period).
    const baseline = (state.db.prepare('SELECT MAX(as_of) AS asOf FROM score_passes WHERE connector = ? AND as_of <= ?').get(BOOK_CONNECTOR, new Date(NOW - 7 * DAY_MS).toISOString()) as { asOf: string }).asOf;
    const before = new Map((state.db.prepare('SELECT account_id AS id, health FROM score_snapshots WHERE connector = ? AND as_of = ?').all(BOOK_CONNECTOR, baseline) as { id: string; health: number }[]).map((r) => [r.id, r.health]));
    const drops = rows.filter((r) => before.has(r.id)).map((r) => ({ id: r.id, change: r.health - before.get(r.id)! })).sort((a, b) => a.change - b.change);
    expect(drops[0]!.change).toBeLessThan(0);
    expect(await figure(`mover-${BOOK_CONNECTOR}-${drops[0]!.id}`)).toBeCloseTo(drops[0]!.change, 6);

    expect(await figure('tasks-renewal-at-risk-opened')).toBe(4);
    expect(await figure('tasks-health-dropped-opened')).toBe(8);
    expect(await figure('tasks-renewal-at-risk-auto-closed') + (await figure('tasks-health-dropped-auto-closed'))).toBe(3);
    expect(await figure('tasks-health-dropped-completed')).toBe(1);

    const backtest = latestBacktest(state, BOOK_CONNECTOR)!;
    expect(backtest.report.renewals).toBeGreaterThan(0);
    expect(await figure(`backtest-${BOOK_CONNECTOR}-auc`)).toBeCloseTo(backtest.report.risk.auc, 10);
    expect(await figure(`backtest-${BOOK_CONNECTOR}-base-rate`)).toBeCloseTo(backtest.report.baseRate, 10);

    expect(await figure('runs-total')).toBe(6);
    expect(await figure('runs-failed')).toBe(1);
    expect(await figure(`api-used-${BOOK_CONNECTOR}`)).toBe(250_000 - 231_000);
  });

  it('links accounts to their CRM records', async () => {
    const top = report.model.risk.top[0]!;
    const href = await page.locator('section[data-section="risk"] table a').first().getAttribute('href');
    expect(href).toBe(LINK_TEMPLATE.replace('{id}', top.accountId));
  });
});

describe('vitals report (spawned)', () => {
  it('writes the page and prints its summary; a second report reuses the stored back-test', () => {
    const html = join(dir, 'cli', 'book.html');
    const result = runCli(['report', '-c', config.file, '--html', html, '--since', new Date(NOW - 14 * DAY_MS).toISOString().slice(0, 10)]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Report written to ${html}`);
    expect(result.stdout).toMatch(/^ {2}[\d,]+ accounts, ARR [\d.]+[kMB]?: red [\d,]+/m);
    expect(result.stdout).toMatch(/back-test book: Of the [\d,]+ renewals lost to churn, \d+% \([\d,]+\) were red or yellow 60–90 days before.* \(AUC 0\.\d{3}, \d{4}-\d\d-\d\d\)/);
    expect(readFileSync(html, 'utf8')).toContain('data-section="backtest"');

    expect(runCli(['report', '-c', config.file, '--since', 'last week']).stderr).toContain('--since expects a date as YYYY-MM-DD');
    expect(runCli(['report', '-c', config.file, '--connector', 'nope']).status).toBe(2);
  });
});
