import { DAY_MS } from '../model/time.js';
import type { TaskHistory } from '../../state/taskLedger.js';

/**
 * Episodes: one open task per (rule, account, episode). An episode starts when a rule fires for
 * an account that has no task of that rule in flight or open, and its number is part of the
 * dedupe key, so the CRM (which upserts by key) and the ledger agree on "the same task" even
 * when a run dies between the CRM call and the local commit.
 */

/** The key stored in the CRM task's unique field and in the ledger. Readable on purpose: a CSM or admin can tell where a task came from. */
export function dedupeKey(rule: string, accountId: string, episode: number): string {
  return `vitals:${rule}:${accountId}:${episode}`;
}

export function nextEpisode(history: TaskHistory | undefined): number {
  return (history?.lastEpisode ?? 0) + 1;
}

/** When the cooldown after the rule's last task for the account ends, if it has not yet. */
export function coolingDownUntil(history: TaskHistory | undefined, cooldownDays: number, nowMs: number): string | null {
  if (!history?.lastClosedAt || cooldownDays <= 0) return null;
  const until = Date.parse(history.lastClosedAt) + cooldownDays * DAY_MS;
  return nowMs < until ? new Date(until).toISOString() : null;
}
