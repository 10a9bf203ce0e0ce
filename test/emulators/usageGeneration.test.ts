import { createHash } from 'node:crypto';
import { generateBook, generateBookWithHistory } from '../../emulators/book/generateBook.js';
import { domainFor } from '../../emulators/book/companyDomains.js';
import { generateUsage } from '../../emulators/usage/generateUsage.js';
import { UsageCalendar } from '../../emulators/usage/usageCalendar.js';
import { keyOn } from '../../emulators/usage/usageKeys.js';
import type { KeyUsage } from '../../emulators/usage/usageTypes.js';

const DAY = 86_400_000;
const AS_OF = '2026-12-08T00:00:00.000Z';
const { book, contractYears } = generateBookWithHistory({ accounts: 2_000, seed: 42, asOf: AS_OF });
const usage = generateUsage(book);
const byAccount = new Map(usage.keys.filter((k) => k.accountIndex !== null).map((k) => [k.accountIndex!, k]));
const calendar = new UsageCalendar(AS_OF);

/** What the engine does to a key before matching it to a website. */
function normalise(key: string): string {
  return key.toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
}

function rowOn(key: KeyUsage, day: number): number {
  let lo = 0;
  let hi = key.days.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key.days[mid]! === day) return mid;
    if (key.days[mid]! < day) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

interface Renewal {
  lost: boolean;
  /** Usage as it stood 90 days before the contract end: 30-day users over seats, mean daily users over seats, 30-day users against 90 days earlier (log ratio), features over 20. */
  features: number[];
}

/** Every decided renewal whose 90-days-before window the usage covers. */
function renewalsSeenByUsage(): Renewal[] {
  const renewals: Renewal[] = [];
  for (const [index, years] of contractYears.entries()) {
    const key = byAccount.get(index);
    if (!key) continue;
    for (const year of years) {
      if (year.outcome === 'open') continue;
      const at = rowOn(key, year.endDay - 90);
      const before = rowOn(key, year.endDay - 180);
      if (at < 29 || before < 0) continue;
      let daily = 0;
      for (let i = at - 29; i <= at; i++) daily += key.dau[i]!;
      const seats = key.seats[at]!;
      renewals.push({
        lost: year.outcome === 'lost',
        features: [key.mau[at]! / seats, daily / 30 / seats, Math.log((key.mau[at]! + 1) / (key.mau[before]! + 1)), key.features30d[at]! / 20],
      });
    }
  }
  return renewals;
}

/** In-sample AUC of a logistic regression fitted by gradient descent. */
function logisticAuc(renewals: Renewal[]): number {
  const width = renewals[0]!.features.length;
  let weights = new Array<number>(width + 1).fill(0);
  const score = (r: Renewal) => weights[0]! + r.features.reduce((sum, x, j) => sum + x * weights[j + 1]!, 0);
  for (let step = 0; step < 1500; step++) {
    const gradient = new Array<number>(width + 1).fill(0);
    for (const r of renewals) {
      const error = 1 / (1 + Math.exp(-score(r))) - (r.lost ? 1 : 0);
      gradient[0]! += error;
      r.features.forEach((x, j) => (gradient[j + 1]! += error * x));
    }
    weights = weights.map((w, j) => w - (2 * gradient[j]!) / renewals.length);
  }
  const lost = renewals.filter((r) => r.lost).map(score);
  const won = renewals.filter((r) => !r.lost).map(score);
  let concordant = 0;
  for (const a of lost) for (const b of won) concordant += a > b ? 1 : a === b ? 0.5 : 0;
  return concordant / (lost.length * won.length);
}

