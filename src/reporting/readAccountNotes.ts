import type { Config } from '../config/config.js';
import { measureName } from '../scoring/measureNames.js';
import { snapshotDetails } from '../../state/reportData.js';
import type { State } from '../../state/openState.js';
import { greenRiskNote, measureChanges, measureChangesText } from './accountNotes.js';
import type { BookAccount } from './bookFigures.js';
import { baselineKey, type Movers } from './movers.js';

/** What the report says beside an account, beyond its drivers; see accountNotes.ts. */
export interface AccountNotes {
  /** For a mover: the measures that moved its health most since the baseline pass. */
  moved(connector: string, accountId: string): string | null;
  /** For a green account at or above the alerts' risk threshold: what raises its risk. */
  greenRisk(connector: string, accountId: string): string | null;
}

/**
 * Reads the snapshots of the accounts the report lists (top ARR at risk, movers) in the latest
 * pass, and the movers' in their baseline pass, and words the notes.
 */
export function readAccountNotes(
  state: State,
  config: Config,
  passes: readonly { name: string; latestAsOf: string | null; baselineAsOf: string | null }[],
  listed: readonly BookAccount[],
  movers: Movers | null,
): AccountNotes {
  const moving = movers ? [...movers.down, ...movers.up] : [];
  const nameOf = (key: string) => measureName(key, config.scoring);
  const extraLabels = Object.fromEntries(Object.entries(config.scoring.extras).map(([k, e]) => [k, e.label]));
  const moved = new Map<string, string>();
  const greenRisk = new Map<string, string>();
  for (const pass of passes) {
    if (!pass.latestAsOf) continue;
    const own = (accounts: readonly BookAccount[]) => accounts.filter((a) => a.connector === pass.name);
    const ownMovers = own(moving);
    const shown = [...own(listed), ...ownMovers];
    const now = snapshotDetails(state, pass.name, pass.latestAsOf, shown.map((a) => a.accountId));
    for (const a of shown) {
      const detail = now.get(a.accountId);
      const note = detail ? greenRiskNote(a, detail, config.alerts.riskThreshold, nameOf, extraLabels) : null;
      if (note) greenRisk.set(baselineKey(a.connector, a.accountId), note);
    }
    if (!pass.baselineAsOf) continue;
    const before = snapshotDetails(state, pass.name, pass.baselineAsOf, ownMovers.map((a) => a.accountId));
    for (const a of ownMovers) {
      const then = before.get(a.accountId);
      const current = now.get(a.accountId);
      const text = then && current ? measureChangesText(measureChanges(then, current), nameOf) : null;
      if (text) moved.set(baselineKey(a.connector, a.accountId), text);
    }
  }
  return {
    moved: (connector, accountId) => moved.get(baselineKey(connector, accountId)) ?? null,
    greenRisk: (connector, accountId) => greenRisk.get(baselineKey(connector, accountId)) ?? null,
  };
}
