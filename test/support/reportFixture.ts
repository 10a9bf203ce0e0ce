import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { DAY_MS } from '../../src/model/time.js';
import type { Book } from '../../emulators/book/bookTypes.js';
import { scoreConnectorPass } from '../../src/scoring/scorePass.js';
import { recordLinkTemplate } from '../../state/crmLinks.js';
import { openState, type State } from '../../state/openState.js';
import { finishRun, startRun } from '../../state/runs.js';
import { beginTaskSends, recordTaskFindings, recordTaskResults } from '../../state/taskLedger.js';
import { bookToState, BOOK_CONNECTOR } from './bookToState.js';

export const LINK_TEMPLATE = 'https://app.hubspot.com/contacts/4242/company/{id}';
/** Days before now of the scoring passes the fixture writes: history, a baseline, the latest. */
export const PASS_DAYS_AGO = [30, 16, 9, 2, 0];

/** A `vitals.yaml` in `dir` with the book as one HubSpot connector, and alerts when given. */
export async function reportConfig(dir: string, alertsYaml = ''): Promise<Config> {
  const file = join(dir, 'vitals.yaml');
  writeFileSync(file, `state: ./vitals.db\nconnectors:\n  - { name: ${BOOK_CONNECTOR}, type: hubspot, auth: { accessToken: x } }\n${alertsYaml}`);
  return loadConfig(file, {});
}

/**
 * A state like a few weeks of `vitals run` leave behind, from a generated book: scoring passes
 * spread over a month (each under its own run), runs with API budgets and one failure, CSM tasks
 * opened, auto-closed and completed, and the link template a sync would have learned.
 * `passDaysAgo: [0]` is a book on its first day: one pass, no history, nothing to compare with.
 */
export function seedReportState(config: Config, book: Book, nowMs: number, passDaysAgo: readonly number[] = PASS_DAYS_AGO): State {
  const state = openState(config.statePath);
  bookToState(state, book);
  recordLinkTemplate(state, BOOK_CONNECTOR, 'companies', LINK_TEMPLATE);
  for (const daysAgo of passDaysAgo) {
    const run = startRun(state, 'run');
    scoreConnectorPass(state, config, BOOK_CONNECTOR, run, nowMs - daysAgo * DAY_MS);
    finishRun(state, run, {
      status: 'ok',
      apiCalls: 40 + daysAgo,
      apiBudget: { [BOOK_CONNECTOR]: { callsThisRun: 40 + daysAgo, dailyLimit: 250_000, dailyRemaining: 231_000 - daysAgo, reserve: 50_000 } },
    });
  }
  const failed = startRun(state, 'sync', BOOK_CONNECTOR);
  finishRun(state, failed, { status: 'failed', apiCalls: 3, error: 'book: HubSpot answered 503 after 6 attempts' });

  const sends = book.accounts.slice(0, 12).map((a, i) => ({
    action: 'create' as const,
    key: `vitals:${i % 3 === 0 ? 'renewal-at-risk' : 'health-dropped'}:A${a.index}:1`,
    rule: i % 3 === 0 ? 'renewal-at-risk' : 'health-dropped',
    accountId: `A${a.index}`,
    episode: 1,
    subject: `Check ${a.name}`,
    body: '',
    dueDate: '2030-01-01',
    priority: 'normal' as const,
    ownerId: null,
  }));
  beginTaskSends(state, BOOK_CONNECTOR, sends);
  recordTaskResults(state, BOOK_CONNECTOR, sends.map((s, i) => ({ key: s.key, action: 'create' as const, ok: true, crmId: `T-${i}` })));
  const closes = sends.slice(0, 3).map((s) => ({ ...s, action: 'close' as const }));
  beginTaskSends(state, BOOK_CONNECTOR, closes);
  recordTaskResults(state, BOOK_CONNECTOR, closes.map((s) => ({ key: s.key, action: 'close' as const, ok: true })));
  recordTaskFindings(state, BOOK_CONNECTOR, [{ key: sends[4]!.key, finding: 'completed' }]);
  return state;
}
