import type { Book } from '../book/bookTypes.js';
import type { OrgCurrencies, OrgSchemaName } from '../emulatorKit.js';
import { checkCurrencies } from '../orgCurrencies.js';
import { EmulatorServer } from '../http/emulatorServer.js';
import type { RequestObserver } from '../http/emulatorServer.js';
import type { FaultSettings } from '../http/faults.js';
import { Router, type EmulatorRequest, type EmulatorResponse } from '../http/router.js';
import { ModstampClock } from './clock.js';
import type { EmulatorContext, OrgCredentials } from './context.js';
import { CursorRegistry } from './cursors.js';
import { resourceNotFound, SalesforceApiError, serverUnavailable } from './errors.js';
import { makeId } from './ids.js';
import { projectBook } from './projectBook.js';
import { RecordTables } from './recordTables.js';
import { registerBulk2Routes } from './routes/bulk2.js';
import { registerCollectionRoutes } from './routes/collections.js';
import { registerDescribeRoutes } from './routes/describe.js';
import { registerLimitsRoutes } from './routes/limits.js';
import { registerOAuthRoutes } from './routes/oauth.js';
import { registerQueryRoutes } from './routes/query.js';
import { registerReplicationRoutes } from './routes/replication.js';
import { registerSObjectRoutes } from './routes/sobjects.js';
import { SchemaCatalog } from './schema/catalog.js';
import { ORG_VARIANTS } from './schema/orgVariants.js';
import type { TaskKeyField } from './schema/standardObjects.js';
import { ApiUsage, Sessions } from './sessions.js';
import { SalesforceStore } from './store.js';

export interface SalesforceEmulatorOptions {
  /** The customer book the org holds (see `generateBook`). */
  book: Book;
  /** Connected-app consumer key. @default "vitals-emulator-client-id" */
  clientId?: string;
  /** Connected-app consumer secret. @default "vitals-emulator-client-secret" */
  clientSecret?: string;
  /** Integration user for the password flow; client credentials run as the same user. @default "vitals-integration@example.com" */
  username?: string;
  /** Password with the security token appended, as Salesforce expects for API logins. @default "vitals-password-TOKEN123" */
  password?: string;
  /** A refresh token the org accepts for the refresh_token grant. @default "vitals-emulator-refresh-token" */
  refreshToken?: string;
  /** Daily API request allowance (Enterprise orgs start at 100,000). A `dailyApiLimit` fault overrides it. @default 100000 */
  dailyApiLimit?: number;
  /** Session timeout in seconds. @default 7200 (the org default of two hours) */
  tokenTtlSeconds?: number;
  /**
   * The org's customer-success customisations (schema/orgVariants.ts): `standard`, the schema the
   * default mappings expect; `renamed`, the same data under other names and picklist values;
   * `sparse`, none of them. @default 'standard'
   */
  schema?: OrgSchemaName;
  /** Opportunity.Type picklist values. @default the schema's (standard: Salesforce's defaults plus the common `Renewal`) */
  opportunityTypes?: string[];
  /** Case.Priority picklist values. @default the schema's (standard: High, Medium, Low plus `Urgent`) */
  casePriorities?: string[];
  /**
   * `Task.Vitals_Key__c` as a plain Text(255) field, or with the Unique and External ID attributes
   * (then upsert by key works and a second record with a held value gets DUPLICATE_VALUE).
   * @default 'plain-text'
   */
  taskKeyField?: TaskKeyField;
  /**
   * Most records a query page holds, whatever batch size the client asks for: Salesforce treats
   * the batch size as a hint and returns smaller pages when it chooses (wide records, relationship
   * queries). @default 2000
   */
  maxQueryBatch?: number;
  /** Records per Bulk API 2.0 results page when the client sends no maxRecords. @default 500000 */
  bulkPageSize?: number;
  /** Port on 127.0.0.1. @default 0 (any free port) */
  port?: number;
  /**
   * A multi-currency org: CurrencyIsoCode on every object, CurrencyType queryable, and with
   * `dated` DatedConversionRate (advanced currency management). @default a single-currency org
   */
  currencies?: OrgCurrencies;
}

export interface SalesforceEmulator {
  /** Base URL: use it as both loginUrl and instance URL. */
  url: string;
  credentials: OrgCredentials;
  setFaults(faults: Partial<FaultSettings>, seed?: number): void;
  /** Calls per endpoint pattern, e.g. `GET /services/data/:version/query`. */
  callCounts(): Record<string, number>;
  totalCalls(): number;
  resetCallCounts(): void;
  /** Answers by status (`"200"`, `"503"`...), plus `reset` and `lost` for injected connection faults. */
  outcomeCounts(): Record<string, number>;
  /** Watches each request as it arrives (undefined stops watching). */
  onRequest(observer: RequestObserver | undefined): void;
  /** The org's data, for tests that read and edit records like a person would. */
  store: SalesforceStore;
  /** DailyApiRequests as the org counts them (`Sforce-Limit-Info`). */
  apiUsage(): { used: number; max: number };
  /** Invalidates every issued access token (clients must refresh). */
  expireSessions(): void;
  /** Every access token the org has issued (tests check none leaks into logs or the state). */
  issuedTokens(): string[];
  close(): Promise<void>;
}