describe('generated product usage', () => {
  it('is the same for the same book and seed, and another for another seed', () => {
    const small = generateBook({ accounts: 150, seed: 9, asOf: AS_OF });
    const digest = (u: ReturnType<typeof generateUsage>) => {
      const hash = createHash('sha256');
      for (const k of u.keys) {
        hash.update(JSON.stringify(k.keyForms));
        for (const column of [k.days, k.dau, k.mau, k.sessions, k.features30d, k.seats]) hash.update(column);
      }
      return hash.digest('hex');
    };
    expect(digest(generateUsage(small))).toBe(digest(generateUsage(small)));
    expect(digest(generateUsage(generateBook({ accounts: 150, seed: 10, asOf: AS_OF })))).not.toBe(digest(generateUsage(small)));
  });

  it('leaves the book as generateBook makes it', () => {
    expect(generateBook({ accounts: 300, seed: 3, asOf: AS_OF })).toEqual(generateBookWithHistory({ accounts: 300, seed: 3, asOf: AS_OF }).book);
  });

  it('refuses a book that generation does not reproduce', () => {
    const edited = generateBook({ accounts: 20, seed: 5, asOf: AS_OF });
    edited.accounts[3]!.name = 'Someone Else Inc';
    expect(() => generateUsage(edited)).toThrow(/not what generateBook gives for seed 5, 20 accounts/);
  });

  it('covers two years before as-of, about a million key-days for 2,000 accounts', () => {
    const rows = usage.keys.reduce((sum, k) => sum + k.days.length, 0);
    expect(rows).toBeGreaterThan(700_000);
    expect(rows).toBeLessThan(1_500_000);
    expect(Math.min(...usage.keys.map((k) => k.days[0]!))).toBe(-730);
    expect(Math.max(...usage.keys.map((k) => k.days[k.days.length - 1]!))).toBe(-1);
  });

  it('is much lower at weekends', () => {
    const users = new Array<number>(7).fill(0);
    for (const key of usage.keys) for (let i = 0; i < key.days.length; i++) users[calendar.weekday(key.days[i]!)]! += key.dau[i]!;
    const weekend = (users[0]! + users[6]!) / 2;
    const midweek = (users[2]! + users[3]!) / 2;
    expect(weekend / midweek).toBeLessThan(0.2);
  });

  it('keeps its metrics consistent: a row only while someone used it in 30 days, daily users within those, a session per user at least', () => {
    let inconsistent = 0;
    for (const key of usage.keys) {
      for (let i = 0; i < key.days.length; i++) {
        const ok = key.mau[i]! > 0 && key.dau[i]! <= key.mau[i]! && key.sessions[i]! >= key.dau[i]! && key.features30d[i]! >= 1 && key.features30d[i]! <= 20;
        if (!ok) inconsistent++;
      }
    }
    expect(inconsistent).toBe(0);
  });

  it('gives each segment seats in its range: a few for small firms, hundreds for enterprises', () => {
    const median = (segment: string) => {
      const seats = book.accounts.filter((a) => a.segment === segment && byAccount.has(a.index)).map((a) => { const k = byAccount.get(a.index)!; return k.seats[k.seats.length - 1]!; }).sort((a, b) => a - b);
      return seats[seats.length >> 1]!;
    };
    expect(median('SMB')).toBeLessThan(60);
    expect(median('Mid-Market')).toBeGreaterThan(80);
    expect(median('Enterprise')).toBeGreaterThan(250);
    for (const account of book.accounts) {
      const key = byAccount.get(account.index);
      if (key) expect(key.seats[key.seats.length - 1]!).toBeLessThanOrEqual(Math.max(3, account.employees));
    }
  });

  it('starts at creation for accounts created within the history, and stops when a churned account left', () => {
    let created = 0;
    let churned = 0;
    for (const account of book.accounts) {
      const key = byAccount.get(account.index);
      const years = contractYears[account.index]!;
      const createdDay = Math.floor((Date.parse(account.createdAt) - Date.parse(AS_OF)) / DAY);
      if (key && createdDay > -700) {
        created++;
        expect(key.days[0]!).toBeGreaterThanOrEqual(createdDay);
        expect(key.days[0]! - createdDay).toBeLessThan(20);
      }
      const last = years[years.length - 1]!;
      if (last.outcome === 'lost' && key) {
        churned++;
        const lastUse = key.days.filter((_, i) => key.dau[i]! > 0).at(-1)!;
        expect(lastUse).toBeLessThan(last.endDay);
        expect(key.days[key.days.length - 1]!).toBeLessThan(last.endDay + 30);
      }
    }
    expect(created).toBeGreaterThan(500);
    expect(churned).toBeGreaterThan(50);
  });

  it('declines before lost renewals and holds before won ones, foretelling churn often but not surely', () => {
    const renewals = renewalsSeenByUsage();
    const lost = renewals.filter((r) => r.lost);
    const won = renewals.filter((r) => !r.lost);
    expect(lost.length).toBeGreaterThan(120);
    expect(won.length).toBeGreaterThan(1_000);
    const mean = (rs: Renewal[], j: number) => rs.reduce((sum, r) => sum + r.features[j]!, 0) / rs.length;
    // 30-day users over seats: clearly lower before lost renewals.
    expect(mean(won, 0) - mean(lost, 0)).toBeGreaterThan(0.08);
    // Falling over the quarter before for lost renewals, flat for won ones.
    expect(mean(lost, 2)).toBeLessThan(-0.05);
    expect(Math.abs(mean(won, 2))).toBeLessThan(0.03);
    const auc = logisticAuc(renewals);
    expect(auc).toBeGreaterThan(0.65);
    expect(auc).toBeLessThan(0.9);
  });

  it("writes every account's key as its website domain in varied forms, and a few keys of no account", () => {
    const forms = usage.keys.flatMap((k) => k.keyForms.map((f) => f.key));
    for (const key of usage.keys) {
      if (key.accountIndex === null) continue;
      for (const form of key.keyForms) expect(normalise(form.key)).toBe(domainFor(book.accounts[key.accountIndex]!.name));
    }
    const share = (test: (key: string) => boolean) => forms.filter(test).length / forms.length;
    expect(share((k) => k === k.toLowerCase() && !k.includes('/'))).toBeGreaterThan(0.4);
    expect(share((k) => k === k.toUpperCase())).toBeGreaterThan(0.05);
    expect(share((k) => k.startsWith('https://www.'))).toBeGreaterThan(0.05);
    expect(share((k) => k.endsWith('/'))).toBeGreaterThan(0.05);
    const changed = usage.keys.filter((k) => k.keyForms.length > 1);
    expect(changed.length).toBeGreaterThan(20);
    for (const key of changed) expect(keyOn(key.keyForms, key.days[key.days.length - 1]!)).toBe(key.keyForms[1]!.key);

    const unmatched = usage.keys.filter((k) => k.accountIndex === null);
    expect(unmatched.length / usage.keys.length).toBeGreaterThan(0.008);
    expect(unmatched.length / usage.keys.length).toBeLessThan(0.025);
    const websites = new Set(book.accounts.map((a) => domainFor(a.name)));
    for (const key of unmatched) {
      expect(key.domain).toMatch(/^trial-\d+\.example$/);
      expect(websites.has(normalise(key.keyForms[0]!.key))).toBe(false);
    }
  });
});
