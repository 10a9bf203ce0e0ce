import type { UsageReadResult } from './readUsageSources.js';

const n = (value: number) => value.toLocaleString('en-US');

/**
 * One line per source read: what was read and how it matched ("product-usage: 1,240 daily rows,
 * 2026-12-05 to 2026-12-08; 1,690 accounts matched, 12 keys match none (see `vitals status`)").
 */
export function usageReadText(r: UsageReadResult): string {
  if (r.error) return `${r.source}: ${r.error}`;
  const read = r.read ? `${n(r.rows)} daily rows, ${r.read.from} to ${r.read.to}` : 'no usage in the source yet';
  const links = r.matched;
  if (!links) return `${r.source}: ${read}`;
  const unmatched = links.unmatchedKeys;
  const none = unmatched > 0 ? `, ${n(unmatched)} key${unmatched === 1 ? '' : 's'} match no account (see \`vitals status\`)` : '';
  return `${r.source}: ${read}${r.interrupted ? ' (interrupted: the next run resumes)' : ''}; ${n(links.accounts)} accounts matched${none}`;
}
