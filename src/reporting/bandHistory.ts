import { BANDS, type Band } from '../model/bands.js';
import type { BandTotals } from '../../state/reportData.js';

export interface HistoryPoint {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  band: Band;
  accounts: number;
  arr: number;
}

/** The last pass of each UTC day: one point a day however often runs score. */
export function lastPassPerDay(times: readonly string[]): { day: string; asOf: string }[] {
  const byDay = new Map<string, string>();
  for (const asOf of times) {
    const day = asOf.slice(0, 10);
    const kept = byDay.get(day);
    if (!kept || asOf > kept) byDay.set(day, asOf);
  }
  return [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, asOf]) => ({ day, asOf }));
}

/**
 * The book per band and day over every connector. A connector not scored on a day counts with its
 * last earlier day (its accounts did not vanish), and not at all before its first pass.
 */
export function combineHistory(perConnector: readonly { day: string; totals: BandTotals[] }[][]): HistoryPoint[] {
  const days = [...new Set(perConnector.flatMap((points) => points.map((p) => p.day)))].sort();
  const out: HistoryPoint[] = [];
  const latest: (BandTotals[] | undefined)[] = perConnector.map(() => undefined);
  const cursors = perConnector.map(() => 0);
  for (const day of days) {
    perConnector.forEach((points, i) => {
      while (cursors[i]! < points.length && points[cursors[i]!]!.day <= day) latest[i] = points[cursors[i]!++]!.totals;
    });
    for (const band of BANDS) {
      let accounts = 0;
      let arr = 0;
      for (const totals of latest) {
        const t = totals?.find((x) => x.band === band);
        accounts += t?.accounts ?? 0;
        arr += t?.arr ?? 0;
      }
      out.push({ day, band, accounts, arr });
    }
  }
  return out;
}
