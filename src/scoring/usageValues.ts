import type { UsageSettings } from '../config/scoringSettings.js';
import type { MeasureValue } from './measureValue.js';
import { activeSeatsScore, featureBreadthScore, usageRecencyScore, usageTrendScore, USAGE_MONTH_DAYS, type UsageFacts } from './measures/usageMeasures.js';

/**
 * The usage measures as values, and the words for them. A snapshot keeps one number and a note
 * per measure; the note carries what the words need beside the number (`>=12/40 crm`: at least
 * 12 active users of 40 seats, the seats from the CRM field; `events 28`: a trend of events over
 * 28-day windows; `since-coverage`: no use since the usage source began), so it is written and
 * read here only.
 */
export function usageMeasureValues(f: UsageFacts, u: UsageSettings): MeasureValue[] {
  const seats: MeasureValue = {
    key: 'activeSeats',
    group: 'usage',
    score: activeSeatsScore(f, u.activeSeats),
    value: f.activeUsers !== null && f.seats !== null ? f.activeUsers / f.seats : null,
  };
  if (f.activeUsers !== null) seats.note = `${f.activeUsersLowerBound ? '>=' : ''}${f.activeUsers}/${f.seats ?? '?'}${f.seatsFromCrm ? ' crm' : ''}`;
  const recency: MeasureValue = { key: 'usageRecency', group: 'usage', score: usageRecencyScore(f, u.usageRecency), value: f.daysSinceUse };
  if (f.noUseSinceCoverage) recency.note = SINCE_COVERAGE;
  return [
    seats,
    {
      key: 'usageTrend',
      group: 'usage',
      score: usageTrendScore(f, u.usageTrend),
      value: f.trend,
      note: `${f.trendOfEvents ? 'events' : 'active-users'} ${u.usageTrend.windowDays}`,
    },
    { key: 'featureBreadth', group: 'usage', score: featureBreadthScore(f, u.featureBreadth), value: f.features },
    recency,
  ];
}

const SINCE_COVERAGE = 'since-coverage';

interface SeatsNote {
  active: number;
  seats: number | null;
  atLeast: boolean;
  fromCrm: boolean;
}

function seatsNote(note: string | undefined): SeatsNote | null {
  const m = /^(>=)?(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?|\?)( crm)?$/.exec(note ?? '');
  if (!m) return null;
  return { active: Number(m[2]), seats: m[3] === '?' ? null : Number(m[3]), atLeast: m[1] !== undefined, fromCrm: m[4] !== undefined };
}

function trendNote(note: string | undefined): { ofEvents: boolean; windowDays: number } {
  const [basis, days] = (note ?? '').split(' ');
  return { ofEvents: basis !== 'active-users', windowDays: Number(days) || 28 };
}

/** A few words for the drivers text (short: it goes to a CRM field); null for a key that is not a usage measure. */
export function usageLabel(key: string, value: number | null, note: string | undefined): string | null {
  switch (key) {
    case 'activeSeats': {
      const s = seatsNote(note);
      if (!s) return 'Active seats ?';
      return `${s.atLeast ? '>=' : ''}${whole(s.active)}/${s.seats === null ? '?' : whole(s.seats)} seats active`;
    }
    case 'usageTrend':
      return value === null ? 'Usage trend ?' : `Usage ${percent(value, '-')} (${trendNote(note).windowDays}d)`;
    case 'featureBreadth':
      return value === null ? 'Features ?' : `${whole(value)} feature${value === 1 ? '' : 's'} used`;
    case 'usageRecency':
      if (value === null) return 'Product use ?';
      if (Math.round(value) === 0) return 'Product used last day';
      return note === SINCE_COVERAGE ? `No product use ${whole(value)}d+` : `No product use ${whole(value)}d`;
    default:
      return null;
  }
}

/** The raw value in plain words, for `vitals explain`; null for a key that is not a usage measure or has no value. */
export function usageSentence(key: string, value: number | null, note: string | undefined): string | null {
  switch (key) {
    case 'activeSeats': {
      const s = seatsNote(note);
      if (!s) return null;
      const days = `in the last ${USAGE_MONTH_DAYS} days`;
      if (s.seats === null) return `${whole(s.active)} users active ${days}; no seat count (map a seats field, or a source that gives one)`;
      const count = `${s.atLeast ? 'at least ' : ''}${whole(s.active)} of ${whole(s.seats)} seats active ${days}`;
      const why = s.atLeast ? ' (the busiest single day: the source gave no 30-day count)' : '';
      return `${count}${why}${s.fromCrm ? ', seats from the CRM field' : ''}`;
    }
    case 'usageTrend': {
      if (value === null) return null;
      const t = trendNote(note);
      return `usage ${percent(value)} (last ${t.windowDays} days against the ${t.windowDays} before, in ${t.ofEvents ? 'events' : 'active users'})`;
    }
    case 'featureBreadth':
      return value === null ? null : `${whole(value)} feature${value === 1 ? '' : 's'} used in ${USAGE_MONTH_DAYS} days`;
    case 'usageRecency':
      if (value === null) return null;
      if (note === SINCE_COVERAGE) return `no product use in the ${whole(value)} days the usage source covers`;
      return value === 0 ? 'product used on the last day covered' : `last product use ${whole(value)} day${value === 1 ? '' : 's'} ago`;
    default:
      return null;
  }
}

function whole(x: number): string {
  return String(Math.round(x));
}

/** "+12%", "−35%"; the drivers text keeps the ASCII "-" its other labels use (`ARR -15% YoY`). */
function percent(x: number, minus = '−'): string {
  const p = Math.round(x * 100);
  return p > 0 ? `+${p}%` : p < 0 ? `${minus}${-p}%` : '0%';
}
