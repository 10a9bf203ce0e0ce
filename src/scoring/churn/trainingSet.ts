import type { ScoringConfig } from '../../config/scoringSettings.js';
import type { AccountInputs } from '../../model/accountInputs.js';
import type { BookSource } from '../../model/bookSource.js';
import { DAY_MS } from '../../model/time.js';
import { headerOf, type AccountHeader } from '../accountInputs.js';
import { composite, type Composite } from '../composite.js';
import { measureWith, Population, readFacts, segmentKey, type AccountFacts, type MeasureRequest } from '../measureAccounts.js';
import type { MeasureValue } from '../measureValue.js';
import type { ScoringProfiles } from '../segmentProfile.js';
import { ROW_MEASURES, type RiskRow } from './features.js';
import type { RenewalCase } from './renewalCases.js';

/**
 * Past renewals rebuilt at several moments before each renewal date (multi-slicing: more rows
 * per scarce label). Each renewal's slices share one unit of weight, so the likelihood counts
 * renewals, not slices, against the prior.
 */
export interface TrainingSet {
  cases: readonly RenewalCase[];
  rows: RiskRow[];
  /** Per row: the case it belongs to, days before the renewal, label, weight. */
  caseOf: Int32Array;
  daysBefore: Int32Array;
  y: Uint8Array;
  weight: Float64Array;
  /** Cases with at least one row, and how many of them churned. */
  renewals: number;
  churned: number;
}

/** The book's accounts by position: the whole book, or only the accounts the cases name. */
export type AccountsByPosition = readonly AccountInputs[] | ReadonlyMap<number, AccountInputs>;

/** One past renewal's account as it stood some days before it, read down to its facts. */
export interface TrainingSlice {
  caseIndex: number;
  days: number;
  request: MeasureRequest<AccountHeader>;
  facts: AccountFacts;
}

export function buildTrainingSet(
  accounts: AccountsByPosition,
  cases: readonly RenewalCase[],
  profiles: ScoringProfiles,
  config: ScoringConfig,
): TrainingSet {
  const slices: TrainingSlice[] = [];
  cases.forEach((c, caseIndex) => {
    const inputs = (accounts instanceof Map ? accounts.get(c.account) : (accounts as readonly AccountInputs[])[c.account])!;
    slices.push(...sliceCase(inputs, headerOf(inputs), c, caseIndex, profiles, config));
  });
  return trainingFromSlices(cases, slices, config);
}

/** Training accounts read at once: their tickets and opportunities are dropped once sliced. */
const TRAINING_READ = 500;

/**
 * The training set of a sample of renewals taken from a streamed book: the accounts they belong
 * to are read again by id, a batch at a time, and kept only as their slices' facts.
 */
export function sampledTrainingSet(source: BookSource, cases: readonly RenewalCase[], profiles: ScoringProfiles, config: ScoringConfig): TrainingSet {
  const casesOf = new Map<string, number[]>();
  cases.forEach((c, caseIndex) => {
    const list = casesOf.get(c.accountId);
    if (list) list.push(caseIndex);
    else casesOf.set(c.accountId, [caseIndex]);
  });
  const ids = [...casesOf.keys()];
  const slices: TrainingSlice[] = [];
  for (let at = 0; at < ids.length; at += TRAINING_READ) {
    for (const inputs of source.read(ids.slice(at, at + TRAINING_READ))) {
      const header = headerOf(inputs);
      for (const caseIndex of casesOf.get(inputs.id) ?? []) slices.push(...sliceCase(inputs, header, cases[caseIndex]!, caseIndex, profiles, config));
    }
  }
  // In case order, as if the book had been read whole (the population's float sums depend on it).
  slices.sort((a, b) => a.caseIndex - b.caseIndex);
  return trainingFromSlices(cases, slices, config);
}

/**
 * A case's slices: its account at each of `asOfDays` before the renewal, as facts. The slices
 * keep the account's header, not its tickets and opportunities, so a big book's training
 * accounts can be read a batch at a time.
 */
export function sliceCase(
  inputs: AccountInputs,
  header: AccountHeader,
  c: RenewalCase,
  caseIndex: number,
  profiles: ScoringProfiles,
  config: ScoringConfig,
): TrainingSlice[] {
  const slices: TrainingSlice[] = [];
  const profile = profiles.for(inputs.segment);
  for (const days of config.risk.asOfDays) {
    const atMs = c.renewalMs - days * DAY_MS;
    // Before the account existed there is nothing to rebuild.
    if (inputs.createdMs !== null && atMs < inputs.createdMs) continue;
    const moment = { mode: 'asOf' as const, atMs, excludeOpportunityId: c.opportunityId };
    slices.push({ caseIndex, days, request: { inputs: header, moment, profile }, facts: readFacts({ inputs, moment, profile }) });
  }
  return slices;
}