const ORG_ID = makeId('00D', 1);
const JSON_TYPE = 'application/json;charset=UTF-8';
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD'];

/** Starts a local Salesforce org that jsforce can use unchanged (REST, OAuth, Bulk API 2.0). */
export async function startSalesforceEmulator(options: SalesforceEmulatorOptions): Promise<SalesforceEmulator> {
  const credentials: OrgCredentials = {
    clientId: options.clientId ?? 'vitals-emulator-client-id',
    clientSecret: options.clientSecret ?? 'vitals-emulator-client-secret',
    username: options.username ?? 'vitals-integration@example.com',
    password: options.password ?? 'vitals-password-TOKEN123',
    refreshToken: options.refreshToken ?? 'vitals-emulator-refresh-token',
  };
  const variant = ORG_VARIANTS[options.schema ?? 'standard'];
  if (!variant) throw new Error(`unknown org schema "${String(options.schema)}"`);
  const org = {
    variant,
    opportunityTypes: options.opportunityTypes ?? variant.opportunityTypes,
    casePriorities: options.casePriorities ?? variant.casePriorities,
    taskKeyField: options.taskKeyField ?? 'plain-text',
    ...(options.currencies ? { currencies: options.currencies } : {}),
  };
  if (options.currencies) checkCurrencies(options.currencies);
  const catalog = new SchemaCatalog(org);
  const clock = new ModstampClock();
  const tables = new RecordTables(catalog, clock);
  clock.raiseFloor(projectBook(options.book, tables, { username: credentials.username }, org));

  const apiUserId = makeId('005', options.book.users.length + 1);
  // Store edits stand for a person working in Salesforce: the first active user of the book.
  const firstActive = options.book.users.findIndex((u) => u.isActive);
  const personId = firstActive < 0 ? apiUserId : makeId('005', firstActive + 1);
  let baseUrl = '';
  let server: EmulatorServer | undefined;
  const ctx: EmulatorContext = {
    baseUrl: () => baseUrl,
    catalog,
    tables,
    clock,
    sessions: new Sessions(ORG_ID, options.tokenTtlSeconds ?? 7200),
    usage: new ApiUsage(() => {
      const fault = server?.getFaults().dailyApiLimit ?? Number.POSITIVE_INFINITY;
      return Number.isFinite(fault) ? fault : (options.dailyApiLimit ?? 100_000);
    }),
    cursors: new CursorRegistry(),
    faults: () => (server as EmulatorServer).getFaults(),
    orgId: ORG_ID,
    apiUserId,
    credentials,
  };

  const router = new Router();
  registerOAuthRoutes(router, ctx);
  registerDescribeRoutes(router, ctx);
  registerQueryRoutes(router, ctx, options.maxQueryBatch);
  registerReplicationRoutes(router, ctx);
  registerSObjectRoutes(router, ctx);
  registerCollectionRoutes(router, ctx);
  const bulk = registerBulk2Routes(router, ctx, { defaultPageSize: options.bulkPageSize ?? 500_000 });
  registerLimitsRoutes(router, ctx, bulk.jobsCreated);

  const notFound = (req: EmulatorRequest): EmulatorResponse => {
    try {
      if (req.path.startsWith('/services/data/v')) ctx.sessions.authenticate(req.headers.authorization, 0);
      const allowed = METHODS.filter((m) => {
        const hit = router.match(m, req.path);
        return hit !== undefined && hit !== 'wrong-method';
      });
      if (allowed.length > 0) {
        return new SalesforceApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are ${allowed.join(',')}`).toResponse();
      }
      return resourceNotFound().toResponse();
    } catch (error) {
      if (error instanceof SalesforceApiError) return error.toResponse();
      throw error;
    }
  };

  server = new EmulatorServer({
    router,
    contentType: JSON_TYPE,
    notFound,
    serverError: serverUnavailable,
    decorate: (req, res) => {
      // Every REST response carries the org's usage, except the free versions list and session errors.
      if (!/^\/services\/data\/v/.test(req.path) || res.status === 401) return;
      res.headers = { ...(res.headers ?? {}), 'Sforce-Limit-Info': ctx.usage.header() };
    },
  });
  baseUrl = await server.listen(options.port ?? 0);
  const running = server;

  return {
    url: baseUrl,
    credentials,
    setFaults: (faults, seed) => running.setFaults(faults, seed),
    callCounts: () => running.callCounts(),
    totalCalls: () => running.totalCalls(),
    resetCallCounts: () => running.resetCallCounts(),
    onRequest: (observer) => running.onRequest(observer),
    outcomeCounts: () => running.outcomeCounts(),
    store: new SalesforceStore(tables, clock, apiUserId, personId),
    apiUsage: () => ({ used: ctx.usage.used, max: ctx.usage.max }),
    expireSessions: () => ctx.sessions.expireAll(),
    issuedTokens: () => [...ctx.sessions.issued],
    close: () => running.close(),
  };
}
