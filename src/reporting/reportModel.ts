import type { Config } from '../config/config.js';
import { DAY_MS } from '../model/time.js';
import { backtestBook } from '../scoring/backtest/backtestBook.js';
import { alertDeliveriesSince } from '../../state/alertDeliveries.js';
import { latestBacktest, recordBacktest, type StoredBacktest } from '../../state/backtests.js';
import type { State } from '../../state/openState.js';
import { lastBudgetSeen, passAccounts, passAtOrBefore, passBandTotals, passHealths, passTimes, runsSince, taskActivity, type PassHealth, type RuleActivity } from '../../state/reportData.js';
import { scoredConnectors, storedBook } from '../../state/scoringInputs.js';
import { latestPass } from '../../state/snapshots.js';
import { accountUrls, type AccountUrl } from './accountLinks.js';
import { bookCurrency } from './bookCurrency.js';
import { combineHistory, lastPassPerDay, type HistoryPoint } from './bandHistory.js';
import { arrAtRisk, bandFigures, renewalFigures, type ArrAtRisk, type BandFigure, type BookAccount, type RenewalFigure } from './bookFigures.js';
import { customersIn, matchAccounts, type BookMatch, type Customer } from './matchAccounts.js';
import { baselineKey, movers, type Movers } from './movers.js';
import { readAccountNotes, type AccountNotes } from './readAccountNotes.js';
import { syncHealth, type ConnectorBudget, type SyncHealth } from './syncHealth.js';

/** The over-time chart reaches back at least this far, whatever the period. */
export const HISTORY_DAYS = 90;
/** Accounts listed in the ARR-at-risk table. */
export const TOP_ACCOUNTS = 15;
/** Accounts listed among the biggest drops, and again among the biggest rises. */
export const TOP_MOVERS = 10;

export interface ReportOptions {
  /** Start of the report period (movers, tasks, runs). @default 7 days before `now` */
  since?: Date;
  /** One connector only. @default every configured connector */
  connector?: string;
  /** @default the current time */
  now?: Date;
}

export interface ConnectorPasses {
  name: string;
  /** The pass the report describes; null before the connector's first `vitals score`. */
  latestAsOf: string | null;
  /** The pass movers are measured from; null when there is no earlier pass. */
  baselineAsOf: string | null;
}

/** Every figure the report shows, derived from the state. */
export interface ReportModel {
  generatedAt: string;
  since: string;
  historyFrom: string;
  connectors: ConnectorPasses[];
  /** The currency every amount is in; null when no connector said (plain figures). */
  currency: string | null;
  totals: { accounts: number; arr: number };
  bands: BandFigure[];
  history: HistoryPoint[];
  /** Every figure counts customers: an account held in two connectors is matched and counted once. */
  risk: ArrAtRisk<Customer>;
  /** How the connectors' accounts were matched into customers. */
  match: BookMatch;
  renewals: RenewalFigure[];
  /** Null when no connector has a pass before the latest to compare with. */
  movers: Movers | null;
  tasks: RuleActivity[];
  backtests: (StoredBacktest & { computedNow: boolean })[];
  sync: SyncHealth;
  urlOf: AccountUrl;
  /** What moved a mover's health; why a green account is at risk. */
  notes: AccountNotes;
}

/**
 * Reads what the report needs from the state and derives its figures. A connector with no stored
 * back-test gets one computed now (and stored), so the first report is complete.
 */
