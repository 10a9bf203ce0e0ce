import type { AccountInputs } from '../accountInputs.js';

/** A past renewal with its outcome: the churn model's unit of truth. */
export interface RenewalCase {
  /** Index of the account in the scored list. */
  account: number;
  opportunityId: string;
  renewalMs: number;
  /** The renewal opportunity closed lost. */
  churned: boolean;
}

/** Every renewal opportunity closed by now, oldest first. */
export function pastRenewals(accounts: readonly AccountInputs[], nowMs: number): RenewalCase[] {
  const cases: RenewalCase[] = [];
  accounts.forEach((a, account) => {
    for (const o of a.opportunities) {
      if (o.type !== 'renewal' || !o.isClosed || o.closeMs === null || o.closeMs > nowMs) continue;
      cases.push({ account, opportunityId: o.id, renewalMs: o.closeMs, churned: !o.isWon });
    }
  });
  return cases.sort((a, b) => a.renewalMs - b.renewalMs);
}

/**
 * At most `max` cases, chosen by a hash of the opportunity id: the same book always gives the
 * same sample, and the sample keeps the book's churn rate and time spread.
 */
export function sampleCases(cases: readonly RenewalCase[], max: number): RenewalCase[] {
  if (cases.length <= max) return [...cases];
  const ranked = cases.map((c) => ({ c, h: fnv1a(c.opportunityId) })).sort((a, b) => a.h - b.h);
  return ranked
    .slice(0, max)
    .map((r) => r.c)
    .sort((a, b) => a.renewalMs - b.renewalMs);
}

/**
 * A customer that is gone: its latest renewal closed lost and nothing was won or opened after.
 * Such accounts are not scored; their history still trains the churn model.
 */
export function isChurned(a: AccountInputs): boolean {
  let latestRenewal: { closeMs: number; isWon: boolean } | null = null;
  for (const o of a.opportunities) {
    if (o.type === 'renewal' && o.isClosed && o.closeMs !== null && (!latestRenewal || o.closeMs > latestRenewal.closeMs)) {
      latestRenewal = { closeMs: o.closeMs, isWon: o.isWon };
    }
  }
  if (!latestRenewal || latestRenewal.isWon) return false;
  const lostMs = latestRenewal.closeMs;
  return !a.opportunities.some(
    (o) => (o.type === 'renewal' || o.type === 'new') && (!o.isClosed || (o.isWon && o.closeMs !== null && o.closeMs > lostMs)),
  );
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
