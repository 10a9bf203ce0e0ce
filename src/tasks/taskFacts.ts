/**
 * The facts a task rule may test, and how they are computed from what the state holds about an
 * account. The catalogue is what the config is validated against: an identifier that is not
 * here is a config error, so a typo never turns into a rule that silently never fires.
 */
import { BANDS, type Band } from '../model/bands.js';
import { RENEWAL_MEMORY_DAYS, type TaskAccount } from '../model/taskAccount.js';
import { DAY_MS } from '../model/time.js';
import { fullMoney } from '../reporting/formatNumbers.js';

export type FactType = 'number' | 'text' | 'boolean';

export interface FactSpec {
  type: FactType;
  /** Allowed values of a text fact that is an enumeration; a comparison with anything else is a config error. */
  values?: readonly string[];
  description: string;
}

export const FACTS = {
  health: { type: 'number', description: 'health score, 0-100' },
  band: { type: 'text', values: BANDS, description: 'health band: red, yellow or green' },
  churn_risk: { type: 'number', description: 'churn risk of the next renewal, percent 0-100' },
  trend: { type: 'text', values: ['up', 'flat', 'down'], description: 'trend of the health score: up, flat or down' },
  health_change_30d: { type: 'number', description: 'health now minus health 30 days ago (scoring.trend.changeDays); null without history' },
  band_30d_ago: { type: 'text', values: BANDS, description: 'band 30 days ago; null without history' },
  bands_dropped_30d: { type: 'number', description: 'how many bands lower than 30 days ago (0, 1 or 2)' },
  coverage: { type: 'number', description: 'share of the score weight that had data, percent 0-100' },
  red_flags: { type: 'number', description: 'red flags capping the score' },
  arr: { type: 'number', description: "the account's ARR field, in the org's corporate currency" },
  segment: { type: 'text', description: "the account's segment" },
  days_to_renewal: { type: 'number', description: 'calendar days to the renewal date (negative when past); null without one' },
  renewal_opportunity: {
    type: 'text',
    values: ['open', 'won', 'lost', 'none'],
    description: 'the renewal opportunity of this cycle: open, won or lost (closed in the last 180 days), or none',
  },
  open_tickets: { type: 'number', description: 'open tickets' },
  open_urgent_tickets: { type: 'number', description: 'open urgent tickets' },
  oldest_open_urgent_days: { type: 'number', description: 'age in days of the oldest open urgent ticket; null when none' },
  oldest_open_high_days: { type: 'number', description: 'age in days of the oldest open high-priority ticket; null when none' },
  escalations_30d: { type: 'number', description: 'escalated tickets created in the last 30 days' },
  lowest_csat_30d: { type: 'number', description: 'lowest CSAT (1-5) of tickets closed in the last 30 days; null when none' },
  days_since_activity: { type: 'number', description: 'days since the last logged activity; null when none' },
} as const satisfies Record<string, FactSpec>;

export type FactName = keyof typeof FACTS;
export type FactValue = number | string | boolean | null;
export type Facts = Record<FactName, FactValue>;

/** Values templates may use besides the facts. */
export const TEMPLATE_EXTRAS = {
  account_name: 'the account name',
  account_id: "the account's CRM id",
  renewal_date: 'the renewal date, YYYY-MM-DD',
  drivers: 'the health drivers text (what costs the score most)',
  rule: 'the rule id',
} as const;
export type TemplateName = FactName | keyof typeof TEMPLATE_EXTRAS;


/** The facts of one account at `nowMs`; `today` (YYYY-MM-DD, in the tasks time zone) counts days to the renewal. */
export function factsOf(account: TaskAccount, nowMs: number, today: string): Facts {
  const s = account.score;
  const rank = (band: Band) => BANDS.indexOf(band);
  return {
    health: s.health,
    band: s.band,
    churn_risk: s.churnRisk,
    trend: s.trend,
    health_change_30d: s.trendChange,
    band_30d_ago: account.band30dAgo,
    bands_dropped_30d: account.band30dAgo === null ? 0 : Math.max(0, rank(account.band30dAgo) - rank(s.band)),
    coverage: Math.round(s.coverage * 100),
    red_flags: s.redFlags,
    arr: account.arr,
    segment: account.segment,
    days_to_renewal: account.renewalDate === null ? null : Math.round((dayMs(account.renewalDate) - dayMs(today)) / DAY_MS),
    renewal_opportunity: renewalStatus(account.renewals, nowMs),
    open_tickets: account.tickets.open,
    open_urgent_tickets: account.tickets.openUrgent,
    oldest_open_urgent_days: ageDays(account.tickets.oldestOpenUrgentAt, nowMs),
    oldest_open_high_days: ageDays(account.tickets.oldestOpenHighAt, nowMs),
    escalations_30d: account.tickets.escalations30d,
    lowest_csat_30d: account.tickets.lowestCsat30d,
    days_since_activity: ageDays(account.lastActivityAt, nowMs),
  };
}

/** Template values: the facts plus names and texts. */
export function templateValuesOf(account: TaskAccount, facts: Facts, rule: string): Record<TemplateName, FactValue> {
  return {
    ...facts,
    // Conditions compare the number; people read money: "$120,000" (or "120,000" when the currency is unknown).
    arr: facts.arr === null ? null : fullMoney(account.currency ?? null, facts.arr as number),
    account_name: account.name ?? account.accountId,
    account_id: account.accountId,
    renewal_date: account.renewalDate?.slice(0, 10) ?? null,
    drivers: account.score.driversText || null,
    rule,
  };
}

function renewalStatus(renewals: TaskAccount['renewals'], nowMs: number): 'open' | 'won' | 'lost' | 'none' {
  if (renewals.some((r) => !r.isClosed)) return 'open';
  const recent = renewals
    .filter((r) => r.isClosed && r.closeDate !== null && nowMs - Date.parse(r.closeDate) <= RENEWAL_MEMORY_DAYS * DAY_MS)
    .sort((a, b) => (b.closeDate as string).localeCompare(a.closeDate as string));
  const latest = recent[0];
  if (!latest) return 'none';
  return latest.isWon ? 'won' : 'lost';
}

function ageDays(iso: string | null, nowMs: number): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : Math.max(0, Math.floor((nowMs - ms) / DAY_MS));
}

function dayMs(date: string): number {
  return Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
}
