import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { generateBook } from '../../emulators/book/generateBook.js';
import { ORG_SCHEMAS, type OrgSchemaName } from '../../emulators/emulatorKit.js';
import { EMULATED_CRMS, startEmulated, type StartedEmulator } from '../support/emulatedCrms.js';
import { runCliAsync } from '../support/runCli.js';

/**
 * The README's path from the demo to one's own org, through the spawned CLI, against orgs whose
 * schemas differ from the bundled mappings: `init --crm` → `map` → `setup-fields` → `validate` →
 * `run`. What each org keeps where must arrive in the state, and what it lacks must leave the run going.
 */
const book = generateBook({ accounts: 40, seed: 11 });

interface Synced {
  segments: string[];
  renewalDates: number;
  arr: number;
  renewals: number;
  urgent: number;
  csat: number;
  escalated: number;
  usage: number;
  scored: number;
}

function synced(statePath: string): Synced {
  const db = new Database(statePath, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      segments: (db.prepare('SELECT DISTINCT segment FROM accounts WHERE segment IS NOT NULL ORDER BY 1').all() as { segment: string }[]).map((r) => r.segment.toLowerCase()),
      renewalDates: count('SELECT COUNT(*) n FROM accounts WHERE renewal_date IS NOT NULL'),
      arr: count('SELECT COUNT(*) n FROM accounts WHERE arr IS NOT NULL'),
      renewals: count("SELECT COUNT(*) n FROM opportunities WHERE type = 'renewal'"),
      urgent: count("SELECT COUNT(*) n FROM tickets WHERE priority = 'urgent'"),
      csat: count('SELECT COUNT(*) n FROM tickets WHERE csat IS NOT NULL'),
      escalated: count('SELECT COUNT(*) n FROM tickets WHERE is_escalated = 1'),
      usage: count("SELECT COUNT(*) n FROM accounts WHERE json_extract(extras, '$.usage_score') IS NOT NULL"),
      scored: count('SELECT COUNT(DISTINCT account_id) n FROM score_snapshots'),
    };
  } finally {
    db.close();
  }
}

const accounts = book.accounts.length;
const bookRenewals = book.opportunities.filter((o) => o.kind === 'renewal').length;
const bookUrgent = book.tickets.filter((t) => t.priority === 'Urgent').length;
const bookCsat = book.tickets.filter((t) => t.csat !== null).length;
const bookEscalated = book.tickets.filter((t) => t.isEscalated).length;

describe.each(EMULATED_CRMS)('vitals map on %s orgs whose schemas differ', (crm) => {
  describe.each(ORG_SCHEMAS)('the %s schema', (schema: OrgSchemaName) => {
    let emulator: StartedEmulator;
    let dir: string;
    let out: Record<string, string> = {};
    const cli = async (...args: string[]) => {
      const result = await runCliAsync(['-c', join(dir, 'vitals.yaml'), ...args], { cwd: dir, env: emulator.env });
      out[args[0]!] = result.stdout + result.stderr;
      return result;
    };

    beforeAll(async () => {
      emulator = await startEmulated(crm, { book, profile: 'test', schema });
      dir = mkdtempSync(join(tmpdir(), `vitals-map-${crm}-${schema}-`));
      out = {};
    }, 60_000);
    afterAll(async () => {
      await emulator?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('init → map → setup-fields → validate → run: every step exits 0 and the mapping is the org’s', async () => {
      expect((await cli('init', '--crm', crm)).status).toBe(0);
      const mapped = await cli('map');
      expect(mapped.status).toBe(0);
      const config = parse(readFileSync(join(dir, 'vitals.yaml'), 'utf8')) as { connectors: { name: string; mapping?: string; mappingOverrides?: unknown }[] };
      const [connector] = config.connectors;
      expect(connector).toMatchObject({ mapping: `./mappings/${connector!.name}.yaml` });
      expect(connector!.mappingOverrides).toBeUndefined();
      expect(mapped.stdout).toContain(`${connector!.name}: wrote mappings/${connector!.name}.yaml from the live schema`);

      expect((await cli('setup-fields')).status).toBe(0);
      const validated = await cli('validate');
      expect([validated.status, validated.stdout]).toEqual([0, expect.stringMatching(/^OK {3}/m)]);
      const run = await cli('run');
      expect(run.status).toBe(0);
      expect(run.stderr).not.toMatch(/"level":"(warn|error)"/);
    }, 120_000);

    it('carries what the org keeps, under its own names, into the state; and runs on without what it lacks', () => {
      const state = synced(join(dir, 'vitals.db'));
      expect(state.scored).toBeGreaterThan(0);
      expect(state.arr).toBe(accounts);
      if (schema === 'sparse') {
        expect(state).toMatchObject({ segments: [], renewalDates: 0, csat: 0, usage: 0 });
        expect(out.map).toMatch(/not in this org, scored without: .*accounts\.segment.*accounts\.renewal_date/);
        // Renewals arrive where a stock type value means renewal; where none does, map says so.
        if (state.renewals === 0) expect(out.map).toMatch(/CHECK: \S+ has no value meaning renewal/);
        else expect(state.renewals).toBe(bookRenewals);
        return;
      }
      expect(state.segments).toEqual(schema === 'renamed' ? ['growth', 'scale', 'strategic'] : ['enterprise', 'mid-market', 'smb']);
      expect(state).toMatchObject({ renewalDates: accounts, renewals: bookRenewals, urgent: bookUrgent, csat: bookCsat, escalated: bookEscalated });
      expect(state.usage).toBeGreaterThan(0);
      if (schema === 'renamed') expect(out.map).toMatch(/accounts\.segment +\S+ +\(API name, label "Customer Tier"/);
    });

    it('asks before overwriting, keeps a person’s choice when proposing again, and exits 3 when the org refuses the credentials', async () => {
      if (schema !== 'standard') return;
      const again = await cli('map');
      expect([again.status, again.stderr]).toEqual([2, expect.stringMatching(/mappings\/\S+\.yaml already exists; pass --force/)]);
      const file = join(dir, 'mappings', readdirSync(join(dir, 'mappings'))[0]!);
      const industry = { salesforce: 'Industry', hubspot: 'industry' }[crm];
      if (industry) {
        writeFileSync(file, readFileSync(file, 'utf8').replace(/^( +segment:) \S+/m, `$1 ${industry}`));
        expect((await cli('map', '--force')).status).toBe(0);
        expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^ +segment: ${industry} +# chosen in the mapping in use`, 'm'));
      }
      const secrets = new Set(emulator.secrets());
      const refusedEnv = Object.fromEntries(Object.entries(emulator.env).map(([k, v]) => [k, secrets.has(v) ? `${v}-revoked` : v]));
      const refused = await runCliAsync(['-c', join(dir, 'vitals.yaml'), 'map', '--force'], { cwd: dir, env: refusedEnv });
      expect(refused.status).toBe(3);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    }, 60_000);
  });
});
