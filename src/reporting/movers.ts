import type { Band } from '../model/bands.js';
import type { PassHealth } from '../../state/reportData.js';
import type { BookAccount } from './bookFigures.js';

export interface Mover extends BookAccount {
  before: PassHealth;
  /** Health now minus health at the baseline. */
  change: number;
}

export interface Movers {
  down: Mover[];
  up: Mover[];
  /** Accounts per band move (`from` → `to`), `from: null` for accounts new since the baseline. */
  bandChanges: { from: Band | null; to: Band; accounts: number }[];
}

/**
 * The accounts whose health moved most since the baseline pass (the newest at or before the
 * report period's start), biggest drops and rises, and how many accounts changed band.
 * `baselines` maps `connector \u0000 account` to its baseline health.
 */
export function movers(accounts: readonly BookAccount[], baselines: ReadonlyMap<string, PassHealth>, topN: number): Movers {
  const moved: Mover[] = [];
  const bandMoves = new Map<string, { from: Band | null; to: Band; accounts: number }>();
  for (const a of accounts) {
    const before = baselines.get(baselineKey(a.connector, a.accountId));
    const from = before?.band ?? null;
    if (from !== a.band) {
      const key = `${from}>${a.band}`;
      const entry = bandMoves.get(key) ?? { from, to: a.band, accounts: 0 };
      entry.accounts += 1;
      bandMoves.set(key, entry);
    }
    if (before) moved.push({ ...a, before, change: a.health - before.health });
  }
  const down = moved.filter((m) => m.change < 0).sort((x, y) => x.change - y.change || (y.arr ?? 0) - (x.arr ?? 0));
  const up = moved.filter((m) => m.change > 0).sort((x, y) => y.change - x.change || (y.arr ?? 0) - (x.arr ?? 0));
  const order: (Band | null)[] = [null, 'green', 'yellow', 'red'];
  const bandChanges = [...bandMoves.values()].sort((x, y) => order.indexOf(x.from) - order.indexOf(y.from) || order.indexOf(x.to) - order.indexOf(y.to));
  return { down: down.slice(0, topN), up: up.slice(0, topN), bandChanges };
}

export const baselineKey = (connector: string, accountId: string): string => `${connector}\u0000${accountId}`;
