import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { configureLogging } from '../../src/log/logger.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { DAY_MS } from '../../src/model/time.js';
import { readReportModel } from '../../src/reporting/reportModel.js';
import { writeReport } from '../../src/reporting/writeReport.js';
import { HS, SF, seedTwoConnectorBook, type TwoConnectorBook } from '../support/twoConnectorBook.js';
import { openHeadlessChromium } from '../support/headlessChromium.js';

/**
 * The report of a book held in a Salesforce org and a HubSpot portal, as a VP opens it in
 * Debian's headless Chromium at 1400 px and 800 px and prints it: each customer once in the
 * headline and the tables, the matching rule said, each ARR-at-risk row linking both CRM records.
 */
const OUTPUT = packageFile('test-output', 'report');
const NOW = Date.now();
const VIEWS = [{ name: '1400', width: 1400, print: false }, { name: '800', width: 800, print: false }, { name: 'pdf', width: 794, print: true }] as const;

let seeded: TwoConnectorBook;
let html: string;
let customers: number;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  configureLogging({ level: 'error' });
  seeded = await seedTwoConnectorBook(NOW, { accounts: 300, passDaysAgo: [9, 2, 0] });
  const since = new Date(NOW - 7 * DAY_MS);
  customers = readReportModel(seeded.state, seeded.config, [SF], { now: new Date(NOW), since }).totals.accounts;
  html = (await writeReport(seeded.state, seeded.config, { htmlPath: join(seeded.dir, 'report.html'), since, now: new Date(NOW) })).path;
  ({ context, page } = await openHeadlessChromium(seeded.dir));
  mkdirSync(OUTPUT, { recursive: true });
}, 180_000);

afterAll(async () => {
  await context?.close();
  seeded?.state.close();
  if (seeded) rmSync(seeded.dir, { recursive: true, force: true });
});

describe.each(VIEWS.map((v) => [v.name, v] as const))('a two-connector book at %s', (_name, view) => {
  beforeAll(async () => {
    await page.setViewportSize({ width: view.width, height: 1000 });
    await page.emulateMedia({ media: view.print ? 'print' : 'screen' });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    const file = join(OUTPUT, `two-connectors-${view.name}`);
    if (view.print) {
      await page.pdf({ path: `${file}.pdf`, format: 'A4', printBackground: true });
      expect(readFileSync(`${file}.pdf`).subarray(0, 5).toString()).toBe('%PDF-');
    } else await page.screenshot({ path: `${file}.png`, fullPage: true });
  }, 60_000);

  it('counts each customer once in the headline and says how accounts were matched', async () => {
    expect(Number(await page.locator('[data-figure="accounts-total"]').getAttribute('data-value'))).toBe(customers);
    const bands = await page.locator('[data-figure^="accounts-"]:not([data-figure="accounts-total"])').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(bands.reduce((n, b) => n + b, 0)).toBe(customers);
    expect(await page.locator('[data-matching]').textContent()).toMatch(new RegExp(`Accounts in both ${SF} and ${HS} are matched by website domain, else by name`));
  });

  it('lists each customer once at risk, with a CRM column linking both records', async () => {
    const rows = page.locator('section[data-section="risk"] tbody tr');
    const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent ?? ''));
    expect(names.length).toBeGreaterThan(5);
    expect(new Set(names).size).toBe(names.length);
    const links = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('a')].map((a) => a.textContent)));
    for (const l of links) expect(l).toEqual(expect.arrayContaining([SF, HS]));
  });

  if (!view.print) {
    it('fits the width: nothing scrolls sideways', async () => {
      expect(await page.locator('html').evaluate((root) => root.scrollWidth <= root.ownerDocument.defaultView!.innerWidth + 1)).toBe(true);
    });
  }
});
