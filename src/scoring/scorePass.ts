import type { Config } from '../config/config.js';
import type { State } from '../../state/openState.js';
import type { AccountRange } from '../../state/accountRanges.js';
import { storedBook } from '../../state/scoringInputs.js';
import { readScoringHistory, writeScorePass, type SnapshotRecord } from '../../state/snapshots.js';
import { DAY_MS } from '../model/time.js';
import { linkUsageForScoring } from '../usage/linkUsage.js';
import { fitBook, scoreAccounts } from './scoreBook.js';
import { BookTally, snapshotRecordOf, type BookSummary } from './snapshotRecord.js';

export interface ScorePassResult {
  connector: string;
  scoredAt: string;
  durationMs: number;
  modelVersion: string | null;
  /** Null when the connector has no accounts in the state yet. */
  summary: BookSummary | null;
}

/**
 * Scores every account of one connector from the local state and stores the pass (one snapshot
 * per account) under `runId`. Reads and writes only the state: no CRM call. The book is read
 * once, in chunks (see scoreBook.ts): memory grows with the accounts, at about a kilobyte each,
 * not with their tickets and opportunities.
 */
export function scoreConnectorPass(state: State, config: Config, connector: string, runId: number, nowMs = Date.now()): ScorePassResult {
  const started = Date.now();
  const scoredAt = new Date(nowMs).toISOString();
  // Accounts synced since the usage was read are matched to its keys now.
  linkUsageForScoring(state, config.usage, connector);
  const book = fitBook(storedBook(state, connector), config.scoring, measuredAt(nowMs));
  if (!book) return { connector, scoredAt, durationMs: Date.now() - started, modelVersion: null, summary: null };
  const tally = new BookTally();
  let summary: BookSummary | null = null;
  const historyOf = (range: AccountRange) => readScoringHistory(state, connector, range);
  function* records(): Generator<SnapshotRecord> {
    for (const score of scoreAccounts(book!, historyOf)) {
      tally.add(score);
      yield snapshotRecordOf(score, book!.risk.source);
    }
  }
  writeScorePass(
    state,
    { connector, asOf: scoredAt, runId, modelVersion: book.modelVersion, riskSource: book.risk.source, summary: () => (summary = tally.summary(book)) },
    records(),
  );
  return { connector, scoredAt, durationMs: Date.now() - started, modelVersion: book.modelVersion, summary };
}

/**
 * Measures count whole days (days since activity, ticket age, days to renewal): they are read at
 * the end of the UTC day, so every pass of one day scores unchanged data identically and a rerun
 * an hour later sends nothing to the CRM. Data changed today still counts: nothing today is later.
 */
export function measuredAt(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS - 1;
}

/** Band counts summed over connectors, for run summaries and the `runs` row. */
export function bandTotals(results: readonly ScorePassResult[]): { accounts: number; red: number; yellow: number; green: number } {
  const counts = { accounts: 0, red: 0, yellow: 0, green: 0 };
  for (const r of results) {
    if (!r.summary) continue;
    counts.accounts += r.summary.accounts;
    counts.red += r.summary.bands.red;
    counts.yellow += r.summary.bands.yellow;
    counts.green += r.summary.bands.green;
  }
  return counts;
}
