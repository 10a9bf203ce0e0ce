/**
 * Who a task is assigned to. A task given to someone who left is a task nobody reads, so
 * inactive owners are skipped: the account owner first (or the rule's own owner), then the
 * configured fallback. Owners the state has never seen count as active: the owners pull may
 * lag, and a wrong "inactive" would strand the task on the fallback.
 */
import type { KnownOwner } from '../model/owners.js';

export interface OwnerDirectory {
  byId: ReadonlyMap<string, KnownOwner>;
  /** Lowercased email to owner. */
  byEmail: ReadonlyMap<string, KnownOwner>;
}

export function ownerDirectory(owners: readonly KnownOwner[]): OwnerDirectory {
  return {
    byId: new Map(owners.map((o) => [o.id, o])),
    byEmail: new Map(owners.flatMap((o) => (o.email ? [[o.email.toLowerCase(), o] as const] : []))),
  };
}

/** `account-owner`, or a CRM user id or email address. */
export type OwnerChoice = 'account-owner' | string;

export interface ResolvedOwner {
  ownerId: string | null;
  source: 'account-owner' | 'rule' | 'fallback' | 'none';
  /** Owners passed over, and why, for the task plan. */
  skipped: { owner: string; reason: 'inactive' | 'unknown-email' }[];
}

export function resolveOwner(choice: OwnerChoice, accountOwnerId: string | null, fallback: string | null, directory: OwnerDirectory): ResolvedOwner {
  const skipped: ResolvedOwner['skipped'] = [];
  const candidates: [string | null, ResolvedOwner['source']][] = [
    [choice === 'account-owner' ? accountOwnerId : choice, choice === 'account-owner' ? 'account-owner' : 'rule'],
    [fallback, 'fallback'],
  ];
  for (const [candidate, source] of candidates) {
    if (!candidate) continue;
    const found = lookUp(candidate, directory);
    if (found === 'unknown-email') {
      skipped.push({ owner: candidate, reason: 'unknown-email' });
      continue;
    }
    if (found.isActive === false) {
      skipped.push({ owner: candidate, reason: 'inactive' });
      continue;
    }
    return { ownerId: found.id, source, skipped };
  }
  return { ownerId: null, source: 'none', skipped };
}

function lookUp(owner: string, directory: OwnerDirectory): KnownOwner | 'unknown-email' {
  if (owner.includes('@')) return directory.byEmail.get(owner.toLowerCase()) ?? 'unknown-email';
  return directory.byId.get(owner) ?? { id: owner, email: null, isActive: null };
}
