import type { LatestScore } from '../../state/snapshots.js';
import type { DesiredOutputs } from './planWrites.js';

/**
 * What each live account's score fields should hold: the latest snapshot in the CRM's units
 * (health and risk as whole points, risk 0-100), converted here and nowhere else so every CRM
 * field shows what the others do. Accounts deleted since the pass are left out: a write to them
 * can only fail.
 */
export function desiredOutputs(scores: readonly LatestScore[], isLive: (accountId: string) => boolean): DesiredOutputs[] {
  return scores
    .filter((s) => isLive(s.accountId))
    .map((s) => ({
      accountId: s.accountId,
      outputs: {
        health_score: Math.round(s.health),
        health_band: s.band,
        churn_risk: Math.round(s.churnRisk * 100),
        health_trend: s.trend,
        health_drivers: s.driversText === '' ? null : s.driversText,
        scored_at: s.scoredAt,
      },
    }));
}
