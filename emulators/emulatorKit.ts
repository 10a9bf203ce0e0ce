import type { CanonicalObject, CrmRecord } from '../src/contracts/connector.js';
import type { Book } from './book/bookTypes.js';
import type { RequestObserver } from './http/emulatorServer.js';
import type { EmulatorRequest } from './http/router.js';
import type { FaultSettings } from './http/faults.js';

/**
 * What a CRM emulator offers the demo, `vitals emulate`, the bench and the tests: how to start it
 * holding a book, how to point its connector at it, and how to read and edit its data as a person
 * working in the CRM would. A connector definition names its kit (`emulator:`); nothing outside
 * `emulators/`, the demo and `vitals emulate` loads one.
 */
export interface EmulatorKit<Native = unknown> {
  /** How people name the CRM ("Salesforce"). */
  label: string;
  /** The CRM's documented API shape: the yardstick of the fewest calls a job could make. */
  apiShape: ApiShape;
  start(options: EmulatorStart): Promise<RunningEmulator<Native>>;
}

/**
 * Org schemas an emulator can start as: `standard` is the schema the connectors' default mappings
 * expect; `renamed` holds the same data under an admin's own field names and picklist values;
 * `sparse` is a young org with none of the customer-success customisations.
 */
export const ORG_SCHEMAS = ['standard', 'renamed', 'sparse'] as const;
export type OrgSchemaName = (typeof ORG_SCHEMAS)[number];

/** An org whose records keep money in several currencies (Salesforce multi-currency, HubSpot multicurrency). */
export interface OrgCurrencies {
  /** ISO code of the corporate (Salesforce) / company (HubSpot) currency. */
  corporate: string;
  /** Every active currency, the corporate one included (rate 1): units of it per one corporate unit, and the share of accounts keeping their money in it. */
  currencies: { code: string; rate: number; share: number }[];
  /** Salesforce advanced currency management: dated rates (DatedConversionRate), one period per quarter, each moving the rate a few percent. Ignored by HubSpot. */
  dated?: boolean;
}

/**
 * A multi-currency org for tests and `vitals emulate --currencies`: USD corporate; 80% of accounts
 * in USD, 12% in EUR, 5% in GBP, 3% in JPY; Salesforce with dated rates.
 */
export const MULTI_CURRENCY_ORG: OrgCurrencies = {
  corporate: 'USD',
  currencies: [
    { code: 'USD', rate: 1, share: 0.8 },
    { code: 'EUR', rate: 0.92, share: 0.12 },
    { code: 'GBP', rate: 0.79, share: 0.05 },
    { code: 'JPY', rate: 151.2, share: 0.03 },
  ],
  dated: true,
};

export interface EmulatorStart {
  book: Book;
  /**
   * Start as a multi-currency org (see `OrgCurrencies` and `emulators/orgCurrencies.ts`): book
   * values are in the corporate currency; each account keeps its money in one currency.
   * @default undefined (a single-currency org, as before)
   */
  currencies?: OrgCurrencies;
  /**
   * Start as an org customised differently from the default one, for `vitals map` (which proposes
   * a mapping from the live schema) and its tests. `data` (CrmData) keeps assuming the standard
   * schema's field names.
   * @default 'standard'
   */
  schema?: OrgSchemaName;
  /** @default 0 (any free port) */
  port?: number;
  /**
   * `demo`: the CRM's documented limits and the well-known emulator credentials; `test`: credentials
   * unique to this start (tests check secrets never leak) and rate limits high enough that only
   * tests about limits meet them.
   * @default 'demo'
   */
  profile?: 'demo' | 'test';
  /** Log in with a stored OAuth refresh token instead of the CRM's default credentials. */
  auth?: 'default' | 'refresh-token';
  /** Small query pages, so a run makes enough calls for an injected fault to land on every phase. */
  smallPages?: boolean;
  /** A low limit over a short rolling window, for a CRM that limits that way (ignored by others). */
  rateLimit?: { requests: number; windowMs: number };
  /** Options of this emulator alone (Salesforce `taskKeyField`, HubSpot `searchIndexLagMs`, ...). */
  native?: Record<string, unknown>;
}

export interface RunningEmulator<Native = unknown> extends EmulatorControls {
  url: string;
  /** The `${...}` variables `connectorYaml` (and `config.example.yaml`) read, with their values. */
  env: Record<string, string>;
  /** For a person: the URL and how to log in (`vitals emulate` prints it). */
  login: string;
  /** A connector entry's keys (indented four spaces, `type:` first) reading `env` through `${...}`. */
  connectorYaml: string[];
  /** Secret values: the credentials `env` holds and every token the CRM has issued so far. */
  secrets(): string[];
  /** Other apps use up the current rate-limit window (a CRM with a rolling window only). */
  useUpRateWindow?(): void;
  /** Endpoint patterns (matched against `callCounts` keys) of the calls tests and the bench tell apart. */
  endpoints: EndpointPatterns;
  data: CrmData;
  /** The emulator itself, for tests of behaviour only this CRM has. */
  native: Native;
  close(): Promise<void>;
}

