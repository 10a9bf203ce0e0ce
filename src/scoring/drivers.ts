import type { Composite } from './composite.js';
import type { MeasureValue } from './measureValue.js';
import { FLAG_MEASURE, type RedFlag } from './redFlags.js';
import { usageLabel } from './usageValues.js';

/** Points a measure costs (level) or moved the score by since the last snapshot (change). */
export interface Driver {
  key: string;
  label: string;
  points: number;
}

/**
 * The `limit` measures losing the most points, D = ω·(100 − s), largest first; Σ D = 100 − H.
 * What a red-flag cap took is added to the measure that shows the flag (`P1 open 9d (red flag)`),
 * or stands alone when no measure does.
 */
export function levelDrivers(
  measures: readonly MeasureValue[],
  c: Composite,
  flags: readonly RedFlag[],
  extraLabels: Record<string, string>,
  limit: number,
): Driver[] {
  const capped = c.uncapped - c.health;
  const flag = capped > 0 ? flags[0] : undefined;
  const flagMeasure = flag ? FLAG_MEASURE[flag.code] : undefined;
  const ranked: { index: number; points: number }[] = [];
  let capPlaced = false;
  measures.forEach((m, index) => {
    const omega = c.omega[index]!;
    if (omega === 0 || m.score === null) return;
    const points = omega * (100 - m.score) + (m.key === flagMeasure ? capped : 0);
    if (m.key === flagMeasure) capPlaced = true;
    if (points > 0) ranked.push({ index, points });
  });
  const drivers: Driver[] = ranked.map(({ index, points }) => {
    const m = measures[index]!;
    return { key: m.key, label: measureLabel(m, extraLabels) + (m.key === flagMeasure ? ' (red flag)' : ''), points };
  });
  if (flag && !capPlaced) drivers.push({ key: 'redFlag', label: `${flag.label} (red flag)`, points: capped });
  return drivers.sort((a, b) => b.points - a.points).slice(0, limit);
}

/**
 * What moved the score: ω·Δs per measure present in both snapshots, the `limit` largest moves.
 * This is exact while the set of present measures stays the same; otherwise the rest is coverage.
 */
export function changeDrivers(
  measures: readonly MeasureValue[],
  c: Composite,
  previousScores: Readonly<Record<string, number | null>>,
  extraLabels: Record<string, string>,
  limit: number,
): Driver[] {
  const ranked: { index: number; points: number }[] = [];
  measures.forEach((m, index) => {
    const before = previousScores[m.key];
    const omega = c.omega[index]!;
    if (m.score === null || before === null || before === undefined || omega === 0) return;
    const points = omega * (m.score - before);
    if (Math.abs(points) >= 0.5) ranked.push({ index, points });
  });
  ranked.sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  return ranked.slice(0, limit).map(({ index, points }) => ({ key: measures[index]!.key, label: measureLabel(measures[index]!, extraLabels), points }));
}

/**
 * The text for the CRM field, e.g. `Renewal stage lag (-14), P1 open 9d (-9), No activity 120d (-6);
 * since last: CSAT 2.9 (-4)`. The points are in parentheses because labels carry signed values
 * of their own (`ARR -15% YoY (-9)`). Whole items only, never past `maxLength`.
 */
export function driversText(level: readonly Driver[], change: readonly Driver[], top: number, maxLength: number): string {
  const items = level.filter((d) => Math.round(d.points) >= 1).slice(0, top).map((d) => `${d.label} (${signed(-d.points)})`);
  let text = items.length > 0 ? items.join(', ') : 'No points lost';
  const moves = change.filter((d) => Math.round(Math.abs(d.points)) >= 1).slice(0, 2).map((d) => `${d.label} (${signed(d.points)})`);
  if (moves.length > 0) {
    const withMoves = `${text}; since last: ${moves.join(', ')}`;
    if (withMoves.length <= maxLength) text = withMoves;
  }
  while (text.length > maxLength && items.length > 1) {
    items.pop();
    text = items.join(', ');
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function signed(points: number): string {
  const rounded = Math.round(points);
  return rounded > 0 ? `+${rounded}` : `${rounded}`;
}

/** A few words naming the measure and its value, as a CSM would say it. */
export function measureLabel(m: MeasureValue, extraLabels: Record<string, string>): string {
  const v = m.value;
  switch (m.key) {
    case 'ticketLoad':
      return `Ticket load ${round1(v ?? 0)}`;
    case 'openHighPriorityAge':
      return v === null ? 'No open P1/P2' : `${m.note ?? 'P1'} open ${Math.round(v)}d`;
    case 'escalations':
      return `${v ?? 0} escalation${v === 1 ? '' : 's'}`;
    case 'csat':
      return v === null ? 'No CSAT' : `CSAT ${v.toFixed(1)}`;
    case 'arrTrend':
      return v === null ? 'ARR trend' : `ARR ${v >= 0 ? '+' : ''}${Math.round(v * 100)}% YoY`;
    case 'contraction':
      return m.note === 'downsell' ? `Downsell ${Math.round((v ?? 0) * 100)}%` : m.note === 'lost-upsell' ? 'Lost upsell' : 'No contraction';
    case 'renewalReadiness':
      if (m.notDue) return `Renewal in ${Math.round(v ?? 0)}d`;
      if (m.note === 'missing') return v !== null && v < 0 ? 'No renewal opp, overdue' : `No renewal opp ${Math.round(v ?? 0)}d out`;
      return m.note === 'secured' ? 'Renewal secured' : 'Renewal stage lag';
    case 'activityRecency':
      return `No activity ${Math.round(v ?? 0)}d`;
    default:
      return usageLabel(m.key, v, m.note) ?? `${extraLabels[m.key] ?? m.key} ${v === null ? '?' : round1(v)}`;
  }
}

function round1(x: number): string {
  return String(Math.round(x * 10) / 10);
}
