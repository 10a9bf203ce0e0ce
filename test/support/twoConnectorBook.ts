import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBook } from '../../emulators/book/generateBook.js';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { DAY_MS } from '../../src/model/time.js';
import { normaliseName } from '../../src/reporting/matchAccounts.js';
import { scoreConnectorPass } from '../../src/scoring/scorePass.js';
import { recordLinkTemplate } from '../../state/crmLinks.js';
import { openState, type State } from '../../state/openState.js';
import { finishRun, startRun } from '../../state/runs.js';
import { bookToState } from './bookToState.js';

export const SF = 'acme-sf';
export const HS = 'acme-hs';

export interface TwoConnectorBook {
  dir: string;
  config: Config;
  state: State;
  /** HubSpot companies whose domain was removed: matched by name. */
  byName: string[];
  /** The account whose ARR is doubled in HubSpot (the larger counts). */
  raised: { id: string; arr: number };
}

/**
 * One book held by a Salesforce org and a HubSpot portal (as `npm run demo` serves it), scored at
 * `passDaysAgo` before `nowMs`. A few HubSpot companies lack their domain (matched by name) and
 * one has a larger ARR there.
 */
export async function seedTwoConnectorBook(nowMs: number, options: { accounts?: number; passDaysAgo?: readonly number[]; yaml?: string } = {}): Promise<TwoConnectorBook> {
  const book = generateBook({ accounts: options.accounts ?? 300, seed: 7, asOf: new Date(nowMs).toISOString() });
  const dir = mkdtempSync(join(tmpdir(), 'vitals-two-crms-'));
  writeFileSync(
    join(dir, 'vitals.yaml'),
    `state: ./vitals.db\nconnectors:\n  - { name: ${SF}, type: salesforce, auth: { clientId: x, clientSecret: y } }\n  - { name: ${HS}, type: hubspot, auth: { accessToken: x } }\n${options.yaml ?? ''}`,
  );
  const config = await loadConfig(join(dir, 'vitals.yaml'), {});
  const state = openState(config.statePath);
  bookToState(state, book, SF);
  bookToState(state, book, HS);
  recordLinkTemplate(state, SF, 'Account', 'https://acme.my.salesforce.com/{id}');
  recordLinkTemplate(state, HS, 'companies', 'https://app.hubspot.com/contacts/4242/company/{id}');

  // Names a connector holds once (after normalising) can be matched by name.
  const counts = new Map<string, number>();
  for (const a of book.accounts) counts.set(normaliseName(a.name)!, (counts.get(normaliseName(a.name)!) ?? 0) + 1);
  const byName = book.accounts.filter((a) => counts.get(normaliseName(a.name)!) === 1).slice(0, 5).map((a) => `A${a.index}`);
  const clear = state.db.prepare('UPDATE accounts SET website = NULL WHERE connector = ? AND crm_id = ?');
  for (const id of byName) clear.run(HS, id);
  const richest = book.accounts[10]!;
  const raised = { id: `A${richest.index}`, arr: richest.arr * 2 };
  state.db.prepare('UPDATE accounts SET arr = ? WHERE connector = ? AND crm_id = ?').run(raised.arr, HS, raised.id);

  for (const daysAgo of options.passDaysAgo ?? [9, 0]) {
    for (const connector of [SF, HS]) {
      const run = startRun(state, 'run');
      scoreConnectorPass(state, config, connector, run, nowMs - daysAgo * DAY_MS);
      finishRun(state, run, { status: 'ok', apiCalls: 1 });
    }
  }
  return { dir, config, state, byName, raised };
}
