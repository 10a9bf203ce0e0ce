import { randomBytes } from 'node:crypto';
import type { CanonicalObject, CrmRecord } from '../../src/contracts/connector.js';
import { controlsOf, picked, type CrmData, type CrmTaskView, type EmulatorKit, type EmulatorStart, type RunningEmulator } from '../emulatorKit.js';
import type { ObjectTypeName } from './objectTypes.js';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from './startHubSpotEmulator.js';

/** The token `config.example.yaml` falls back to, so the demo config works unchanged. */
export const demoToken = 'emulator-token';

const TYPES: Record<CanonicalObject, ObjectTypeName | null> = { accounts: 'companies', opportunities: 'deals', tickets: 'tickets', owners: null };
/** HubSpot-defined association type of a task to its company. */
const TASK_TO_COMPANY = 192;

/** Records a list call returns at most; owners are listed 500 a page. */
const LIST_PAGE = 100;
const OWNERS_PAGE = 500;
/** Active and archived owners are listed apart: at least one call each (a lower bound). */
const ownersCalls = (owners: number) => Math.max(2, Math.ceil(owners / OWNERS_PAGE));

export const hubspotKit: EmulatorKit<HubSpotEmulator> = {
  label: 'HubSpot',
  // Knowing nothing changed: per object one search and one archived listing (search cannot see
  // deletes), plus both owner listings in full (owners have no modification filter).
  apiShape: { page: LIST_PAGE, ownersCalls, writeBatch: 100, noChangeCalls: (owners) => 6 + ownersCalls(owners), rollingWindowMs: 10_000, dailyLimitStatus: 429 },
  async start(options: EmulatorStart): Promise<RunningEmulator<HubSpotEmulator>> {
    const test = options.profile === 'test';
    const hs = await startHubSpotEmulator({
      book: options.book,
      port: options.port ?? 0,
      schema: options.schema ?? 'standard',
      ...(options.currencies ? { currencies: options.currencies } : {}),
      accessToken: test ? `pat-na1-${randomBytes(12).toString('hex')}` : demoToken,
      ...(test ? { requestsPer10s: 100_000, searchPerSecond: 1_000 } : {}),
      ...(options.rateLimit ? { requestsPer10s: options.rateLimit.requests, rateLimitWindowMs: options.rateLimit.windowMs } : {}),
      ...(options.native as Partial<HubSpotEmulatorOptions> | undefined),
    });
    const oauth = options.auth === 'refresh-token';
    const env: Record<string, string> = oauth
      ? { HUBSPOT_BASE_URL: hs.url, HUBSPOT_CLIENT_ID: hs.oauth.clientId, HUBSPOT_CLIENT_SECRET: hs.oauth.clientSecret, HUBSPOT_REFRESH_TOKEN: hs.oauth.refreshToken }
      : { HUBSPOT_BASE_URL: hs.url, HUBSPOT_TOKEN: hs.accessToken };
    return {
      url: hs.url,
      env,
      login: `token ${hs.accessToken}, portal ${hs.portalId}`,
      connectorYaml: [
        '    type: hubspot',
        '    baseUrl: ${HUBSPOT_BASE_URL}',
        oauth
          ? '    auth: { clientId: "${HUBSPOT_CLIENT_ID}", clientSecret: "${HUBSPOT_CLIENT_SECRET}", refreshToken: "${HUBSPOT_REFRESH_TOKEN}" }'
          : '    auth: { accessToken: "${HUBSPOT_TOKEN}" }',
        // The portal's own limits stay in force; the connector keeps under them.
        `    limits: { requestsPer10s: ${(options.native?.requestsPer10s as number | undefined) ?? (test ? 190 : 100)}, searchPerSecond: 5, reserveDailyApiPercent: ${test ? 0 : 20} }`,
      ],
      // The current token is among the issued ones; an OAuth app's client secret and refresh token are secrets too.
      secrets: () => [...new Set([...(oauth ? [hs.oauth.clientSecret, hs.oauth.refreshToken] : []), ...hs.issuedTokens()])],
      ...controlsOf(hs),
      useUpRateWindow: () => hs.exhaustBurstWindow(),
      endpoints: {
        fieldWrites: /^POST \/crm\/v3\/objects\/:objectType\/batch\/update$/,
        taskCreates: /^POST \/crm\/v3\/objects\/:objectType\/batch\/create$/,
        singleWrites: /^(PATCH|POST) \/crm\/v3\/objects\/:objectType(\/:objectId)?$/,
        // Tasks are read back through their company: the v4 associations, then a batch read by id.
        isTaskRead: (request) => /\/associations\/companies\/tasks\/batch\/read$/.test(request.path) || /\/objects\/tasks\/batch\/read$/.test(request.path),
        // The id sweep lists an object asking for nothing but the id property.
        isIdListing: (request) => request.method === 'GET' && /^\/crm\/v3\/objects\/\w+$/.test(request.path) && request.query.get('properties') === 'hs_object_id',
      },
      data: portalData(hs),
      native: hs,
      close: () => hs.close(),
    };
  },
};

