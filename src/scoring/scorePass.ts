import type { Config } from '../config/config.js';
import type { State } from '../../state/openState.js';
import { readScoringInputs } from '../../state/scoringInputs.js';
import { readScoringHistory, writeScorePass } from '../../state/snapshots.js';
import { scoreBook } from './scoreBook.js';
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
  const inputs = readScoringInputs(state, connector);
  const scoredAt = new Date(nowMs).toISOString();
  if (inputs.length === 0) return { connector, scoredAt, durationMs: Date.now() - started, modelVersion: null, summary: null };
  const book = scoreBook(inputs, config.scoring, nowMs, readScoringHistory(state, connector));
  const summary = bookSummary(book);
  writeScorePass(
    state,
    { connector, asOf: scoredAt, runId, modelVersion: book.modelVersion, riskSource: book.risk.source, summary },
    book.accounts.map((a) => snapshotRecordOf(a, book.risk.source)),
  );
  return { connector, scoredAt, durationMs: Date.now() - started, modelVersion: book.modelVersion, summary };
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