/** The training set from the cases' slices, given in case order. */
export function trainingFromSlices(cases: readonly RenewalCase[], slices: readonly TrainingSlice[], config: ScoringConfig): TrainingSet {
  // The slices are their own population: all read first, then measured one at a time.
  const population = new Population();
  for (const { request, facts } of slices) population.add(request.inputs.segment, facts.support);
  const peers = population.freeze();

  const rows: RiskRow[] = [];
  const kept: { caseIndex: number; days: number }[] = [];
  for (const { caseIndex, days, request, facts } of slices) {
    const m = measureWith(request, facts, peers, config.redFlags);
    const c = composite(m.measures, request.profile, m.flags, config.redFlags.cap);
    if (!c) continue;
    rows.push(riskRowOf(m.measures, c, ROW_MEASURES, request.inputs, request.moment.atMs, m.arr));
    kept.push({ caseIndex, days });
  }

  const slicesPerCase = new Int32Array(cases.length);
  for (const s of kept) slicesPerCase[s.caseIndex]! += 1;
  const n = rows.length;
  const set: TrainingSet = {
    cases,
    rows,
    caseOf: new Int32Array(n),
    daysBefore: new Int32Array(n),
    y: new Uint8Array(n),
    weight: new Float64Array(n),
    renewals: 0,
    churned: 0,
  };
  kept.forEach((s, i) => {
    set.caseOf[i] = s.caseIndex;
    set.daysBefore[i] = s.days;
    set.y[i] = cases[s.caseIndex]!.churned ? 1 : 0;
    set.weight[i] = 1 / slicesPerCase[s.caseIndex]!;
  });
  cases.forEach((c, k) => {
    if (slicesPerCase[k]! === 0) return;
    set.renewals += 1;
    if (c.churned) set.churned += 1;
  });
  return set;
}

/** The risk model's view of one measured account; `keys` fixes the order of scores and weights. */
export function riskRowOf(
  measures: readonly MeasureValue[],
  c: Composite,
  keys: readonly string[],
  inputs: AccountHeader,
  atMs: number,
  arr: number | null,
): RiskRow {
  const scores: number[] = new Array<number>(keys.length);
  const omega: number[] = new Array<number>(keys.length);
  for (let k = 0; k < keys.length; k++) {
    // Measures come in the keys' order; the search is for callers that pass another order.
    const i = measures[k]?.key === keys[k] ? k : measures.findIndex((m) => m.key === keys[k]);
    const m = measures[i];
    scores[k] = m?.score ?? Number.NaN;
    omega[k] = m ? c.omega[i]! : 0;
  }
  return {
    scores,
    omega,
    health: c.health,
    segment: segmentKey(inputs.segment),
    arr,
    tenureYears: inputs.createdMs === null ? null : Math.max(0, (atMs - inputs.createdMs) / (365 * DAY_MS)),
  };
}

/** The rows of the given cases only; `caseIndices` must be in time order, as the cases are. */
export function subsetTrainingSet(set: TrainingSet, caseIndices: readonly number[]): TrainingSet {
  const position = new Int32Array(set.cases.length).fill(-1);
  caseIndices.forEach((c, k) => (position[c] = k));
  const keep: number[] = [];
  for (let i = 0; i < set.rows.length; i++) if (position[set.caseOf[i]!]! >= 0) keep.push(i);
  const cases = caseIndices.map((c) => set.cases[c]!);
  const seen = new Uint8Array(cases.length);
  const subset: TrainingSet = {
    cases,
    rows: keep.map((i) => set.rows[i]!),
    caseOf: Int32Array.from(keep, (i) => position[set.caseOf[i]!]!),
    daysBefore: Int32Array.from(keep, (i) => set.daysBefore[i]!),
    y: Uint8Array.from(keep, (i) => set.y[i]!),
    weight: Float64Array.from(keep, (i) => set.weight[i]!),
    renewals: 0,
    churned: 0,
  };
  for (const k of subset.caseOf) {
    if (seen[k]) continue;
    seen[k] = 1;
    subset.renewals += 1;
    if (cases[k]!.churned) subset.churned += 1;
  }
  return subset;
}
