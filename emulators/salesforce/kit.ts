import { randomBytes } from 'node:crypto';
import type { CanonicalObject } from '../../src/contracts/connector.js';
import { controlsOf, picked, type CrmData, type CrmTaskView, type EmulatorKit, type EmulatorStart, type RunningEmulator } from '../emulatorKit.js';
import { startSalesforceEmulator, type SalesforceEmulator, type SalesforceEmulatorOptions } from './startSalesforceEmulator.js';

/** The credentials `config.example.yaml` falls back to, so the demo config works unchanged. */
export const demoCredentials = { clientId: 'emulator-client', clientSecret: 'emulator-secret' } as const;

const OBJECTS: Record<Exclude<CanonicalObject, 'owners'>, string> = { accounts: 'Account', opportunities: 'Opportunity', tickets: 'Case' };

/** Records a SOQL query page holds at most. */
const QUERY_PAGE = 2000;

export const salesforceKit: EmulatorKit<SalesforceEmulator> = {
  label: 'Salesforce',
  // Pages: SOQL returns at most 2,000 records (Bulk API 2.0 results pages can be larger, so a Bulk
  // backfill may go below this); sObject Collections take 200 records. Knowing nothing changed
  // takes one query per object, users included (deletes come through queryAll in the same query).
  apiShape: { page: QUERY_PAGE, ownersCalls: (owners) => Math.ceil(owners / QUERY_PAGE), writeBatch: 200, noChangeCalls: () => 4, dailyLimitStatus: 403 },
  async start(options: EmulatorStart): Promise<RunningEmulator<SalesforceEmulator>> {
    const test = options.profile === 'test';
    const secret = randomBytes(12).toString('hex');
    const sf = await startSalesforceEmulator({
      book: options.book,
      port: options.port ?? 0,
      schema: options.schema ?? 'standard',
      ...(options.currencies ? { currencies: options.currencies } : {}),
      ...(test ? { clientId: `vitals-client-${secret.slice(0, 6)}`, clientSecret: `sf-secret-${secret}` } : demoCredentials),
      ...(options.smallPages ? { maxQueryBatch: 50 } : {}),
      ...(options.native as Partial<SalesforceEmulatorOptions> | undefined),
    });
    const refresh = options.auth === 'refresh-token';
    const env: Record<string, string> = { SF_LOGIN_URL: sf.url, SF_CLIENT_ID: sf.credentials.clientId, SF_CLIENT_SECRET: sf.credentials.clientSecret };
    if (refresh) env.SF_REFRESH_TOKEN = sf.credentials.refreshToken;
    return {
      url: sf.url,
      env,
      login: `client credentials ${sf.credentials.clientId} / ${sf.credentials.clientSecret}`,
      connectorYaml: [
        '    type: salesforce',
        '    loginUrl: ${SF_LOGIN_URL}',
        refresh
          ? '    auth: { clientId: "${SF_CLIENT_ID}", clientSecret: "${SF_CLIENT_SECRET}", refreshToken: "${SF_REFRESH_TOKEN}" }'
          : '    auth: { clientId: "${SF_CLIENT_ID}", clientSecret: "${SF_CLIENT_SECRET}" }',
        `    limits: { reserveDailyApiPercent: ${test ? 0 : 20}, concurrency: 4 }`,
      ],
      secrets: () => [...new Set([sf.credentials.clientSecret, ...(refresh ? [sf.credentials.refreshToken] : []), ...sf.issuedTokens()])],
      ...controlsOf(sf),
      endpoints: {
        fieldWrites: /^PATCH \/services\/data\/:version\/composite\/sobjects$/,
        taskCreates: /^POST \/services\/data\/:version\/composite\/sobjects$/,
        singleWrites: /^(PATCH|POST) \/services\/data\/:version\/sobjects\//,
        login: /^POST \/services\/oauth2\/token$/,
        // The task key lookup is a SOQL query on Task through queryAll.
        isTaskRead: (request) => /\/queryAll$/.test(request.path) && /FROM Task\b/i.test(request.query.get('q') ?? ''),
        // The id sweep selects the key and its cursor column only, through `query` (live records).
        isIdListing: (request) => /\/query$/.test(request.path) && /^SELECT\s+Id\s*,\s*SystemModstamp\s+FROM\b/i.test(request.query.get('q') ?? ''),
      },
      data: orgData(sf),
      native: sf,
      close: () => sf.close(),
    };
  },
};

/**
 * The CRM's data as a person sees it (also for tests that start the emulator themselves). It
 * assumes the standard schema: it edits only standard fields itself, and its callers (tests, the
 * bench) name the standard mapping's fields; under another `schema` they must name that org's.
 */