export function readReportModel(state: State, config: Config, names: readonly string[], options: ReportOptions = {}): ReportModel {
  const now = options.now ?? new Date();
  const since = (options.since ?? new Date(now.getTime() - 7 * DAY_MS)).toISOString();
  const historyFrom = new Date(Math.min(Date.parse(since), now.getTime() - HISTORY_DAYS * DAY_MS)).toISOString();

  const money = bookCurrency(state, config, names);
  const passes: ConnectorPasses[] = [];
  const accounts: BookAccount[] = [];
  const comparables = new Set<string>();
  const baselines = new Map<string, PassHealth>();
  const passDays = new Map<string, { day: string; asOf: string }[]>();
  for (const name of names) {
    const latest = latestPass(state, name)?.asOf ?? null;
    const baseline = latest ? passAtOrBefore(state, name, since) : null;
    const comparable = baseline !== null && baseline !== latest ? baseline : null;
    passes.push({ name, latestAsOf: latest, baselineAsOf: comparable });
    if (!latest) continue;
    const factor = money.factor(name);
    const own = passAccounts(state, name, latest).map((a): BookAccount => ({ ...a, arr: a.arr === null ? null : a.arr * factor, connector: name }));
    accounts.push(...own);
    if (comparable) {
      comparables.add(name);
      for (const [id, health] of passHealths(state, name, comparable)) baselines.set(baselineKey(name, id), health);
    }
    passDays.set(name, lastPassPerDay(passTimes(state, name, historyFrom)));
  }

  const budgets: ConnectorBudget[] = names.flatMap((name) => {
    const seen = lastBudgetSeen(state, name);
    return seen ? [{ connector: name, at: seen.at, dailyLimit: seen.dailyLimit, usedToday: seen.dailyLimit - seen.dailyRemaining, reserve: seen.reserve }] : [];
  });

  const match = matchAccounts(accounts, now.getTime());
  const { customers } = match;
  const moving = customersIn(match, comparables, now.getTime());
  // Over time, a customer held in two connectors counts once, as the first connector that holds it scores it.
  const countedElsewhere = recordsBeyondTheFirst(customers);
  const histories = [...passDays].map(([name, days]) =>
    days.map(({ day, asOf }) => ({ day, totals: passBandTotals(state, name, asOf, countedElsewhere.get(name)).map((t) => ({ ...t, arr: t.arr * money.factor(name) })) })),
  );
  const model: Omit<ReportModel, 'notes'> = {
    generatedAt: now.toISOString(),
    since,
    historyFrom,
    connectors: passes,
    currency: money.code,
    totals: { accounts: customers.length, arr: customers.reduce((sum, a) => sum + (a.arr ?? 0), 0) },
    bands: bandFigures(customers),
    history: combineHistory(histories),
    risk: arrAtRisk(customers, TOP_ACCOUNTS),
    match,
    renewals: renewalFigures(customers, now.getTime()),
    movers: moving.length > 0 ? movers(moving, baselines, TOP_MOVERS) : null,
    tasks: taskActivity(state, since, names),
    backtests: names.flatMap((name) => backtestFor(state, config, name, now)),
    sync: syncHealth(runsSince(state, since, names), budgets, alertDeliveriesSince(state, since)),
    urlOf: accountUrls(state, config),
  };
  // Worded once the listed accounts are known: only their snapshots are read again.
  return { ...model, notes: readAccountNotes(state, config, passes, model.risk.top, model.movers) };
}

function backtestFor(state: State, config: Config, connector: string, now: Date): (StoredBacktest & { computedNow: boolean })[] {
  const stored = latestBacktest(state, connector);
  if (stored) return [{ ...stored, computedNow: false }];
  if (!scoredConnectors(state).includes(connector)) return [];
  const report = backtestBook(storedBook(state, connector), config.scoring, now.getTime());
  const computedAt = now.toISOString();
  recordBacktest(state, connector, computedAt, report);
  // Read back, so a report computed now shows exactly what later reports will.
  return [{ ...(latestBacktest(state, connector) as StoredBacktest), computedNow: true }];
}

/** Per connector, the accounts a customer also holds in an earlier connector (left out of per-pass totals). */
function recordsBeyondTheFirst(customers: readonly Customer[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of customers) {
    for (const r of c.records.slice(1)) {
      let ids = out.get(r.connector);
      if (!ids) out.set(r.connector, (ids = []));
      ids.push(r.accountId);
    }
  }
  return out;
}
