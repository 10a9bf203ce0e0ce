import type { BookAccount, BookOpportunity, BookTicket, BookUser } from './bookTypes.js';
import { DAY_MS } from '../../src/model/time.js';
import type { BookCalendar } from './bookCalendar.js';
import { clamp, sigmoid, type BookRandom } from './bookRandom.js';
import { CompanyNamer, INDUSTRIES } from './bookNames.js';
import { AccountTickets } from './accountTickets.js';
import { AccountOpportunities, HOUR_MS, RENEWAL_RUNWAY_DAYS, roundTo } from './accountOpportunities.js';
import { CHURN_NOISE_SD, DECISION_LEAD_DAYS, churnLogit, type ChurnSignals } from './churnModel.js';
import { SEGMENT_PROFILES, type SegmentProfile } from './segmentProfiles.js';
import type { ContractYear } from './contractYears.js';

/** First contracts start up to this many days before as-of, so up to three past renewals. */
export const MAX_TENURE_DAYS = 1_300;
const YEAR_DAYS = 365;

/** Where an account's history left it at as-of. */
interface AccountState {
  profile: SegmentProfile;
  ownerActive: boolean;
  createdMs: number;
  /** Latent risk in the current (or last) contract year, in standard deviations. */
  risk: number;
  arr: number;
  /** ARR change at the last renewal, as the churn model reads it. */
  arrChange: number;
  /** The upcoming contract end, or the one that was lost. */
  renewalDay: number;
  churned: boolean;
  previousCloseMs: number;
  /** Days since activity when the lost renewal was decided. */
  activityGap: number;
}

/**
 * Simulates one account at a time, contract year by contract year, from its first contract to
 * as-of. A latent risk (a persistent part plus a yearly AR(1) drift) drives tickets, upsells and
 * downsells; at each past contract end the hidden churn model reads the signals as they stood a
 * month before and decides the renewal. The account's tickets and opportunities are appended to
 * the shared arrays as they are made.
 */
export class AccountSimulator {
  private readonly accountTickets = new AccountTickets();
  private readonly writer: AccountOpportunities;
  private readonly names = new CompanyNamer();
  readonly tickets: BookTicket[] = [];
  /** Per account index, its contract years; recorded without drawing, so the book is the same with or without readers of it. */
  readonly contractYears: ContractYear[][] = [];
  private readonly signals: ChurnSignals = {
    segment: 'SMB',
    ticketLoadRatio: 0,
    oldestOpenHighDays: 0,
    escalations: 0,
    csatMean: null,
    arrChange: 0,
    daysSinceActivity: null,
    usageScore: null,
  };

  constructor(
    private readonly rng: BookRandom,
    private readonly calendar: BookCalendar,
    private readonly users: readonly BookUser[],
  ) {
    this.writer = new AccountOpportunities(rng, calendar);
  }

  get opportunities(): BookOpportunity[] {
    return this.writer.records;
  }

  simulate(index: number): BookAccount {
    const { rng, calendar } = this;
    const profile = pickSegment(rng);
    const ownerIndex = rng.int(0, this.users.length - 1);
    const ownerActive = this.users[ownerIndex]?.isActive ?? true;
    const startDay = -rng.int(20, MAX_TENURE_DAYS);
    const createdMs = (startDay - rng.int(20, 150)) * DAY_MS + rng.next() * DAY_MS;
    const size = rng.next();
    const employees = Math.round(logLerp(profile.employees, clamp(size + 0.15 * rng.normal(), 0, 1)));
    const arr = roundTo(logLerp(profile.arr, size), 100);
    const name = this.names.next(rng, index + 1);
    this.accountTickets.reset();
    const state = this.liveThroughContracts(index, name, profile, ownerActive, startDay, createdMs, arr);
    this.accountTickets.emit(rng, calendar, index, this.tickets);

    const account: BookAccount = {
      index,
      name,
      ownerIndex,
      segment: profile.segment,
      industry: rng.pick(INDUSTRIES),
      employees,
      arr: state.churned ? 0 : state.arr,
      renewalDate: calendar.date(state.renewalDay),
      lastActivityAt: null,
      usageScore: null,
      nps: null,
      createdAt: calendar.timestamp(createdMs),
      modifiedAt: '',
    };
    const lastActivityMs = state.churned
      ? this.closeChurned(account, state)
      : this.openRenewal(index, name, account, state);
    const activityKnown = lastActivityMs > createdMs && lastActivityMs < 0 && !rng.chance(0.03);
    account.lastActivityAt = activityKnown ? calendar.timestamp(lastActivityMs) : null;
    const touchedMs = Math.max(createdMs, activityKnown ? lastActivityMs : createdMs, state.previousCloseMs);
    account.modifiedAt = calendar.timestamp(clamp(touchedMs + rng.between(0, 72) * HOUR_MS, createdMs, 0));
    return account;
  }

