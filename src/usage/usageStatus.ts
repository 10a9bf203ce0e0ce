import type { UsageSourceConfig } from '../config/config.js';
import { dayText } from '../model/time.js';
import type { State } from '../../state/openState.js';
import { usageReadState } from '../../state/usageDays.js';
import { liveAccountCount } from '../../state/usageLinks.js';
import { usageLinksOf } from './linkUsage.js';

/** Unmatched keys shown per source: enough to recognise the pattern (trial workspaces, a typo'd domain). */
const EXAMPLES = 5;

export interface UsageSourceStatus {
  source: string;
  type: string;
  connector: string;
  field: string;
  /** Days stored, `YYYY-MM-DD`; null before the first read. */
  days: { from: string; to: string } | null;
  rows: number;
  readAt: string | null;
  /** The last read's failure, until a read succeeds. */
  error: { message: string; at: string } | null;
  keys: number;
  matchedAccounts: number;
  liveAccounts: number;
  unmatchedKeys: number;
  unmatchedExamples: { key: string; lastDay: string }[];
  /** Keys carried by several accounts. */
  sharedKeys: number;
}

export function usageStatus(state: State, sources: readonly UsageSourceConfig[]): UsageSourceStatus[] {
  return sources.map((source) => {
    const read = usageReadState(state, source.name);
    const links = usageLinksOf(state, source);
    const live = liveAccountCount(state, source.match.connector);
    return {
      source: source.name,
      type: source.type,
      connector: source.match.connector,
      field: source.match.field,
      days: read?.readFrom != null && read.readThrough != null ? { from: dayText(read.readFrom), to: dayText(read.readThrough) } : null,
      rows: read?.rows ?? 0,
      readAt: read?.readAt ?? null,
      error: read?.error ? { message: read.error, at: read.failedAt ?? '' } : null,
      keys: links.keys,
      matchedAccounts: links.matchedAccounts,
      liveAccounts: live,
      unmatchedKeys: links.match.unmatched.length,
      unmatchedExamples: links.match.unmatched.slice(0, EXAMPLES).map((k) => ({ key: k.rawKey, lastDay: dayText(k.lastDay) })),
      sharedKeys: links.match.shared,
    };
  });
}

const n = (value: number) => value.toLocaleString('en-US');

export function usageStatusLines(sources: readonly UsageSourceStatus[], utcMinute: (iso: string) => string): string[] {
  const lines: string[] = [];
  for (const s of sources) {
    lines.push(`  ${s.source} (${s.type}, matched to ${s.connector} accounts by ${s.field}):`);
    if (s.days) lines.push(`    days ${s.days.from} to ${s.days.to}, ${n(s.rows)} daily rows, read ${s.readAt ? utcMinute(s.readAt) : 'never'}`);
    else lines.push('    not read yet: `vitals run` or `vitals sync` reads it');
    if (s.error) lines.push(`    FAILED ${utcMinute(s.error.at)}: ${s.error.message}`);
    if (s.keys > 0) {
      lines.push(`    ${n(s.matchedAccounts)} of ${n(s.liveAccounts)} accounts have usage; ${n(s.keys - s.unmatchedKeys)} of ${n(s.keys)} keys matched${s.sharedKeys > 0 ? ` (${n(s.sharedKeys)} carried by several accounts, each gets the usage)` : ''}`);
    }
    if (s.unmatchedKeys > 0) {
      const examples = s.unmatchedExamples.map((e) => `${e.key} (last used ${e.lastDay})`).join(', ');
      lines.push(`    ${n(s.unmatchedKeys)} key${s.unmatchedKeys === 1 ? '' : 's'} match no account, e.g. ${examples}: their usage is stored but scores nobody; give the account that ${s.field} in the CRM, or ignore trial and internal workspaces`);
    }
  }
  return lines;
}
