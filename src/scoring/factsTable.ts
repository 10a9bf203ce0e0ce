import type { AccountHeader } from './accountInputs.js';
import type { AccountFacts } from './measureAccounts.js';
import type { CommercialFacts, RenewalFacts } from './measures/commercialMeasures.js';
import type { SupportFacts } from './measures/supportMeasures.js';
import type { UsageFacts } from './measures/usageMeasures.js';

const WIDTH = 28;
const ROWS_PER_BLOCK = 4_096;
const PRIORITIES = ['urgent', 'high'] as const;
const RENEWAL_STATES = ['open', 'secured', 'missing'] as const;
const NO_EXTRAS: Readonly<Record<string, number | null>> = Object.freeze({});

/** Which nullable values are present, one bit each (NaN stays a value, never means null). */
const HAS = {
  worstOpen: 1,
  arrNow: 2,
  arrGrowth: 4,
  renewal: 8,
  progress: 16,
  factsArr: 32,
  arr: 64,
  renewalMs: 128,
  lastActivityMs: 256,
  createdMs: 512,
  usage: 1024,
  activeUsers: 2048,
  activeUsersLowerBound: 4096,
  seats: 8192,
  seatsFromCrm: 16384,
  trend: 32768,
  trendOfEvents: 65536,
  features: 131072,
  daysSinceUse: 262144,
  noUseSinceCoverage: 524288,
} as const;

/**
 * The live accounts' facts and headers, kept from the read of the book until their scores are
 * written, in flat columns of doubles plus the strings. As objects they cost about 700 bytes an
 * account (70 MB at 100,000 accounts, the largest part of a scoring pass's memory); here about
 * 340, usage facts included (never the usage series, which is read down to them with the
 * account's chunk). `facts(i)` and `account(i)` rebuild equal objects, for one account at a time.
 */
export class FactsTable {
  private readonly blocks: Float64Array[] = [];
  private readonly ids: string[] = [];
  private readonly names: (string | null)[] = [];
  private readonly segments: (string | null)[] = [];
  /** Only accounts with mapped extras have an entry. */
  private readonly extras = new Map<number, Record<string, number | null>>();
  /** Only accounts with a seat count have an entry. */
  private readonly seats = new Map<number, number>();

  get length(): number {
    return this.ids.length;
  }

  add(account: AccountHeader, facts: AccountFacts): void {
    const i = this.ids.length;
    if (i % ROWS_PER_BLOCK === 0) this.blocks.push(new Float64Array(ROWS_PER_BLOCK * WIDTH));
    const row = this.blocks[this.blocks.length - 1]!;
    const at = (i % ROWS_PER_BLOCK) * WIDTH;
    const { support: s, commercial: c } = facts;
    const renewal = c.renewal;
    let has = 0;
    const put = (offset: number, value: number | null, bit = 0) => {
      if (value === null) return;
      has |= bit;
      row[at + offset] = value;
    };
    put(0, s.load);
    if (s.worstOpen) {
      has |= HAS.worstOpen;
      put(1, s.worstOpen.slaRatio);
      put(2, s.worstOpen.days);
      put(3, PRIORITIES.indexOf(s.worstOpen.priority));
    }
    put(4, s.urgentSlaRatio);
    put(5, s.escalations);
    put(6, s.escalationsLast30Days);
    put(7, s.csatSum);
    put(8, s.csatCount);
    put(9, c.arrNow, HAS.arrNow);
    put(10, c.arrGrowth, HAS.arrGrowth);
    put(11, c.hasContract ? 1 : 0);
    put(12, c.downsell);
    put(13, c.lostUpsell ? 1 : 0);
    if (renewal) {
      has |= HAS.renewal;
      put(14, renewal.days);
      put(15, renewal.progress, HAS.progress);
      put(16, RENEWAL_STATES.indexOf(renewal.opportunity));
    }
    put(17, facts.arr, HAS.factsArr);
    put(18, account.arr, HAS.arr);
    put(19, account.renewalMs, HAS.renewalMs);
    put(20, account.lastActivityMs, HAS.lastActivityMs);
    put(21, account.createdMs, HAS.createdMs);
    const u = facts.usage;
    if (u) {
      has |= HAS.usage;
      put(23, u.activeUsers, HAS.activeUsers);
      put(24, u.seats, HAS.seats);
      put(25, u.trend, HAS.trend);
      put(26, u.features, HAS.features);
      put(27, u.daysSinceUse, HAS.daysSinceUse);
      if (u.activeUsersLowerBound) has |= HAS.activeUsersLowerBound;
      if (u.seatsFromCrm) has |= HAS.seatsFromCrm;
      if (u.trendOfEvents) has |= HAS.trendOfEvents;
      if (u.noUseSinceCoverage) has |= HAS.noUseSinceCoverage;
    }
    row[at + 22] = has;
    this.ids.push(account.id);
    this.names.push(account.name);
    this.segments.push(account.segment);
    if (Object.keys(account.extras).length > 0) this.extras.set(i, account.extras);
    if (account.seats !== null) this.seats.set(i, account.seats);
  }

