import type { AccountInputs } from '../../model/accountInputs.js';

/** A past renewal with its outcome: the churn model's unit of truth. */
export interface RenewalCase {
  /** Index of the account in the scored list. */
  account: number;
  accountId: string;
  opportunityId: string;
  renewalMs: number;
  /** The renewal opportunity closed lost. */
  churned: boolean;
}

/** Every renewal opportunity closed by now, oldest first. */
export function pastRenewals(accounts: readonly AccountInputs[], nowMs: number): RenewalCase[] {
  const cases: RenewalCase[] = [];
  accounts.forEach((a, account) => addPastRenewals(cases, a, account, nowMs));
  return cases.sort(byRenewalDate);
}

/** Appends the account's renewals closed by now; `account` is its position in the book. */
export function addPastRenewals(cases: RenewalCase[], a: AccountInputs, account: number, nowMs: number): void {
  for (const o of a.opportunities) {
    if (o.type !== 'renewal' || !o.isClosed || o.closeMs === null || o.closeMs > nowMs) continue;
    cases.push({ account, accountId: a.id, opportunityId: o.id, renewalMs: o.closeMs, churned: !o.isWon });
  }
}

/** Oldest first (a stable sort keeps the book's order among renewals of one instant). */
export function byRenewalDate(a: RenewalCase, b: RenewalCase): number {
  return a.renewalMs - b.renewalMs;
}

/**
 * At most `max` cases, chosen by a hash of the opportunity id: the same book always gives the
 * same sample, and the sample keeps the book's churn rate and time spread. `cases` oldest first.
 */
export function sampleCases(cases: readonly RenewalCase[], max: number): RenewalCase[] {
  const sample = new RenewalSample(max);
  for (const c of cases) sample.add(c);
  return sample.cases();
}

interface Ranked {
  c: RenewalCase;
  hash: number;
  /** Order of arrival: the book's order, which breaks ties. */
  seq: number;
}

/**
 * `sampleCases` for a book that streams past: keeps the `max` cases of lowest hash seen so far in
 * a max-heap. It keeps cases, not the accounts' inputs: most cases seen early are pushed out
 * later, and the inputs of the ones that stay are read again once the sample is known.
 */
export class RenewalSample {
  private readonly heap: Ranked[] = [];
  private seen = 0;

  constructor(private readonly max: number) {}

  /** Offers the past renewals of the account at `position` in the book. */
  offerAccount(a: AccountInputs, position: number, nowMs: number): void {
    const cases: RenewalCase[] = [];
    addPastRenewals(cases, a, position, nowMs);
    for (const c of cases) this.add(c);
  }

  add(c: RenewalCase): void {
    const ranked = { c, hash: fnv1a(c.opportunityId), seq: this.seen++ };
    if (this.heap.length < this.max) {
      this.push(ranked);
    } else if (this.heap.length > 0 && before(ranked, this.heap[0]!)) {
      this.heap[0] = ranked;
      this.siftDown(0);
    }
  }

  /** Oldest first; a book with more cases than `max` keeps the hash order among same-day ones. */
  cases(): RenewalCase[] {
    const sampled = this.seen > this.max;
    return [...this.heap]
      .sort((a, b) => a.c.renewalMs - b.c.renewalMs || (sampled ? a.hash - b.hash : 0) || a.seq - b.seq)
      .map((r) => r.c);
  }

  private push(r: Ranked): void {
    const heap = this.heap;
    let i = heap.push(r) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[parent]!, heap[i]!)) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let last = i;
      if (left < heap.length && before(heap[last]!, heap[left]!)) last = left;
      if (right < heap.length && before(heap[last]!, heap[right]!)) last = right;
      if (last === i) return;
      [heap[last], heap[i]] = [heap[i]!, heap[last]!];
      i = last;
    }
  }
}

/** The sampling order: by hash, then (as a stable sort of a date-ordered list) date, then arrival. */
function before(a: Ranked, b: Ranked): boolean {
  return (a.hash - b.hash || a.c.renewalMs - b.c.renewalMs || a.seq - b.seq) < 0;
}

/**
 * A customer that is gone: its latest renewal closed lost and nothing was won or opened after.
 * Such accounts are not scored; their history still trains the churn model.
 */
export function isChurned(a: AccountInputs): boolean {
  return churnedAt(a) !== null;
}

/** When a churned account's last renewal closed lost (ms); null for a customer that is not gone. */
export function churnedAt(a: AccountInputs): number | null {
  let latestRenewal: { closeMs: number; isWon: boolean } | null = null;
  for (const o of a.opportunities) {
    if (o.type === 'renewal' && o.isClosed && o.closeMs !== null && (!latestRenewal || o.closeMs > latestRenewal.closeMs)) {
      latestRenewal = { closeMs: o.closeMs, isWon: o.isWon };
    }
  }
  if (!latestRenewal || latestRenewal.isWon) return null;
  const lostMs = latestRenewal.closeMs;
  const cameBack = a.opportunities.some(
    (o) => (o.type === 'renewal' || o.type === 'new') && (!o.isClosed || (o.isWon && o.closeMs !== null && o.closeMs > lostMs)),
  );
  return cameBack ? null : lostMs;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
