import { createHash } from 'node:crypto';
import type { ScoringConfig } from '../config/scoringSettings.js';
import type { AccountInputs } from '../model/accountInputs.js';
import type { Band } from '../model/bands.js';
import type { BookSource } from '../model/bookSource.js';
import type { RiskSource } from '../model/riskSource.js';
import { NO_HISTORY, type DailyHealth, type ScoringHistory } from '../model/scoreHistory.js';
import type { AccountRange } from '../../state/accountRanges.js';
import type { AccountHeader } from './accountInputs.js';
import { FactsTable } from './factsTable.js';
import { bandWithHysteresis } from './bands.js';
import { bookInMemory } from './bookSource.js';
import { composite } from './composite.js';
import { changeDrivers, driversText, levelDrivers, type Driver } from './drivers.js';
import { measureWith, Population, readFacts, type AccountFacts, type MeasureRequest, type Peers } from './measureAccounts.js';
import type { MeasureValue } from './measureValue.js';
import type { RedFlag } from './redFlags.js';
import { ScoringProfiles } from './segmentProfile.js';
import { dayOf, nextDaily, trendOf, type Trend } from './trend.js';
import { riskContributions, type RiskContribution } from './churn/contributions.js';
import { encodeAll, hasUsage, ROW_MEASURES, USAGE_MEASURES, type RiskRow } from './churn/features.js';
import { sigmoid } from './churn/logistic.js';
import { isChurned, RenewalSample } from './churn/renewalCases.js';
import { fitRiskModel, linearPredictor, priorOnlyLogits, priorOnlyTerms, type RiskModel } from './churn/riskModel.js';
import { riskRowOf, sampledTrainingSet } from './churn/trainingSet.js';

export const HEALTH_MODEL = 'health-v1';

export interface AccountScore {
  accountId: string;
  name: string | null;
  segment: string | null;
  /** 0-100, one decimal. */
  health: number;
  band: Band;
  coverage: number;
  lowCoverage: boolean;
  measures: MeasureValue[];
  /** Effective weight ω of each measure (aligned); the points a measure costs are ω·(100 − score). */
  omega: number[];
  flags: RedFlag[];
  trend: Trend;
  /** Probability 0-1 that the next renewal is lost. */
  churnRisk: number;
  riskDrivers: RiskContribution[];
  drivers: { level: Driver[]; change: Driver[]; text: string };
  /** What the next pass needs from this one (see ScoringHistory). */
  carry: { recentHealths: number[]; daily: DailyHealth[] };
}

export interface BookScore {
  scoredAtMs: number;
  accounts: AccountScore[];
  /** Accounts whose last renewal was lost: not scored. */
  churned: number;
  /** Accounts with no weighted measure at all. */
  unscorable: number;
  risk: { source: RiskSource; renewals: number; churnedRenewals: number; baseRate: number; priorSd: number | null; coefficients: Record<string, number> };
  modelVersion: string;
}

/**
 * A book read once and fitted: what every account's score is made of, kept compact (its row,
 * and the facts its measures are read from, a few hundred bytes an account), never its tickets
 * and opportunities.
 */
export interface FittedBook {
  scoredAtMs: number;
  /** Accounts read, churned ones included. */
  accounts: number;
  churned: number;
  unscorable: number;
  risk: BookScore['risk'];
  modelVersion: string;
  config: ScoringConfig;
  profiles: ScoringProfiles;
  peers: Peers;
  model: RiskModel;
  priorOnlyKeys: string[];
  /** The live accounts, in the book's order. */
  live: FactsTable;
  /** Row i of the arrays below is live account `scored[i]`. */
  scored: Int32Array;
  features: Float64Array;
  priorLogits: Float64Array;
  /** Each row's segment in `segments`. */
  segmentOf: Int32Array;
  segments: SegmentMeans;
}

/**
 * Reads a connector's book once, at `nowMs`, and fits it: finds the churned accounts, samples
 * the past renewals the churn model trains on (their accounts are read again by id), reads every
 * live account's facts, normalises them against the population (ticket-load ranks, org CSAT),
 * and fits the churn model on the renewals with the live accounts as its population. Null for a
 * book with no account.
 */