/**
 * The CRM's data as a person sees it (also for tests that start the emulator themselves). It
 * assumes the standard schema: it edits only HubSpot-defined properties itself, and its callers
 * (tests, the bench) name the standard mapping's properties; under another `schema` they must
 * name that portal's.
 */
export function portalData(hs: HubSpotEmulator): CrmData {
  const { store } = hs;
  // By association key (seq), not array position: positions shift once a record is purged.
  const company = (seq: number) => store.table('companies').at(seq);
  const live = (type: ObjectTypeName) => store.table(type).records.filter((r) => !r.archived);
  return {
    records(object) {
      const type = TYPES[object];
      if (!type) {
        return store.owners.map((o) => ({
          record: { id: o.id, fields: { firstName: o.firstName, lastName: o.lastName, email: o.email, active: !o.archived }, modifiedAt: new Date(o.updatedAt).toISOString() },
          deleted: false,
        }));
      }
      return store.table(type).records.map((r) => {
        const view = store.view(type, r.id);
        if (!view) throw new Error(`no view of ${type} ${r.id}`);
        const fields: Record<string, unknown> = { ...view.properties };
        const links: Record<string, string[]> = {};
        if (type !== 'companies') {
          const edges = store.associations.list(type, r.seq, 'companies').filter((e) => company(e.toSeq)?.archived === false);
          const primary = (e: { typeIds: readonly number[] }) => e.typeIds.includes(5) || e.typeIds.includes(26);
          links.companies = [...edges.filter(primary), ...edges.filter((e) => !primary(e))].map((e) => company(e.toSeq)!.id);
        }
        if (type === 'tickets') {
          const stage = store.pipelines.stage('tickets', view.properties.hs_pipeline ?? '0', view.properties.hs_pipeline_stage ?? '');
          fields.stageIsClosed = stage ? stage.metadata.ticketState === 'CLOSED' : null;
        }
        const record: CrmRecord = { id: r.id, fields, modifiedAt: view.properties.hs_lastmodifieddate ?? view.updatedAt, links };
        return { record, deleted: r.archived };
      });
    },
    accountIds: () => live('companies').map((r) => r.id),
    accountFields(_source, fields) {
      return Object.fromEntries(live('companies').map((r) => [r.id, Object.fromEntries(fields.map((f) => [f, store.reader('companies', f)(r) ?? null]))]));
    },
    tasks(_source, key): CrmTaskView[] {
      const read = (record: Parameters<ReturnType<typeof store.reader>>[0], name: string) => store.reader('tasks', name)(record) ?? null;
      return live('tasks')
        .filter((r) => read(r, key) !== null)
        .map((r) => ({
          id: r.id,
          key: String(read(r, key)),
          account: store.associations.list('tasks', r.seq, 'companies').map((e) => company(e.toSeq)!.id).join(','),
          owner: read(r, 'hubspot_owner_id'),
          subject: read(r, 'hs_task_subject'),
          due: read(r, 'hs_timestamp'),
          priority: read(r, 'hs_task_priority'),
          status: read(r, 'hs_task_status'),
          body: read(r, 'hs_task_body'),
        }));
    },
    addTask: (_source, key, task) =>
      store.create('tasks', { hs_task_subject: task.subject, hs_timestamp: `${task.dueDate}T12:00:00.000Z`, hs_task_status: 'NOT_STARTED', [key]: task.key }, [
        { to: { id: task.accountId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_COMPANY }] },
      ]).id,
    addAccount: (name) => store.create('companies', { name }).id,
    // HubSpot holds every property value as a string; its API takes numbers and booleans too.
    editAccount: (id, fields) => void store.update('companies', id, Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]))),
    remove(object, id) {
      const type = TYPES[object];
      if (!type) throw new Error('HubSpot owners are users of the portal: the emulator does not remove them');
      store.archive(type, id);
    },
    purge(object, id) {
      const type = TYPES[object];
      if (!type) throw new Error('HubSpot owners are users of the portal: the emulator does not remove them');
      if (!store.purge(type, id)) throw new Error(`no ${type} with id ${id}`);
    },
    restoreAccount: (id) => void (store.get('companies', id)!.archivedAt = null),
    startTask: (id) => void store.update('tasks', id, { hs_task_status: 'IN_PROGRESS' }),
    changeEvery(every) {
      const edit = (type: ObjectTypeName, property: string, next: (value: string | undefined) => string): number => {
        const records = store.table(type).records;
        let n = 0;
        for (const i of picked(records.length, every)) {
          const record = records[i]!;
          store.update(type, record.id, { [property]: next(record.props[property]) });
          n++;
        }
        return n;
      };
      return {
        accounts: edit('companies', 'annualrevenue', (v) => String(Number(v ?? 0) + 1000)),
        opportunities: edit('deals', 'amount', (v) => String(Number(v ?? 0) + 100)),
        tickets: edit('tickets', 'subject', (v) => `${v ?? ''} (updated)`),
      };
    },
    // HubSpot keeps the rate the other way round (company units per unit of `code`); the store converts.
    setCurrencyRate: (code, perCorporate) => hs.store.setExchangeRate(code, perCorporate),
  };
}

export default hubspotKit;
