import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { generateBook } from '../../emulators/book/generateBook.js';
import { configureLogging } from '../../src/log/logger.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { DAY_MS } from '../../src/model/time.js';
import { writeReport } from '../../src/reporting/writeReport.js';
import { reportConfig, seedReportState } from '../support/reportFixture.js';
import { openHeadlessChromium } from '../support/headlessChromium.js';

/**
 * How the report reads for a VP of Customer Success, in Debian's headless Chromium at a desktop
 * (1400 px) and a narrow (800 px) width and as printed to PDF: for a one-connector book with a
 * month of passes, and for a book on its first day (one pass). Screenshots and PDFs land in
 * test-output/report/reading-*.
 */
const OUTPUT = packageFile('test-output', 'report');
const NOW = Date.now();
const TODAY = new Date(NOW).toISOString().slice(0, 10);
const BOOKS = { month: [30, 16, 9, 2, 0], 'first-day': [0] } as const;
type BookName = keyof typeof BOOKS;
const VIEWS = [{ name: '1400', width: 1400, print: false }, { name: '800', width: 800, print: false }, { name: 'pdf', width: 794, print: true }] as const;

let dir: string;
let context: BrowserContext;
let page: Page;
const pages = {} as Record<BookName, string>;
const states: { close(): void }[] = [];

beforeAll(async () => {
  configureLogging({ level: 'error' });
  dir = mkdtempSync(join(tmpdir(), 'vitals-reading-'));
  for (const [name, passDaysAgo] of Object.entries(BOOKS) as [BookName, readonly number[]][]) {
    const bookDir = join(dir, name);
    mkdirSync(bookDir);
    // A threshold low enough that the generated book has green accounts to explain.
    const config = await reportConfig(bookDir, 'alerts:\n  riskThreshold: 5\n');
    const state = seedReportState(config, generateBook({ accounts: 400, seed: 11 }), NOW, passDaysAgo);
    states.push(state);
    pages[name] = (await writeReport(state, config, { htmlPath: join(bookDir, 'report.html'), since: new Date(NOW - 7 * DAY_MS), now: new Date(NOW) })).path;
  }
  ({ context, page } = await openHeadlessChromium(dir));
  mkdirSync(OUTPUT, { recursive: true });
}, 180_000);

afterAll(async () => {
  await context?.close();
  for (const s of states) s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(book: BookName, view: (typeof VIEWS)[number]): Promise<void> {
  await page.setViewportSize({ width: view.width, height: 1000 });
  await page.emulateMedia({ media: view.print ? 'print' : 'screen' });
  await page.goto(pathToFileURL(pages[book]).href, { waitUntil: 'load' });
}

describe.each(Object.keys(BOOKS) as BookName[])('the %s book', (book) => {
  describe.each(VIEWS.map((v) => [v.name, v] as const))('at %s', (_name, view) => {
    beforeAll(async () => {
      await open(book, view);
      const file = join(OUTPUT, `reading-${book}-${view.name}`);
      if (view.print) {
        await page.pdf({ path: `${file}.pdf`, format: 'A4', printBackground: true });
        expect(readFileSync(`${file}.pdf`).subarray(0, 5).toString()).toBe('%PDF-');
      } else await page.screenshot({ path: `${file}.png`, fullPage: true });
    }, 60_000);

    it('has no chart tick reading "0k" or "0M", nor NaN', async () => {
      const texts = await page.locator('figure.chart svg text').allTextContents();
      expect(texts.length).toBeGreaterThan(20);
      expect(texts.filter((t) => /^-?0[kMB]$|NaN/.test(t.trim()))).toEqual([]);
    });

    it('shows the task chart’s rule names whole, inside the picture', async () => {
      const labels = await page.locator('figure[data-chart="tasks"] svg').evaluate((svg) => {
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('text')].map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent ?? '', inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1 };
        });
      });
      expect(labels.map((l) => l.text)).toEqual(expect.arrayContaining(['renewal-at-risk', 'health-dropped']));
      expect(labels.filter((l) => l.text.includes('…') || !l.inside)).toEqual([]);
    });

    it('keeps every run table date on one line', async () => {
      const cells = await page.locator('section[data-section="sync"] td.nowrap').evaluateAll((tds) =>
        tds.map((td) => {
          const range = td.ownerDocument.createRange();
          range.selectNodeContents(td);
          const lineHeight = parseFloat(td.ownerDocument.defaultView!.getComputedStyle(td).lineHeight);
          return { text: td.textContent, lines: range.getClientRects().length, height: range.getBoundingClientRect().height, lineHeight };
        }),
      );
      // The runs (one per pass and a failed sync, started at the wall clock) and the allowance's "as of".
      expect(cells.length).toBe(BOOKS[book].length + 2);
      for (const c of cells) {
        expect(c).toMatchObject({ lines: 1 });
        expect(c.height).toBeLessThan(c.lineHeight * 1.5);
      }
    });

    it('opens the back-test with its plain sentence', async () => {
      const first = page.locator('section[data-section="backtest"] p').first();
      expect(await first.getAttribute('data-backtest-sentence')).toBe('book');
      expect(await first.textContent()).toMatch(/^Of the [\d,]+ renewals lost to churn, \d+% \([\d,]+\) were red or yellow 60–90 days before; renewals still green then were lost at \d+%, against \d+% of all renewals\.$/);
      expect(await page.locator('section[data-section="backtest"] details summary').first().textContent()).toBe('Details');
    });

    it('explains each green account with a high churn risk where it is listed', async () => {
      const notes = await page.locator('section[data-section="risk"] [data-green-risk], section[data-section="movers"] [data-green-risk]').allTextContents();
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) expect(n).toMatch(/^green, but churn risk \d+%: (.+ raises it most \(\+\d+ points\)|no single factor raises it.*)$/);
    });

    if (book === 'first-day') {
      it('says when history starts instead of drawing one day on a 90-day axis', async () => {
        expect(await page.locator('figure[data-chart="bands-over-time"]').count()).toBe(0);
        expect(await page.locator('section[data-section="history"] p.history-starts').textContent()).toBe(`History starts today (${TODAY}): this chart fills in as daily runs add passes.`);
      });
    } else {
      it('draws the history and names the measures that moved each mover', async () => {
        expect(await page.locator('figure[data-chart="bands-over-time"]').count()).toBe(1);
        const moved = await page.locator('section[data-section="movers"] [data-moved]').allTextContents();
        expect(moved.length).toBeGreaterThan(5);
        for (const m of moved) expect(m).toMatch(/^[^,]+ [−+]\d+(, [^,]+ [−+]\d+)*$/);
      });
    }
  });
});