export function fitBook(source: BookSource, config: ScoringConfig, nowMs: number): FittedBook | null {
  const profiles = new ScoringProfiles(config);
  const { accounts, live, peers, training } = readBook(source, config, profiles, nowMs);
  if (accounts === 0) return null;

  const currentOnly = ['renewalReadiness', 'activityRecency', ...Object.keys(config.extras)];
  const keys = [...ROW_MEASURES, ...currentOnly];
  const rows: RiskRow[] = [];
  const scored: number[] = [];
  for (let t = 0; t < live.length; t++) {
    const account = live.account(t);
    const measured = measureCurrent(account, live.facts(t), profiles, peers, config, nowMs);
    if (!measured) continue;
    rows.push(riskRowOf(measured.m.measures, measured.c, keys, account, nowMs, measured.m.arr));
    scored.push(t);
  }
  const model = fitRiskModel(training, config.risk, rows);
  // Usage the past renewals never had speaks through its prior, like the current-only measures.
  const usagePriorOnly = !model.space.usage && hasUsage(rows) ? USAGE_MEASURES : [];
  const priorOnly = [...usagePriorOnly, ...currentOnly].map((key) => ({ key, index: keys.indexOf(key) }));
  const priorOnlyKeys = priorOnly.map((t) => t.key);
  const terms = priorOnlyTerms(priorOnly, rows, config.risk);
  const k = terms.length;
  const features = encodeAll(model.space, rows);
  const priorLogits = new Float64Array(rows.length * k);
  rows.forEach((row, i) => priorOnlyLogits(terms, row, priorLogits, i * k));
  const segments = segmentMeans(rows, features, model.beta.length, priorLogits, k);
  return {
    scoredAtMs: nowMs,
    accounts,
    churned: accounts - live.length,
    unscorable: live.length - scored.length,
    risk: riskSummary(model),
    modelVersion: modelVersion(config, model, terms),
    config,
    profiles,
    peers,
    model,
    priorOnlyKeys,
    live,
    scored: Int32Array.from(scored),
    features,
    priorLogits,
    segmentOf: Int32Array.from(rows, (row) => segments.indexOf.get(row.segment)!),
    segments,
  };
}

/**
 * The one read of the book, then a read of the training accounts by id, a batch at a time,
 * each account kept only as its slices' facts.
 */
function readBook(source: BookSource, config: ScoringConfig, profiles: ScoringProfiles, nowMs: number) {
  const sample = new RenewalSample(config.risk.maxTrainingRenewals);
  const population = new Population();
  const live = new FactsTable();
  let accounts = 0;
  for (const chunk of source.chunks()) {
    for (const inputs of chunk) {
      sample.offerAccount(inputs, accounts++, nowMs);
      if (isChurned(inputs)) continue;
      const facts = readFacts(currentRequest(inputs, profiles, nowMs));
      population.add(inputs.segment, facts.support);
      live.add(inputs, facts);
    }
  }
  const training = sampledTrainingSet(source, sample.cases(), profiles, config);
  return { accounts, live, peers: population.freeze(), training };
}

/** Accounts whose earlier passes are read at once. */
const HISTORY_CHUNK = 2_000;

/**
 * Scores the fitted book's accounts one at a time, in the book's order: composes each one's
 * health, bands it against its history, prices its churn risk and explains both.
 * `historyOf(range)` gives the earlier passes of the accounts in a range of ids.
 */
export function* scoreAccounts(book: FittedBook, historyOf: (range: AccountRange) => ScoringHistory): Generator<AccountScore> {
  const { config, model, features, priorLogits, segments } = book;
  const p = model.beta.length;
  const k = book.priorOnlyKeys.length;
  const extraLabels = Object.fromEntries(Object.entries(config.extras).map(([key, e]) => [key, e.label]));
  const top = config.drivers.top;
  const today = dayOf(book.scoredAtMs);
  const healthsKept = Math.max(1, config.bands.downRuns - 1);
  let history: ScoringHistory = NO_HISTORY;
  const { live, scored } = book;
  for (let i = 0; i < scored.length; i++) {
    const account = live.account(scored[i]!);
    if (i % HISTORY_CHUNK === 0) {
      const after = i === 0 ? '' : live.id(scored[i - 1]!);
      history = historyOf({ after, upTo: live.id(scored[Math.min(i + HISTORY_CHUNK, scored.length) - 1]!) });
    }
    const { m, c } = measureCurrent(account, live.facts(scored[i]!), book.profiles, book.peers, config, book.scoredAtMs)!;
    const health = Math.round(c.health * 10) / 10;
    const previous = history.previous.get(account.id);
    const band = bandWithHysteresis(health, previous ?? null, config.bands, m.flags.length > 0 && c.uncapped > c.health);
    let eta = linearPredictor(model, features, i * p);
    for (let t = 0; t < k; t++) eta += priorLogits[i * k + t]!;
    const segment = book.segmentOf[i]!;
    const level = levelDrivers(m.measures, c, m.flags, extraLabels, top);
    const change = previous ? changeDrivers(m.measures, c, previous.measureScores, extraLabels, 2) : [];
    yield {
      accountId: account.id,
      name: account.name,
      segment: account.segment,
      health,
      band,
      coverage: c.coverage,
      lowCoverage: c.coverage < config.lowCoverageBelow,
      measures: m.measures,
      omega: c.omega,
      flags: m.flags,
      trend: trendOf(health, today, previous?.daily ?? [], config.trend),
      churnRisk: sigmoid(eta),
      riskDrivers: riskContributions(model, eta, {
        features,
        featuresAt: i * p,
        featureMeans: segments.features,
        featureMeansAt: segment * p,
        priorFactors: book.priorOnlyKeys,
        priorLogits,
        priorLogitsAt: i * k,
        priorMeans: segments.priorLogits,
        priorMeansAt: segment * k,
      }),
      drivers: { level, change, text: driversText(level, change, top, config.drivers.maxLength) },
      carry: {
        recentHealths: [health, ...(previous?.recentHealths ?? [])].slice(0, healthsKept),
        daily: nextDaily(previous?.daily ?? [], today, health, config.trend),
      },
    };
  }
}

