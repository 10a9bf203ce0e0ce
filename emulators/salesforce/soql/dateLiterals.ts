/**
 * Relative date literals (TODAY, LAST_N_DAYS:30, ...). Each stands for a range of whole days;
 * `=` means inside it, `<` before its start, `>` after its end. The emulated org's time zone is
 * UTC and weeks start on Sunday (en_US locale).
 */

const FIXED = new Set([
  'YESTERDAY', 'TODAY', 'TOMORROW', 'LAST_WEEK', 'THIS_WEEK', 'NEXT_WEEK', 'LAST_MONTH', 'THIS_MONTH', 'NEXT_MONTH',
  'LAST_90_DAYS', 'NEXT_90_DAYS', 'THIS_QUARTER', 'LAST_QUARTER', 'NEXT_QUARTER', 'THIS_YEAR', 'LAST_YEAR', 'NEXT_YEAR',
]);
const PARAMETERISED = new Set([
  'LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO', 'LAST_N_WEEKS', 'NEXT_N_WEEKS', 'N_WEEKS_AGO', 'LAST_N_MONTHS',
  'NEXT_N_MONTHS', 'N_MONTHS_AGO', 'LAST_N_QUARTERS', 'NEXT_N_QUARTERS', 'N_QUARTERS_AGO', 'LAST_N_YEARS',
  'NEXT_N_YEARS', 'N_YEARS_AGO',
]);

export function isDateLiteralName(upper: string): boolean {
  return FIXED.has(upper) || PARAMETERISED.has(upper);
}

export function takesParameter(upper: string): boolean {
  return PARAMETERISED.has(upper);
}

/** Half-open range [start, end) in epoch ms. */
export interface DateRange {
  start: number;
  end: number;
}

const DAY = 86_400_000;

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Start (epoch ms) of the unit containing `ms`, moved by `offset` units. */
function unitStart(ms: number, unit: Unit, offset: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (unit) {
    case 'day':
      return Date.UTC(y, m, d.getUTCDate() + offset);
    case 'week':
      return Date.UTC(y, m, d.getUTCDate() - d.getUTCDay() + 7 * offset);
    case 'month':
      return Date.UTC(y, m + offset, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3) + 3 * offset, 1);
    case 'year':
      return Date.UTC(y + offset, 0, 1);
  }
}

/** Units `from` (inclusive) to `to` (exclusive), relative to the current unit. */
function span(now: number, unit: Unit, from: number, to: number): DateRange {
  return { start: unitStart(now, unit, from), end: unitStart(now, unit, to) };
}

export function dateLiteralRange(name: string, n: number | undefined, now: number): DateRange {
  const k = n ?? 0;
  switch (name) {
    case 'YESTERDAY':
      return span(now, 'day', -1, 0);
    case 'TODAY':
      return span(now, 'day', 0, 1);
    case 'TOMORROW':
      return span(now, 'day', 1, 2);
    case 'LAST_90_DAYS':
      return span(now, 'day', -90, 1);
    case 'NEXT_90_DAYS':
      return span(now, 'day', 1, 91);
    case 'LAST_N_DAYS':
      return span(now, 'day', -k, 1);
    case 'NEXT_N_DAYS':
      return span(now, 'day', 1, k + 1);
    case 'N_DAYS_AGO':
      return span(now, 'day', -k, -k + 1);
  }
  const [relation, unitWord] = splitName(name);
  const unit = unitWord;
  switch (relation) {
    case 'LAST':
      return span(now, unit, -1, 0);
    case 'THIS':
      return span(now, unit, 0, 1);
    case 'NEXT':
      return span(now, unit, 1, 2);
    case 'LAST_N':
      return span(now, unit, -k, 0);
    case 'NEXT_N':
      return span(now, unit, 1, k + 1);
    default:
      return span(now, unit, -k, -k + 1);
  }
}

function splitName(name: string): ['LAST' | 'THIS' | 'NEXT' | 'LAST_N' | 'NEXT_N' | 'AGO', Unit] {
  const unit = (/(WEEK|MONTH|QUARTER|YEAR)S?/.exec(name)?.[1] ?? 'DAY').toLowerCase() as Unit;
  if (name.startsWith('LAST_N_')) return ['LAST_N', unit];
  if (name.startsWith('NEXT_N_')) return ['NEXT_N', unit];
  if (name.startsWith('N_')) return ['AGO', unit];
  if (name.startsWith('LAST_')) return ['LAST', unit];
  if (name.startsWith('NEXT_')) return ['NEXT', unit];
  return ['THIS', unit];
}

/** The same range as `YYYY-MM-DD` bounds for date fields (end exclusive). */
export function dayBounds(range: DateRange): { start: string; end: string } {
  const day = (ms: number): string => new Date(Math.floor(ms / DAY) * DAY).toISOString().slice(0, 10);
  return { start: day(range.start), end: day(range.end) };
}