export interface ApiShape {
  /** Most records one pull call returns. */
  page: number;
  /** Fewest calls that list `owners` users. */
  ownersCalls(owners: number): number;
  /** Most records one batch write takes. */
  writeBatch: number;
  /** Fewest calls that learn nothing changed, with `owners` users (their listing may not filter by change). */
  noChangeCalls(owners: number): number;
  /**
   * A rate limit over a rolling window (HubSpot's 10 seconds): the bench lets it empty between
   * steps, as the minutes between scheduled runs do.
   */
  rollingWindowMs?: number;
  /** The HTTP status the CRM answers once the daily allowance is spent (Salesforce 403, HubSpot 429). */
  dailyLimitStatus: number;
}

/** What every emulator's server offers tests and the bench: faults, counters, a request observer, sessions. */
export interface EmulatorControls {
  setFaults(faults: Partial<FaultSettings>, seed?: number): void;
  /** Calls answered per endpoint pattern (`METHOD /path/:param`). */
  callCounts(): Record<string, number>;
  totalCalls(): number;
  resetCallCounts(): void;
  /** Answers by status (`"200"`, `"503"`...), plus injected `reset`s and `lost` answers. */
  outcomeCounts(): Record<string, number>;
  /** Calls counted against the CRM's daily allowance, and the allowance. */
  apiUsage(): { used: number; max: number };
  onRequest(observer: RequestObserver | undefined): void;
  /** Every access token stops working: clients must log in or refresh again. */
  expireSessions(): void;
}

/** The controls of an emulator, bound to it (a kit hands them on as its own). */
export function controlsOf(emulator: EmulatorControls): EmulatorControls {
  return {
    setFaults: (faults, seed) => emulator.setFaults(faults, seed),
    callCounts: () => emulator.callCounts(),
    totalCalls: () => emulator.totalCalls(),
    resetCallCounts: () => emulator.resetCallCounts(),
    outcomeCounts: () => emulator.outcomeCounts(),
    apiUsage: () => emulator.apiUsage(),
    onRequest: (observer) => emulator.onRequest(observer),
    expireSessions: () => emulator.expireSessions(),
  };
}

export interface EndpointPatterns {
  /** Score-field writes in batches (and task closes, which are updates by id). */
  fieldWrites: RegExp;
  /** Task creates in batches. */
  taskCreates: RegExp;
  /** Writes of one record a call. */
  singleWrites: RegExp;
  /** Log-in calls, outside the daily allowance where the CRM counts them apart. */
  login?: RegExp;
  /** Whether a request reads tasks back by their key (how the engine resolves a create whose answer was lost). */
  isTaskRead(request: EmulatorRequest): boolean;
  /** Whether a request lists ids only (the id sweep that finds records deleted for good). */
  isIdListing(request: EmulatorRequest): boolean;
}

/** A CRM task as a person sees it, in canonical terms (one entry per task: a duplicate shows twice). */
export interface CrmTaskView {
  id: string;
  key: string;
  account: string;
  owner: unknown;
  subject: unknown;
  due: unknown;
  priority: unknown;
  status: unknown;
  body: unknown;
}

/** The CRM's data, read and edited as a person would, never through the API the connector uses. */
export interface CrmData {
  /**
   * Every record of an object the CRM still knows of (deleted ones flagged), with the named fields of
   * `source` (its CRM object name), in the form the connector's pull hands the engine.
   */
  records(object: CanonicalObject, source: string, fields: readonly string[]): { record: CrmRecord; deleted: boolean }[];
  /** Ids of the live accounts, in the book's order. */
  accountIds(): string[];
  /** The named fields of every live account of `source`. */
  accountFields(source: string, fields: readonly string[]): Record<string, Record<string, unknown>>;
  /** Live tasks holding a value in `keyField`. */
  tasks(source: string, keyField: string): CrmTaskView[];
  /** A person adds a task holding `key` on an account (a copy of one the engine made, say). */
  addTask(source: string, keyField: string, task: { key: string; accountId: string; subject: string; dueDate: string }): string;
  /** A person creates an account with only a name; returns its id. */
  addAccount(name: string): string;
  /** A person edits fields of an account (CRM field names, values as the CRM's API takes them). */
  editAccount(id: string, fields: Record<string, unknown>): void;
  /** A person deletes a record (Salesforce's recycle bin, HubSpot's archive). */
  remove(object: CanonicalObject, id: string): void;
  /**
   * A record deleted for good, leaving no trace in any change feed: Salesforce's recycle bin
   * emptied (an account's opportunities and cases go with it), HubSpot's GDPR delete (its
   * associations dropped). Nothing but reading every id shows it is gone.
   */
  purge(object: CanonicalObject, id: string): void;
  /** A person brings a deleted account back. */
  restoreAccount(id: string): void;
  /** A person starts working on a task (status In Progress). */
  startTask(id: string): void;
  /** The bench's edit: a real value change of one record in `every` of accounts, opportunities and tickets. */
  changeEvery(every: number): Record<'accounts' | 'opportunities' | 'tickets', number>;
  /** An admin sets a currency's current exchange rate: units of `code` per one corporate unit. Stored record amounts do not change (as in the CRMs); what is read through the rates does. Throws for the corporate currency or a code the org lacks. */
  setCurrencyRate(code: string, perCorporate: number): void;
}

/** Indexes 0..count-1 spread evenly, one in `every` (the middle one of each run of `every`). */
export function* picked(count: number, every: number): Generator<number> {
  for (let i = Math.floor(every / 2); i < count; i += every) yield i;
}