export function orgData(sf: SalesforceEmulator): CrmData {
  const { store } = sf;
  return {
    records(object, source, fields) {
      const recycleBin = object !== 'owners';
      const select = [...new Set(['Id', 'SystemModstamp', ...fields, ...(recycleBin ? ['IsDeleted'] : [])])];
      return store.query(`SELECT ${select.join(', ')} FROM ${source}`, { includeDeleted: true }).map((r) => {
        const { IsDeleted, ...fieldValues } = r;
        return { record: { id: r.Id as string, fields: fieldValues, modifiedAt: r.SystemModstamp as string }, deleted: IsDeleted === true };
      });
    },
    accountIds: () => store.query('SELECT Id FROM Account').map((r) => r.Id as string),
    accountFields(source, fields) {
      return Object.fromEntries(store.query(`SELECT Id, ${fields.join(', ')} FROM ${source}`).map((r) => [r.Id as string, Object.fromEntries(fields.map((f) => [f, r[f] ?? null]))]));
    },
    tasks(source, key): CrmTaskView[] {
      return store
        .query(`SELECT Id, ${key}, WhatId, OwnerId, Subject, ActivityDate, Priority, Status, Description FROM ${source}`)
        .filter((t) => t[key] !== null && t[key] !== undefined)
        .map((t) => ({ id: t.Id as string, key: String(t[key]), account: t.WhatId as string, owner: t.OwnerId, subject: t.Subject, due: t.ActivityDate, priority: t.Priority, status: t.Status, body: t.Description }));
    },
    addTask: (source, key, task) => store.insert(source, { WhatId: task.accountId, Subject: task.subject, ActivityDate: task.dueDate, Status: 'Not Started', Priority: 'Normal', [key]: task.key }),
    addAccount: (name) => store.insert('Account', { Name: name }),
    editAccount: (id, fields) => store.update('Account', id, fields),
    remove: (object, id) => store.delete(object === 'owners' ? 'User' : OBJECTS[object], id),
    purge(object, id) {
      if (object === 'owners') throw new Error('Salesforce users cannot be deleted, only deactivated: the emulator does not purge them');
      store.purge(OBJECTS[object], id);
    },
    restoreAccount: (id) => store.undelete('Account', id),
    startTask: (id) => store.update('Task', id, { Status: 'In Progress' }),
    changeEvery(every) {
      const edit = (type: string, field: string, next: (value: unknown) => unknown): number => {
        let n = 0;
        for (const i of picked(store.count(type, { includeDeleted: true }), every)) {
          // By stored position, not book index: purged records leave no position behind.
          const id = store.idAt(type, i)!;
          const record = store.get(type, id)!;
          if (record.IsDeleted === true) continue; // in the recycle bin: a person cannot edit it
          store.update(type, id, { [field]: next(record[field]) });
          n++;
        }
        return n;
      };
      return {
        accounts: edit('Account', 'AnnualRevenue', (v) => Number(v ?? 0) + 1000),
        opportunities: edit('Opportunity', 'Amount', (v) => Number(v ?? 0) + 100),
        tickets: edit('Case', 'Subject', (v) => `${String(v ?? '')} (updated)`),
      };
    },
    setCurrencyRate(code, perCorporate) {
      if (!store.has('CurrencyType')) throw new Error('a single-currency org has no exchange rates');
      if (!(perCorporate > 0) || !Number.isFinite(perCorporate)) throw new Error(`an exchange rate must be a positive number, not ${perCorporate}`);
      // Checked before it goes into SOQL: every code an org can hold is three capital letters.
      const [type] = /^[A-Z]{3}$/.test(code) ? store.query(`SELECT Id, IsCorporate FROM CurrencyType WHERE IsoCode = '${code}'`) : [];
      if (!type) throw new Error(`the org has no currency ${code}`);
      // The corporate currency's rate is 1 by definition: every other rate is relative to it.
      if (type.IsCorporate === true) throw new Error(`${code} is the corporate currency: its rate is always 1`);
      // A person's edit (the store's default actor), so SystemModstamp and LastModifiedDate move.
      // Record amounts stay as stored: Salesforce converts them through the rates when read.
      store.update('CurrencyType', type.Id as string, { ConversionRate: perCorporate });
      if (!store.has('DatedConversionRate')) return;
      // Advanced currency management: editing the rate in Manage Currencies edits the dated rate
      // in force today (the org clock's UTC day). Outside every period, the nearest one: the
      // period the emulator's own rate lookup (orgCurrencies.ts rateOn) would read for today.
      const today = new Date(store.clock.now()).toISOString().slice(0, 10);
      const periods = store
        .query(`SELECT Id, StartDate, NextStartDate FROM DatedConversionRate WHERE IsoCode = '${code}' ORDER BY StartDate`)
        .map((r) => ({ id: r.Id as string, start: r.StartDate as string, next: r.NextStartDate as string | null }));
      const current =
        periods.find((p) => p.start <= today && (p.next === null || today < p.next)) ?? (today < (periods[0]?.start ?? '') ? periods[0] : periods[periods.length - 1]);
      if (current) store.update('DatedConversionRate', current.id, { ConversionRate: perCorporate });
    },
  };
}

export default salesforceKit;
