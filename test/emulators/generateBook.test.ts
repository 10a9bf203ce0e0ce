import { generateBook } from '../../emulators/book/generateBook.js';
import type { Book, BookAccount, BookOpportunity, BookTicket } from '../../emulators/book/bookTypes.js';
import {
  DECISION_LEAD_DAYS,
  SEVERITY_WEIGHT,
  SIGNAL_WINDOW_DAYS,
  churnLogit,
  typicalTicketLoad,
  type ChurnSignals,
} from '../../emulators/book/churnModel.js';
import { OPPORTUNITY_STAGES } from '../../emulators/book/opportunityStages.js';
import { segmentProfile } from '../../emulators/book/segmentProfiles.js';

const DAY = 86_400_000;
const AS_OF = '2025-06-15T00:00:00.000Z';
const AS_OF_MS = Date.parse(AS_OF);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const book = generateBook({ accounts: 4_000, seed: 7, asOf: AS_OF });

function groupBy<T extends { accountIndex: number }>(rows: T[]): T[][] {
  const groups = book.accounts.map((): T[] => []);
  for (const row of rows) groups[row.accountIndex]!.push(row);
  return groups;
}
const oppsByAccount = groupBy(book.opportunities);
const ticketsByAccount = groupBy(book.tickets);

interface RenewalCase {
  account: BookAccount;
  lost: boolean;
  signals: ChurnSignals;
}

/** Ticket signals as the churn model defines them, rebuilt from the book's strings alone. */
function ticketSignalsAt(account: BookAccount, atMs: number): ChurnSignals {
  const windowStart = atMs - SIGNAL_WINDOW_DAYS * DAY;
  let load = 0;
  let escalations = 0;
  let oldestOpenHigh = 0;
  const ratings: number[] = [];
  for (const t of ticketsByAccount[account.index]!) {
    const created = Date.parse(t.createdAt);
    if (created >= atMs) continue;
    if (created >= windowStart) {
      load += SEVERITY_WEIGHT[t.priority];
      if (t.isEscalated) escalations++;
    }
    const closed = t.closedAt === null ? Infinity : Date.parse(t.closedAt);
    if (closed > atMs) {
      if (t.priority === 'High' || t.priority === 'Urgent') oldestOpenHigh = Math.max(oldestOpenHigh, atMs - created);
    } else if (closed >= windowStart && t.csat !== null) ratings.push(t.csat);
  }
  return {
    segment: account.segment,
    ticketLoadRatio: load / typicalTicketLoad(account.segment),
    oldestOpenHighDays: oldestOpenHigh / DAY,
    escalations,
    csatMean: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
    arrChange: 0,
    daysSinceActivity: null,
    usageScore: null,
  };
}

