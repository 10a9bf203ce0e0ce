import { measureLabel } from '../scoring/drivers.js';
import { NOT_DUE } from '../scoring/snapshotRecord.js';
import type { StoredDrivers, StoredMeasure } from '../../state/snapshots.js';
import { percentOf } from './formatNumbers.js';

/**
 * The words beside an account in the report that say what changed and why a green account is
 * still at risk, from what its snapshots stored. Pure: `readAccountNotes.ts` fetches the snapshots.
 */

/** What a snapshot stored that these notes read. */
export interface SnapshotDetail {
  health: number;
  measures: Record<string, StoredMeasure>;
  drivers: StoredDrivers;
  /** Red flags raised; the first is the one that capped the score. */
  flags?: { code: string; label: string }[];
}

/** Points a measure moved the health by between two passes: + gave points back, − cost more. */
export interface MeasureChange {
  key: string;
  points: number;
}

/** Stands for the points a red-flag cap took beyond what the measures lost; `redFlag:<label>` names its flag. */
export const RED_FLAG_CAP = 'redFlag';

/**
 * The measures whose points moved the health most between the baseline and now, largest first;
 * moves that round to no whole point are left out. A measure's points lost are p = ω·(100 − s),
 * so its move counts a change of score and of weight alike. What a red-flag cap took (health
 * below 100 − Σp) moves as a measure of its own.
 */
export function measureChanges(before: SnapshotDetail, now: SnapshotDetail, limit = 3): MeasureChange[] {
  const keys = new Set([...Object.keys(before.measures), ...Object.keys(now.measures)]);
  const changes: MeasureChange[] = [];
  for (const key of keys) changes.push({ key, points: (before.measures[key]?.p ?? 0) - (now.measures[key]?.p ?? 0) });
  // The cap is named by the flag that set it, in the pass where it took more (the other may show
  // a tenth of a point from rounding p, with no flag).
  const flag = (capPoints(now) > capPoints(before) ? now : before).flags?.[0]?.label;
  changes.push({ key: flag ? `${RED_FLAG_CAP}:${flag}` : RED_FLAG_CAP, points: capPoints(before) - capPoints(now) });
  return changes
    .filter((c) => Math.round(Math.abs(c.points)) >= 1)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || a.key.localeCompare(b.key))
    .slice(0, limit);
}

function capPoints(s: SnapshotDetail): number {
  const lost = Object.values(s.measures).reduce((sum, m) => sum + m.p, 0);
  return Math.max(0, 100 - s.health - lost);
}

/** "renewal readiness −12, ticket load −5", or null when no measure moved. */
export function measureChangesText(changes: readonly MeasureChange[], nameOf: (key: string) => string): string | null {
  if (changes.length === 0) return null;
  return changes.map((c) => `${capName(c.key) ?? lowerFirst(nameOf(c.key))} ${signed(c.points)}`).join(', ');
}

/** "red flag cap" or "red flag (P1 open 9d)"; null for a measure. */
function capName(key: string): string | null {
  if (key === RED_FLAG_CAP) return 'red flag cap';
  return key.startsWith(`${RED_FLAG_CAP}:`) ? `red flag (${key.slice(RED_FLAG_CAP.length + 1)})` : null;
}

/**
 * Why a green account carries a high churn risk: health and churn risk are two models, and the
 * risk can rest on what health weighs little (a renewal soon with no opportunity, size, tenure).
 * Names the factor raising the risk most against the segment average. Null unless the account is
 * green and its risk is at or above `thresholdPercent` (the alerts' `riskThreshold`).
 */
export function greenRiskNote(
  account: { band: string; churnRisk: number },
  snapshot: SnapshotDetail,
  thresholdPercent: number,
  nameOf: (key: string) => string,
  extraLabels: Record<string, string> = {},
): string | null {
  if (account.band !== 'green' || account.churnRisk * 100 < thresholdPercent) return null;
  const head = `green, but churn risk ${percentOf(account.churnRisk, 0)}`;
  const top = snapshot.drivers.risk.filter((c) => c.points > 0).sort((a, b) => b.points - a.points)[0];
  if (!top) return `${head}: no single factor raises it; it is the segment’s own churn rate`;
  const m = snapshot.measures[top.factor];
  const what = m
    ? measureLabel({ key: top.factor, group: 'support', score: m.s, value: m.v, notDue: m.n === NOT_DUE, ...(m.n && m.n !== NOT_DUE ? { note: m.n } : {}) }, extraLabels)
    : nameOf(top.factor);
  return `${head}: ${lowerFirst(what)} raises it most (+${Math.round(top.points)} points)`;
}

/** "Renewal readiness" → "renewal readiness"; an acronym ("CSAT", "ARR trend") stays as it is. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Whole points with a true minus sign: "−12", "+5". */
function signed(points: number): string {
  const whole = Math.round(Math.abs(points));
  return points < 0 ? `−${whole}` : `+${whole}`;
}
