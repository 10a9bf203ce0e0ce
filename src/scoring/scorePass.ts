import type { Config } from '../config/config.js';
import type { State } from '../../state/openState.js';
import { readScoringInputs } from '../../state/scoringInputs.js';
import { readScoringHistory, writeScorePass, type SnapshotRecord } from '../../state/snapshots.js';
import { DAY_MS } from './accountInputs.js';
import { scoreBook, type BookScore } from './scoreBook.js';
import { bookSummary, snapshotRecordOf } from './snapshotRecord.js';

export interface ScorePassResult {
  connector: string;
  scoredAt: string;
  durationMs: number;
  modelVersion: string | null;
  /** Null when the connector has no accounts in the state yet. */
  summary: ReturnType<typeof bookSummary> | null;
}

/**
 * Scores every account of one connector from the local state and stores the pass (one snapshot
 * per account) under `runId`. Reads and writes only the state: no CRM call.
 */
export function scoreConnectorPass(state: State, config: Config, connector: string, runId: number, nowMs = Date.now()): ScorePassResult {
  const started = Date.now();
  const scoredAt = new Date(nowMs).toISOString();
  const book = scoreStoredBook(state, config, connector, nowMs);
  if (!book) return { connector, scoredAt, durationMs: Date.now() - started, modelVersion: null, summary: null };
  const summary = bookSummary(book);
  writeScorePass(state, { connector, asOf: scoredAt, runId, modelVersion: book.modelVersion, riskSource: book.risk.source, summary }, snapshotsOf(book));
  return { connector, scoredAt, durationMs: Date.now() - started, modelVersion: book.modelVersion, summary };
}

/**
 * The book scored from the state, null when it has no accounts. Its inputs (the whole book, a few
 * hundred megabytes at 100,000 accounts) are garbage once this returns, before the pass is written.
 */
function scoreStoredBook(state: State, config: Config, connector: string, nowMs: number): BookScore | null {
  const inputs = readScoringInputs(state, connector);
  if (inputs.length === 0) return null;
  return scoreBook(inputs, config.scoring, measuredAt(nowMs), readScoringHistory(state, connector));
}

/** Snapshots made as they are written, not all at once. */
function* snapshotsOf(book: BookScore): Generator<SnapshotRecord> {
  for (const account of book.accounts) yield snapshotRecordOf(account, book.risk.source);
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
