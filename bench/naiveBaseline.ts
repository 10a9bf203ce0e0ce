import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@hubspot/api-client';
import type { Connection } from 'jsforce';

/** The connector types this baseline has a script for; the bench has no naive row for others. */
export const naiveBaselineTypes: readonly string[] = ['salesforce', 'hubspot'];

/**
 * The baseline: what a user writes without crm-vitals, with the official SDKs and their defaults.
 * `pull` reads every object into memory (jsforce `query` with autoFetch; HubSpot `getPage` until
 * the last page, which is what `getAll` does) and keeps no cursor, so every sync is this again.
 * `write` sends one update call per record. Run as a child process by the bench, which measures
 * it. Prints one JSON line. The credentials come from the variables the emulator kit gives
 * (`SF_CLIENT_ID` and `SF_CLIENT_SECRET`, `HUBSPOT_TOKEN`).
 *
 * Two departures from the defaults, each what a user adds after the first failure: jsforce's
 * `maxFetch` (default 10,000: larger objects are cut short silently) and HubSpot's
 * `numberOfApiCallRetries: 3` (default 0: the first 429 ends the script).
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const crm = args.get('crm');
const url = args.get('url')!;
const mode = args.get('mode');
/** Pages read per object before stopping (0: all); the bench extrapolates from a sample. */
const maxPages = Number(args.get('max-pages') ?? 0);

/** When each page arrived, for the pace of a sample's second half. */
const pageTimes: number[] = [];

const SOQL: Record<string, string> = {
  owners: 'SELECT Id, Name, FirstName, LastName, Email, IsActive FROM User',
  accounts: 'SELECT Id, Name, OwnerId, Segment__c, AnnualRevenue, Renewal_Date__c, LastActivityDate, CreatedDate, Usage_Score__c, NPS__c FROM Account',
  opportunities: 'SELECT Id, AccountId, Name, Type, StageName, Probability, IsClosed, IsWon, Amount, CloseDate, CreatedDate FROM Opportunity',
  tickets: 'SELECT Id, AccountId, Subject, Priority, Status, IsClosed, IsEscalated, CreatedDate, ClosedDate, CSAT__c FROM Case',
};
const HUBSPOT: Record<string, { type: string; properties: string[]; associations?: string[] }> = {
  accounts: { type: 'companies', properties: ['name', 'hubspot_owner_id', 'segment', 'annualrevenue', 'renewal_date', 'notes_last_updated', 'createdate', 'usage_score', 'nps'] },
  opportunities: {
    type: 'deals',
    properties: ['dealname', 'dealtype', 'dealstage', 'hs_deal_stage_probability', 'hs_is_closed', 'hs_is_closed_won', 'amount', 'closedate', 'createdate'],
    associations: ['companies'],
  },
  tickets: { type: 'tickets', properties: ['subject', 'hs_ticket_priority', 'hs_pipeline_stage', 'createdate', 'closed_date', 'csat'], associations: ['companies'] },
};

async function salesforce(SalesforceConnection: typeof Connection): Promise<unknown> {
  const clientId = variable('SF_CLIENT_ID');
  const clientSecret = variable('SF_CLIENT_SECRET');
  const conn = new SalesforceConnection({ version: '62.0', oauth2: { loginUrl: url, clientId, clientSecret } });
  await conn.authorize({ grant_type: 'client_credentials' });
  if (mode === 'pull') {
    const held: Record<string, unknown[]> = {};
    const read: Record<string, { records: number; pages: number }> = {};
    for (const [object, soql] of Object.entries(SOQL)) {
      const result = await conn.query(soql, { autoFetch: true, maxFetch: maxPages > 0 ? maxPages * 2000 : 100_000_000 });
      held[object] = result.records;
      read[object] = { records: result.records.length, pages: Math.ceil(result.records.length / 2000) };
    }
    return { read };
  }
  const ids = JSON.parse(readFileSync(args.get('ids-file')!, 'utf8')) as string[];
  let failed = 0;
  for (const [i, id] of ids.entries()) {
    const result = await conn.sobject('Account').update({ Id: id, ...scoreValues(i, 'salesforce') });
    if (!result.success) failed++;
  }
  return { updated: ids.length - failed, failed };
}

async function hubspot(HubSpotClient: typeof Client): Promise<unknown> {
  const client = new HubSpotClient({ accessToken: variable('HUBSPOT_TOKEN'), basePath: url, numberOfApiCallRetries: 3 });
  if (mode === 'pull') {
    const held: Record<string, unknown[]> = { owners: (await client.crm.owners.ownersApi.getPage()).results };
    const read: Record<string, { records: number; pages: number }> = { owners: { records: held.owners!.length, pages: 1 } };
    for (const [object, spec] of Object.entries(HUBSPOT)) {
      const records: unknown[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await client.crm.objects.basicApi.getPage(spec.type, 100, after, spec.properties, undefined, spec.associations);
        records.push(...page.results);
        pageTimes.push(performance.now());
        after = page.paging?.next?.after;
        pages++;
      } while (after && (maxPages === 0 || pages < maxPages));
      held[object] = records;
      read[object] = { records: records.length, pages };
    }
    return { read };
  }
  const ids = JSON.parse(readFileSync(args.get('ids-file')!, 'utf8')) as string[];
  for (const [i, id] of ids.entries()) {
    await client.crm.companies.basicApi.update(id, { properties: scoreValues(i, 'hubspot') as Record<string, string> });
  }
  return { updated: ids.length, failed: 0 };
}

/** Plausible score values, different per record (what a user's script computed). */
function scoreValues(i: number, target: 'salesforce' | 'hubspot'): Record<string, string | number> {
  const health = 20 + (i % 80);
  const band = health < 40 ? 'red' : health < 70 ? 'yellow' : 'green';
  const values = { score: health, band, risk: 100 - health, trend: 'flat', drivers: 'Ticket load -12; Activity recency -8', at: new Date().toISOString() };
  return target === 'salesforce'
    ? { Health_Score__c: values.score, Health_Band__c: values.band, Churn_Risk__c: values.risk, Health_Trend__c: values.trend, Health_Drivers__c: values.drivers, Health_Scored_At__c: values.at }
    : {
        vitals_health_score: String(values.score),
        vitals_health_band: values.band,
        vitals_churn_risk: String(values.risk),
        vitals_health_trend: values.trend,
        vitals_health_drivers: values.drivers,
        vitals_scored_at: values.at,
      };
}

function variable(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the bench passes the emulator's variables`);
  return value;
}

// Run as a script; imported (for `naiveBaselineTypes`), it does nothing. The SDKs load before the clock starts.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const job: () => Promise<unknown> =
    crm === 'salesforce' ? await import('jsforce').then(({ Connection }) => () => salesforce(Connection)) : await import('@hubspot/api-client').then(({ Client }) => () => hubspot(Client));
  const started = performance.now();
  const result = await job();
  const ended = performance.now();
  const half = pageTimes[Math.floor(pageTimes.length / 2)] ?? started;
  process.stdout.write(`${JSON.stringify({ ...(result as object), elapsedMs: ended - started, secondHalfMs: ended - half })}\n`);
}
