import { createHash } from 'node:crypto';
import type { ScoringConfig } from '../config/scoringSettings.js';
import type { AccountInputs } from './accountInputs.js';
import { bandWithHysteresis, type Band } from './bands.js';
import { composite, type Composite } from './composite.js';
import { changeDrivers, driversText, levelDrivers, type Driver } from './drivers.js';
import { measureAccounts } from './measureAccounts.js';
import type { MeasureValue } from './measureValue.js';
import type { RedFlag } from './redFlags.js';
import { ScoringProfiles } from './segmentProfile.js';
import type { DailyHealth, ScoringHistory } from './scoringHistory.js';
import { dayOf, nextDaily, trendOf, type Trend } from './trend.js';
import { riskContributions, type RiskContribution } from './churn/contributions.js';
import { AS_OF_MEASURES, encodeAll, type RiskRow } from './churn/features.js';
import { sigmoid } from './churn/logistic.js';
import { isChurned, pastRenewals, sampleCases } from './churn/renewalCases.js';
import { fitRiskModel, linearPredictor, priorOnlyLogits, priorOnlyTerms, type RiskModel, type RiskSource } from './churn/riskModel.js';
import { buildTrainingSet, riskRowOf } from './churn/trainingSet.js';

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
 * Scores a connector's book at `nowMs`: fits the churn model on the past renewals, then measures
 * every live account, composes its health, bands it against its history, prices its churn risk
 * and explains both. Pure: everything it needs is passed in. Per-account numbers live in flat
 * arrays, because at 100,000 accounts small objects cost more in garbage collection than in work.
 */
export function scoreBook(accounts: readonly AccountInputs[], config: ScoringConfig, nowMs: number, history: ScoringHistory): BookScore {
  const profiles = new ScoringProfiles(config);
  const cases = sampleCases(pastRenewals(accounts, nowMs), config.risk.maxTrainingRenewals);
  const training = buildTrainingSet(accounts, cases, profiles, config);

  const live = accounts.filter((a) => !isChurned(a));
  const requests = live.map((inputs) => ({ inputs, moment: { mode: 'current' as const, atMs: nowMs }, profile: profiles.for(inputs.segment) }));
  const measured = measureAccounts(requests, config.redFlags);
  const priorOnlyKeys = ['renewalReadiness', 'activityRecency', ...Object.keys(config.extras)];
  const keys = [...AS_OF_MEASURES, ...priorOnlyKeys];

  const scored: { index: number; c: Composite }[] = [];
  const rows: RiskRow[] = [];
  measured.forEach((m, index) => {
    const request = requests[index]!;
    const c = composite(m.measures, request.profile, m.flags, config.redFlags.cap);
    if (!c) return;
    scored.push({ index, c });
    rows.push(riskRowOf(m.measures, c, keys, request.inputs, nowMs, m.arr));
  });
  const model = fitRiskModel(training, config.risk, rows);
  const terms = priorOnlyTerms(priorOnlyKeys, AS_OF_MEASURES.length, rows, config.risk);

  const p = model.beta.length;
  const k = terms.length;
  const features = encodeAll(model.space, rows);
  const priorLogits = new Float64Array(rows.length * k);
  rows.forEach((row, i) => priorOnlyLogits(terms, AS_OF_MEASURES.length, row, priorLogits, i * k));
  const segments = segmentMeans(rows, features, p, priorLogits, k);
  const extraLabels = Object.fromEntries(Object.entries(config.extras).map(([key, e]) => [key, e.label]));
  const top = config.drivers.top;
  const today = dayOf(nowMs);
  const healthsKept = Math.max(1, config.bands.downRuns - 1);

  const results = scored.map(({ index, c }, i): AccountScore => {
    const inputs = live[index]!;
    const m = measured[index]!;
    const health = Math.round(c.health * 10) / 10;
    const previous = history.previous.get(inputs.id);
    const band = bandWithHysteresis(health, previous ?? null, config.bands, m.flags.length > 0 && c.uncapped > c.health);
    let eta = linearPredictor(model, features, i * p);
    for (let t = 0; t < k; t++) eta += priorLogits[i * k + t]!;
    const segment = segments.indexOf.get(rows[i]!.segment)!;
    const level = levelDrivers(m.measures, c, m.flags, extraLabels, top);
    const change = previous ? changeDrivers(m.measures, c, previous.measureScores, extraLabels, 2) : [];
    return {
      accountId: inputs.id,
      name: inputs.name,
      segment: inputs.segment,
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
        priorFactors: priorOnlyKeys,
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
  });

  return {
    scoredAtMs: nowMs,
    accounts: results,
    churned: accounts.length - live.length,
    unscorable: live.length - scored.length,
    risk: riskSummary(model),
    modelVersion: modelVersion(config, model, terms),
  };
}

/** Per segment, the mean of every feature and prior-only logit: the baseline contributions are measured from. */
function segmentMeans(rows: readonly RiskRow[], features: Float64Array, p: number, priorLogits: Float64Array, k: number) {
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