  id(i: number): string {
    return this.ids[i]!;
  }

  account(i: number): AccountHeader {
    const { row, at, has } = this.locate(i);
    const value = (offset: number, bit: number) => (has & bit ? row[at + offset]! : null);
    return {
      id: this.ids[i]!,
      name: this.names[i]!,
      segment: this.segments[i]!,
      arr: value(18, HAS.arr),
      renewalMs: value(19, HAS.renewalMs),
      lastActivityMs: value(20, HAS.lastActivityMs),
      createdMs: value(21, HAS.createdMs),
      extras: this.extras.get(i) ?? NO_EXTRAS,
      seats: this.seats.get(i) ?? null,
    };
  }

  facts(i: number): AccountFacts {
    const { row, at, has } = this.locate(i);
    const value = (offset: number, bit: number) => (has & bit ? row[at + offset]! : null);
    const support: SupportFacts = {
      load: row[at]!,
      worstOpen: has & HAS.worstOpen ? { slaRatio: row[at + 1]!, days: row[at + 2]!, priority: PRIORITIES[row[at + 3]!]! } : null,
      urgentSlaRatio: row[at + 4]!,
      escalations: row[at + 5]!,
      escalationsLast30Days: row[at + 6]!,
      csatSum: row[at + 7]!,
      csatCount: row[at + 8]!,
    };
    const renewal: RenewalFacts | null =
      has & HAS.renewal ? { days: row[at + 14]!, progress: value(15, HAS.progress), opportunity: RENEWAL_STATES[row[at + 16]!]! } : null;
    const commercial: CommercialFacts = {
      arrNow: value(9, HAS.arrNow),
      arrGrowth: value(10, HAS.arrGrowth),
      hasContract: row[at + 11] === 1,
      downsell: row[at + 12]!,
      lostUpsell: row[at + 13] === 1,
      renewal,
    };
    const usage: UsageFacts | null =
      has & HAS.usage
        ? {
            activeUsers: value(23, HAS.activeUsers),
            activeUsersLowerBound: (has & HAS.activeUsersLowerBound) !== 0,
            seats: value(24, HAS.seats),
            seatsFromCrm: (has & HAS.seatsFromCrm) !== 0,
            trend: value(25, HAS.trend),
            trendOfEvents: (has & HAS.trendOfEvents) !== 0,
            features: value(26, HAS.features),
            daysSinceUse: value(27, HAS.daysSinceUse),
            noUseSinceCoverage: (has & HAS.noUseSinceCoverage) !== 0,
          }
        : null;
    return { support, commercial, usage, arr: value(17, HAS.factsArr) };
  }

  private locate(i: number): { row: Float64Array; at: number; has: number } {
    const row = this.blocks[Math.floor(i / ROWS_PER_BLOCK)]!;
    const at = (i % ROWS_PER_BLOCK) * WIDTH;
    return { row, at, has: row[at + 22]! };
  }
}