/** A book in memory scored whole (tests, cross-checks); `vitals score` streams instead. */
export function scoreBook(accounts: readonly AccountInputs[], config: ScoringConfig, nowMs: number, history: ScoringHistory): BookScore {
  const book = fitBook(bookInMemory(accounts), config, nowMs);
  if (!book) throw new Error('scoreBook: the book has no account');
  return {
    scoredAtMs: nowMs,
    accounts: [...scoreAccounts(book, () => history)],
    churned: book.churned,
    unscorable: book.unscorable,
    risk: book.risk,
    modelVersion: book.modelVersion,
  };
}

function currentRequest<A extends AccountHeader>(inputs: A, profiles: ScoringProfiles, nowMs: number): MeasureRequest<A> {
  return { inputs, moment: { mode: 'current', atMs: nowMs }, profile: profiles.for(inputs.segment) };
}

/** An account's current measures and composite from its facts; null when no weighted measure has a value. */
function measureCurrent(account: AccountHeader, facts: AccountFacts, profiles: ScoringProfiles, peers: Peers, config: ScoringConfig, nowMs: number) {
  const request = currentRequest(account, profiles, nowMs);
  const m = measureWith(request, facts, peers, config.redFlags);
  const c = composite(m.measures, request.profile, m.flags, config.redFlags.cap);
  return c ? { m, c } : null;
}

interface SegmentMeans {
  indexOf: Map<string, number>;
  features: Float64Array;
  priorLogits: Float64Array;
}

/** Per segment, the mean of every feature and prior-only logit: the baseline contributions are measured from. */
function segmentMeans(rows: readonly RiskRow[], features: Float64Array, p: number, priorLogits: Float64Array, k: number): SegmentMeans {
  const indexOf = new Map<string, number>();
  for (const row of rows) if (!indexOf.has(row.segment)) indexOf.set(row.segment, indexOf.size);
  const counts = new Float64Array(indexOf.size);
  const featureSums = new Float64Array(indexOf.size * p);
  const logitSums = new Float64Array(indexOf.size * k);
  rows.forEach((row, i) => {
    const s = indexOf.get(row.segment)!;
    counts[s]! += 1;
    for (let j = 0; j < p; j++) featureSums[s * p + j]! += features[i * p + j]!;
    for (let t = 0; t < k; t++) logitSums[s * k + t]! += priorLogits[i * k + t]!;
  });
  featureSums.forEach((v, at) => (featureSums[at] = v / counts[Math.floor(at / p)]!));
  logitSums.forEach((v, at) => (logitSums[at] = v / counts[Math.floor(at / k)]!));
  return { indexOf, features: featureSums, priorLogits: logitSums };
}

function riskSummary(model: RiskModel): BookScore['risk'] {
  return {
    source: model.source,
    renewals: model.renewals,
    churnedRenewals: model.churnedRenewals,
    baseRate: model.baseRate,
    priorSd: model.priorSd,
    coefficients: Object.fromEntries(model.space.columns.map((c, j) => [c.name, round4(model.beta[j]!)])),
  };
}

/** `health-v1+risk-fitted-1a2b3c4d`: changes with the scoring config and the coefficients. */
function modelVersion(config: ScoringConfig, model: RiskModel, terms: ReturnType<typeof priorOnlyTerms>): string {
  const hash = createHash('sha1')
    .update(JSON.stringify({ config, beta: [...model.beta].map(round4), terms: terms.map((t) => round4(t.coefficient)) }))
    .digest('hex')
    .slice(0, 8);
  return `${HEALTH_MODEL}+risk-${model.source}-${hash}`;
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