  private liveThroughContracts(
    index: number,
    name: string,
    profile: SegmentProfile,
    ownerActive: boolean,
    startDay: number,
    createdMs: number,
    firstArr: number,
  ): AccountState {
    const { rng, writer, signals } = this;
    const tickets = this.accountTickets;
    // Accounts left with a departed owner get less attention and drift towards churn.
    const baseRisk = profile.riskOffset + 0.55 * rng.normal() + (ownerActive ? 0 : 0.35);
    let drift = 0.8 * rng.normal();
    const state: AccountState = {
      profile,
      ownerActive,
      createdMs,
      risk: baseRisk + drift,
      arr: firstArr,
      arrChange: 0,
      renewalDay: startDay + YEAR_DAYS,
      churned: false,
      previousCloseMs: writer.addNewBusiness(index, name, firstArr, startDay, createdMs),
      activityGap: 0,
    };
    signals.segment = profile.segment;
    const years: ContractYear[] = (this.contractYears[index] = []);
    let contractArr = firstArr;
    for (let yearStart = startDay; ; yearStart = state.renewalDay, state.renewalDay += YEAR_DAYS) {
      const renewalDay = state.renewalDay;
      const risk = (state.risk = baseRisk + drift);
      // Trouble concentrates in the run-up to the renewal, where the churn decision looks.
      const lateStart = Math.max(yearStart, renewalDay - RENEWAL_RUNWAY_DAYS);
      const rate = profile.ticketsPerYear;
      tickets.generate(rng, yearStart * DAY_MS, Math.min(lateStart, 0) * DAY_MS, rate * Math.exp(0.35 * risk), risk);
      tickets.generate(rng, lateStart * DAY_MS, Math.min(renewalDay, 0) * DAY_MS, rate * Math.exp(0.5 * risk), risk);
      state.arr += writer.maybeExpansion(index, name, yearStart, createdMs, state.arr, risk);
      const year: ContractYear = { startDay: yearStart, endDay: renewalDay, risk, arr: state.arr, outcome: 'open' };
      years.push(year);
      if (renewalDay >= 0) return state;

      tickets.signalsAt((renewalDay - DECISION_LEAD_DAYS) * DAY_MS, profile.segment, signals);
      signals.arrChange = state.arrChange;
      state.activityGap = activityGapDays(rng, risk);
      signals.daysSinceActivity = state.activityGap;
      signals.usageScore = rng.chance(0.7) ? usageFor(rng, risk) : null;
      const lost = rng.chance(sigmoid(churnLogit(signals) + CHURN_NOISE_SD * rng.normal()));
      year.outcome = lost ? 'lost' : 'won';
      const renewedArr = lost ? state.arr : renewedAmount(rng, profile, state.arr, risk);
      state.previousCloseMs = writer.addPastRenewal(index, name, renewalDay, renewedArr, lost, state.previousCloseMs);
      if (lost) {
        state.churned = true;
        tickets.closeOpen(rng, renewalDay * DAY_MS);
        return state;
      }
      state.arrChange = renewedArr / contractArr - 1;
      contractArr = state.arr = renewedArr;
      drift = 0.5 * drift + 0.7 * rng.normal();
    }
  }

  /** Fills the live account's current signals and opens its renewal; returns its last activity. */
  private openRenewal(index: number, name: string, account: BookAccount, state: AccountState): number {
    const { rng, signals } = this;
    this.accountTickets.signalsAt(0, state.profile.segment, signals);
    signals.arrChange = state.arrChange;
    const activityGap = activityGapDays(rng, state.risk);
    signals.daysSinceActivity = activityGap;
    signals.usageScore = rng.chance(0.7) ? usageFor(rng, state.risk) : null;
    const churnRisk = sigmoid(churnLogit(signals));
    const { renewalDay, arr, ownerActive, previousCloseMs } = state;
    this.writer.addUpcomingRenewal(index, name, renewalDay, arr, churnRisk, ownerActive, previousCloseMs);
    account.usageScore = signals.usageScore;
    account.nps = rng.chance(0.3) ? npsFor(rng, state.risk) : null;
    return -activityGap * DAY_MS - rng.next() * DAY_MS;
  }

  /** A churned account's last traces: usage gone, rarely surveyed; returns its last activity. */
  private closeChurned(account: BookAccount, state: AccountState): number {
    const rng = this.rng;
    account.usageScore = rng.chance(0.5) ? rng.int(0, 12) : null;
    account.nps = rng.chance(0.15) ? npsFor(rng, state.risk) : null;
    // They had gone quiet before deciding; a goodbye call or two may follow.
    return (state.renewalDay - DECISION_LEAD_DAYS - state.activityGap + rng.between(0, 30)) * DAY_MS;
  }
}

function pickSegment(rng: BookRandom): SegmentProfile {
  let u = rng.next();
  for (const profile of SEGMENT_PROFILES) {
    u -= profile.share;
    if (u < 0) return profile;
  }
  return SEGMENT_PROFILES[SEGMENT_PROFILES.length - 1]!;
}

/** Days since the last logged activity: about 10 for a typical account, months for risky ones. */
function activityGapDays(rng: BookRandom, risk: number): number {
  return Math.min(400, 10 * Math.exp(0.9 * risk + 0.6 * rng.normal()));
}

function usageFor(rng: BookRandom, risk: number): number {
  return clamp(Math.round(68 - 14 * risk + 12 * rng.normal()), 0, 100);
}

function npsFor(rng: BookRandom, risk: number): number {
  return clamp(Math.round(35 - 35 * risk + 30 * rng.normal()), -100, 100);
}

/**
 * Risky customers that stay often shrink their contract, though not below the vendor's minimum
 * deal for the segment (half its entry ARR); the others take the yearly uplift.
 */
function renewedAmount(rng: BookRandom, profile: SegmentProfile, arr: number, risk: number): number {
  if (rng.chance(sigmoid(-2.3 + 1.1 * risk))) {
    return roundTo(Math.max(profile.arr[0] / 2, arr * (1 - rng.between(0.1, 0.45))), 100);
  }
  return roundTo(arr * (1 + rng.between(0, 0.08)), 100);
}

function logLerp([min, max]: readonly [number, number], t: number): number {
  return min * Math.pow(max / min, t);
}