/** Every past renewal with the signals visible `leadDays` before its contract end. */
function renewalCases(leadDays = DECISION_LEAD_DAYS): RenewalCase[] {
  const cases: RenewalCase[] = [];
  for (const account of book.accounts) {
    const contracts = oppsByAccount[account.index]!
      .filter((o) => o.isClosed && (o.kind === 'new' || o.kind === 'renewal'))
      .sort((a, b) => a.closeDate.localeCompare(b.closeDate));
    contracts.forEach((renewal, i) => {
      if (renewal.kind !== 'renewal') return;
      const signals = ticketSignalsAt(account, Date.parse(renewal.closeDate) - leadDays * DAY);
      const last = contracts[i - 1];
      const beforeLast = contracts[i - 2];
      if (last?.kind === 'renewal' && beforeLast) signals.arrChange = last.amount / beforeLast.amount - 1;
      cases.push({ account, lost: !renewal.isWon, signals });
    });
  }
  return cases;
}
const cases = renewalCases();
const lostCases = cases.filter((c) => c.lost);
const wonCases = cases.filter((c) => !c.lost);

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Probability that a random lost case scores above a random won one. */
function auc(lost: number[], won: number[]): number {
  const sortedWon = [...won].sort((a, b) => a - b);
  let wins = 0;
  for (const x of lost) {
    let lo = 0;
    let hi = sortedWon.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedWon[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    let ties = lo;
    while (ties < sortedWon.length && sortedWon[ties] === x) ties++;
    wins += lo + (ties - lo) / 2;
  }
  return wins / (lost.length * won.length);
}

/** Rows that break a rule, so one failure names the first offenders instead of 100k expects. */
function violations<T extends { index: number }>(rows: T[], ok: (row: T) => boolean): number[] {
  return rows.filter((row) => !ok(row)).slice(0, 5).map((row) => row.index);
}

function allRecords(b: Book): Array<{ createdAt: string; modifiedAt: string }> {
  return [...b.accounts, ...b.opportunities, ...b.tickets];
}

describe('generateBook determinism', () => {
  it('gives a deep-equal book for the same seed, size and as-of, and another for another seed', () => {
    const a = generateBook({ accounts: 300, seed: 11, asOf: AS_OF });
    expect(generateBook({ accounts: 300, seed: 11, asOf: AS_OF })).toEqual(a);
    expect(generateBook({ accounts: 300, seed: 12, asOf: AS_OF }).accounts).not.toEqual(a.accounts);
  });

  it('defaults to 2,000 accounts, seed 42 and today at 00:00 UTC', () => {
    const b = generateBook();
    expect(b.accounts).toHaveLength(2_000);
    expect(b.seed).toBe(42);
    expect(b.asOf).toBe(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
  });

  it('rejects a bad size or as-of', () => {
    expect(() => generateBook({ accounts: -1 })).toThrow(RangeError);
    expect(() => generateBook({ asOf: 'yesterday' })).toThrow(RangeError);
  });
});

describe('generateBook shape', () => {
  it('has one user per 40 accounts, about a tenth inactive and still owning accounts', () => {
    expect(book.users).toHaveLength(100);
    const inactive = book.users.filter((u) => !u.isActive);
    expect(inactive.length).toBeGreaterThanOrEqual(5);
    expect(inactive.length).toBeLessThanOrEqual(15);
    expect(book.accounts.some((a) => !book.users[a.ownerIndex]!.isActive)).toBe(true);
    expect(generateBook({ accounts: 10, asOf: AS_OF }).users).toHaveLength(5);
    expect(new Set(book.users.map((u) => u.email)).size).toBe(book.users.length);
  });

  it('has about 15 child records per account and the documented null shares', () => {
    const perAccount = (book.opportunities.length + book.tickets.length) / book.accounts.length;
    expect(perAccount).toBeGreaterThan(12);
    expect(perAccount).toBeLessThan(18);
    const share = (pred: (a: BookAccount) => boolean): number =>
      book.accounts.filter(pred).length / book.accounts.length;
    expect(share((a) => a.usageScore === null)).toBeGreaterThan(0.25);
    expect(share((a) => a.usageScore === null)).toBeLessThan(0.42);
    expect(share((a) => a.nps === null)).toBeGreaterThan(0.65);
    expect(share((a) => a.nps === null)).toBeLessThan(0.8);
    expect(share((a) => a.lastActivityAt === null)).toBeGreaterThan(0);
    expect(share((a) => a.lastActivityAt === null)).toBeLessThan(0.1);
    expect(share((a) => a.segment === 'Enterprise')).toBeGreaterThan(0.05);
    expect(new Set(book.accounts.map((a) => a.name)).size).toBe(book.accounts.length);
  });

  it('keeps live accounts ARR in their segment band and renewals within the next 12 months', () => {
    // Downsells stop at half the entry ARR; upsells compound for at most four years.
    const inBand = (a: BookAccount): boolean => {
      const [min, max] = segmentProfile(a.segment).arr;
      return a.arr >= min / 2 && a.arr <= 4 * max;
    };
    const live = book.accounts.filter((a) => a.arr > 0);
    expect(violations(live, inBand)).toEqual([]);
    expect(mean(live.filter((a) => a.segment === 'SMB').map((a) => a.arr))).toBeLessThan(
      mean(live.filter((a) => a.segment === 'Mid-Market').map((a) => a.arr)) / 2,
    );
    expect(mean(live.filter((a) => a.segment === 'Mid-Market').map((a) => a.arr))).toBeLessThan(
      mean(live.filter((a) => a.segment === 'Enterprise').map((a) => a.arr)) / 2,
    );
    const daysTo = (a: BookAccount): number => (Date.parse(a.renewalDate) - AS_OF_MS) / DAY;
    expect(violations(live, (a) => daysTo(a) >= 0 && daysTo(a) <= 366)).toEqual([]);
    expect(new Set(live.map((a) => a.renewalDate.slice(0, 7))).size).toBeGreaterThanOrEqual(12);
  });
});

describe('generateBook integrity', () => {
  it('indexes every array densely from 0 and references only existing rows', () => {
    for (const rows of [book.users, book.accounts, book.opportunities, book.tickets]) {
      expect(rows.findIndex((row, i) => row.index !== i)).toBe(-1);
    }
    expect(violations(book.accounts, (a) => book.users[a.ownerIndex] !== undefined)).toEqual([]);
    expect(violations(book.opportunities, (o) => book.accounts[o.accountIndex] !== undefined)).toEqual([]);
    expect(violations(book.tickets, (t) => book.accounts[t.accountIndex] !== undefined)).toEqual([]);
  });

  it('uses Salesforce default stages and probabilities consistently with the closed flags', () => {
    const probability = new Map<string, number>(OPPORTUNITY_STAGES.map((s) => [s.name, s.probability]));
    const coherent = (o: BookOpportunity): boolean =>
      probability.get(o.stage) === o.probability &&
      o.isClosed === (o.stage === 'Closed Won' || o.stage === 'Closed Lost') &&
      o.isWon === (o.stage === 'Closed Won') &&
      o.amount > 0;
    expect(violations(book.opportunities, coherent)).toEqual([]);
    const oneNewBusiness = (a: BookAccount): boolean =>
      oppsByAccount[a.index]!.filter((o) => o.kind === 'new').length === 1;
    expect(violations(book.accounts, oneNewBusiness)).toEqual([]);
    expect(book.opportunities.filter((o) => o.kind === 'expansion').length).toBeGreaterThan(500);
  });

  it('keeps ticket statuses, CSAT and escalations coherent', () => {
    const coherent = (t: BookTicket): boolean =>
      t.isClosed === (t.status === 'Closed') &&
      ['New', 'Working', 'Escalated', 'Closed'].includes(t.status) &&
      (t.closedAt === null) === !t.isClosed &&
      (t.status !== 'Escalated' || t.isEscalated) &&
      (t.csat === null || (t.isClosed && Number.isInteger(t.csat) && t.csat >= 1 && t.csat <= 5));
    expect(violations(book.tickets, coherent)).toEqual([]);
    const staleUrgent = book.tickets.filter(
      (t) => !t.isClosed && t.priority === 'Urgent' && AS_OF_MS - Date.parse(t.createdAt) > 14 * DAY,
    );
    expect(staleUrgent.length).toBeGreaterThan(0);
    expect(book.tickets.some((t) => t.isEscalated)).toBe(true);
    expect(book.tickets.some((t) => t.csat !== null)).toBe(true);
  });
});

describe('generateBook dates', () => {
  it('formats timestamps with milliseconds and dates as YYYY-MM-DD, all ordered and not after as-of', () => {
    const ordered = (r: { createdAt: string; modifiedAt: string }): boolean =>
      TIMESTAMP.test(r.createdAt) &&
      TIMESTAMP.test(r.modifiedAt) &&
      r.createdAt <= r.modifiedAt &&
      r.modifiedAt <= AS_OF;
    expect(violations(book.accounts, ordered)).toEqual([]);
    expect(violations(book.opportunities, ordered)).toEqual([]);
    expect(violations(book.tickets, ordered)).toEqual([]);
    const accountDates = (a: BookAccount): boolean =>
      DATE_ONLY.test(a.renewalDate) &&
      (a.lastActivityAt === null ||
        (TIMESTAMP.test(a.lastActivityAt) && a.lastActivityAt <= AS_OF && a.lastActivityAt >= a.createdAt));
    expect(violations(book.accounts, accountDates)).toEqual([]);
    const closedInOrder = (t: BookTicket): boolean =>
      t.closedAt === null || (TIMESTAMP.test(t.closedAt) && t.createdAt <= t.closedAt && t.closedAt <= t.modifiedAt);
    expect(violations(book.tickets, closedInOrder)).toEqual([]);
    const today = AS_OF.slice(0, 10);
    const closeDates = (o: BookOpportunity): boolean =>
      DATE_ONLY.test(o.closeDate) && (o.isClosed ? o.closeDate <= today : o.closeDate >= today);
    expect(violations(book.opportunities, closeDates)).toEqual([]);
  });

  it('bounds every record by a mid-day as-of too', () => {
    const asOf = '2025-03-01T15:30:00.000Z';
    const b = generateBook({ accounts: 200, seed: 3, asOf });
    expect(b.asOf).toBe(asOf);
    expect(allRecords(b).filter((r) => r.modifiedAt > asOf)).toEqual([]);
  });
});

describe('generateBook churn', () => {
  it('loses 9-17% of renewals, and a churned account stays churned', () => {
    const rate = lostCases.length / cases.length;
    expect(cases.length).toBeGreaterThan(3_000);
    expect(rate).toBeGreaterThan(0.09);
    expect(rate).toBeLessThan(0.17);
    const staysChurned = (a: BookAccount): boolean => {
      const opps = oppsByAccount[a.index]!;
      const lostOn = opps.find((o) => o.kind === 'renewal' && o.isClosed && !o.isWon)!.closeDate;
      return (
        a.arr === 0 &&
        a.renewalDate === lostOn &&
        opps.every((o) => o.isClosed && (o.kind !== 'renewal' || o.closeDate <= lostOn)) &&
        ticketsByAccount[a.index]!.every((t) => t.createdAt.slice(0, 10) <= lostOn && t.isClosed)
      );
    };
    expect(violations(lostCases.map((c) => c.account), staysChurned)).toEqual([]);
    expect(book.accounts.filter((a) => a.arr === 0)).toHaveLength(lostCases.length);
  });

  it('shows heavier, more severe support load and worse CSAT before lost renewals than won ones', () => {
    const lostLoad = mean(lostCases.map((c) => c.signals.ticketLoadRatio));
    const wonLoad = mean(wonCases.map((c) => c.signals.ticketLoadRatio));
    expect(lostLoad).toBeGreaterThan(1.3 * wonLoad);
    const csat = (cs: RenewalCase[]): number =>
      mean(cs.flatMap((c) => (c.signals.csatMean === null ? [] : [c.signals.csatMean])));
    expect(csat(lostCases)).toBeLessThan(csat(wonCases) - 0.2);
    expect(mean(lostCases.map((c) => c.signals.escalations))).toBeGreaterThan(
      mean(wonCases.map((c) => c.signals.escalations)),
    );
    expect(mean(lostCases.map((c) => c.signals.oldestOpenHighDays))).toBeGreaterThan(
      mean(wonCases.map((c) => c.signals.oldestOpenHighDays)),
    );
    expect(mean(lostCases.map((c) => Math.min(0, c.signals.arrChange)))).toBeLessThan(
      mean(wonCases.map((c) => Math.min(0, c.signals.arrChange))),
    );
  });

  it('realises the hidden model: its as-of score ranks lost renewals above won ones, but not perfectly', () => {
    const score = (c: RenewalCase): number => churnLogit(c.signals);
    const value = auc(lostCases.map(score), wonCases.map(score));
    expect(value).toBeGreaterThan(0.68);
    expect(value).toBeLessThan(0.95);
    const sorted = [...cases].sort((a, b) => score(a) - score(b));
    const fifth = Math.floor(sorted.length / 5);
    const lostRate = (cs: RenewalCase[]): number => cs.filter((c) => c.lost).length / cs.length;
    expect(lostRate(sorted.slice(-fifth))).toBeGreaterThan(3 * lostRate(sorted.slice(0, fifth)));
  });

  it('shows the warning months ahead, fading with the lead time, for multi-slice back-tests', () => {
    const loadAuc = (leadDays: number): number => {
      const at = renewalCases(leadDays);
      const load = (c: RenewalCase): number => c.signals.ticketLoadRatio;
      return auc(at.filter((c) => c.lost).map(load), at.filter((c) => !c.lost).map(load));
    };
    const [near, mid, far] = [30, 90, 150].map(loadAuc) as [number, number, number];
    expect(far).toBeGreaterThan(0.62);
    expect(mid).toBeGreaterThan(far);
    expect(near).toBeGreaterThan(mid);
  });

  it('leaves churned accounts with older activity and lower usage than live ones', () => {
    const live = book.accounts.filter((a) => a.arr > 0);
    const churned = book.accounts.filter((a) => a.arr === 0);
    const age = (as: BookAccount[]): number =>
      mean(as.flatMap((a) => (a.lastActivityAt === null ? [] : [AS_OF_MS - Date.parse(a.lastActivityAt)])));
    expect(age(churned)).toBeGreaterThan(3 * age(live));
    const usage = (as: BookAccount[]): number => mean(as.flatMap((a) => (a.usageScore === null ? [] : [a.usageScore])));
    expect(usage(churned)).toBeLessThan(usage(live) - 20);
  });
});

describe('generateBook upcoming renewals', () => {
  const stageRank = new Map<string, number>(OPPORTUNITY_STAGES.map((s, i) => [s.name, i]));
  const live = book.accounts.filter((a) => a.arr > 0);
  const daysTo = (a: BookAccount): number => (Date.parse(a.renewalDate) - AS_OF_MS) / DAY;
  const openRenewal = (a: BookAccount): BookOpportunity | undefined =>
    oppsByAccount[a.index]!.find((o) => o.kind === 'renewal' && !o.isClosed);

  it('opens renewals that close on the contract end, with some missing close to it', () => {
    for (const a of live) {
      const opp = openRenewal(a);
      if (opp) expect(opp.closeDate).toBe(a.renewalDate);
    }
    const near = live.filter((a) => daysTo(a) <= 120);
    const missing = near.filter((a) => !openRenewal(a)).length / near.length;
    expect(missing).toBeGreaterThan(0.03);
    expect(missing).toBeLessThan(0.3);
  });

  it('advances stages as the renewal nears, and less for accounts in support trouble', () => {
    const rank = (as: BookAccount[]): number =>
      mean(as.flatMap((a) => {
        const opp = openRenewal(a);
        return opp ? [stageRank.get(opp.stage)!] : [];
      }));
    const close = live.filter((a) => daysTo(a) <= 60);
    expect(rank(close)).toBeGreaterThan(rank(live.filter((a) => daysTo(a) > 200)) + 2);
    const trouble = (a: BookAccount): boolean => ticketSignalsAt(a, AS_OF_MS).ticketLoadRatio > 2;
    expect(rank(close.filter(trouble))).toBeLessThan(rank(close.filter((a) => !trouble(a))) - 0.5);
  });
});

describe('churnModel', () => {
  const typical: ChurnSignals = {
    segment: 'Mid-Market',
    ticketLoadRatio: 1,
    oldestOpenHighDays: 0,
    escalations: 0,
    csatMean: 4,
    arrChange: 0.05,
    daysSinceActivity: 10,
    usageScore: 60,
  };
  it.each<[string, Partial<ChurnSignals>]>([
    ['heavier ticket load', { ticketLoadRatio: 3 }],
    ['an old open urgent ticket', { oldestOpenHighDays: 45 }],
    ['escalations', { escalations: 2 }],
    ['worse CSAT', { csatMean: 2.5 }],
    ['a contraction', { arrChange: -0.3 }],
    ['staler activity', { daysSinceActivity: 90 }],
    ['lower usage', { usageScore: 20 }],
    ['a smaller customer', { segment: 'SMB' }],
  ])('raises the churn log-odds with %s', (_, change) => {
    expect(churnLogit({ ...typical, ...change })).toBeGreaterThan(churnLogit(typical) + 0.2);
  });

  it('puts a typical customer near the base rate and treats unknowns as neutral', () => {
    const p = 1 / (1 + Math.exp(-churnLogit(typical)));
    expect(p).toBeGreaterThan(0.03);
    expect(p).toBeLessThan(0.15);
    expect(churnLogit({ ...typical, csatMean: null, daysSinceActivity: null, usageScore: null })).toBeCloseTo(
      churnLogit({ ...typical, csatMean: 3.9, daysSinceActivity: 10, usageScore: 60 }),
    );
  });
});
