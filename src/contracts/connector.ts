/**
 * The connector contract: everything the engine knows about a CRM, and the only engine module a
 * connector imports. Salesforce and HubSpot implement it in `connectors/<crm>/`; a connector
 * written outside the project implements it too and is loaded with `type: module`.
 *
 * Connectors move CRM-shaped records (field names as the CRM spells them). Mapping them to the
 * canonical model is the engine's job (`src/mapping/`), so a connector never needs to know what a
 * health score is.
 */
import type { z } from 'zod';
import type { Logger } from '../log/logger.js';

// Connectors signal what the engine should do through these classes (see src/model/errors.ts).
export { BudgetReserveReached, FatalError, RecordError, RetriableApiError, VitalsError } from '../model/errors.js';
export type { Logger } from '../log/logger.js';
/** Connectors that read UTC stamps in bulk take the same fast path as the mapping. */
export { canonicalUtc } from '../model/time.js';
/** Connectors register the access tokens a CRM issues them, so no log line or error shows one. */
export { registerSecret } from '../log/redact.js';

/** The canonical objects the engine pulls. */
export type CanonicalObject = 'accounts' | 'opportunities' | 'tickets' | 'owners';
export const canonicalObjects: readonly CanonicalObject[] = ['accounts', 'opportunities', 'tickets', 'owners'];

/** A record as the CRM returns it: field (property) names to values. */
export interface CrmRecord {
  /** The CRM's id for the record. */
  id: string;
  /** Field values keyed by CRM field name; `null` when the CRM holds no value. */
  fields: Record<string, unknown>;
  /** When the CRM last changed the record (ISO-8601), used for ordering and conflict checks. */
  modifiedAt: string;
  /**
   * Ids of associated records (HubSpot associations), keyed by the CRM object named in the
   * request's `associations`, primary first.
   */
  links?: Record<string, string[]>;
}

/**
 * Where a pull stands, as the connector wants it saved. Opaque to the engine, JSON-serialisable,
 * stored in the same transaction as the page it follows.
 */
export type Cursor = Record<string, unknown>;

export interface PulledPage {
  /** Records created or changed since the cursor. */
  records: CrmRecord[];
  /** Ids deleted (Salesforce `IsDeleted`, HubSpot `archived`) since the cursor. */
  deletedIds: string[];
  /** The cursor to store once this page is committed; resuming from it never skips or repeats a record. */
  cursor: Cursor;
  /**
   * How many of `records` an earlier pull already stored and are read again on purpose, and why
   * ("HubSpot search lags writes by up to 5 min"): the sync summary says so, since otherwise a
   * quiet CRM seems to change on every run.
   */
  reread?: { records: number; why: string };
}

export interface PullRequest {
  object: CanonicalObject;
  /** The CRM object to read (from the mapping, e.g. `Account`, `companies`). */
  source: string;
  /** CRM fields to read (validated identifiers from the mapping). */
  fields: string[];
  /** Associated CRM objects whose ids each record must carry in `links` (e.g. `companies`). */
  associations: string[];
  /** Saved cursor, or null for a full pull from the beginning. */
  since: Cursor | null;
  /** Only records modified at or after this instant (backfill `--since`). */
  modifiedSince?: string;
  /** Stops the pull between pages (SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

/** What a CRM field holds, in words every CRM's types reduce to (for proposing a mapping). */
export type FieldKind = 'text' | 'picklist' | 'number' | 'date' | 'datetime' | 'boolean' | 'reference' | 'other';

/**
 * One currency's rate against the org's corporate currency, in Salesforce's direction: units of
 * `code` per one corporate unit (EUR 0.92 when the corporate currency is USD).
 */
export interface CurrencyRate {
  code: string;
  perCorporate: number;
  /** Dated rates only: the first day it is in force (`YYYY-MM-DD`). */
  from?: string;
  /** Dated rates only: the day the next rate takes over (exclusive); absent while it is in force. */
  to?: string;
}

/** How a multi-currency org keeps its money (`Connector.currencies`). */
export interface CurrencyFacts {
  /** ISO code of the corporate (Salesforce) / company (HubSpot) currency. */
  corporate: string;
  /** Every active currency's current rate, the corporate one included at 1. */
  rates: CurrencyRate[];
  /**
   * Rates by period (Salesforce advanced currency management's DatedConversionRate): an
   * opportunity's amount converts at the rate in force on its close date. Empty when the CRM keeps
   * one rate per currency.
   */
  dated: CurrencyRate[];
  /** The field holding each record's currency code, by CRM object (`{ Opportunity: 'CurrencyIsoCode' }`). */
  recordFields: Record<string, string>;
}

/** A CRM field as the live schema describes it (Salesforce describe, HubSpot properties API). */
export interface FieldDescription {
  name: string;
  label: string;
  /** The CRM's own type name (`double`, `string`, `number`, `enumeration`, ...). */
  type: string;
  /** The CRM type reduced to a kind; without it `vitals map` matches the field on name and label alone. */
  kind?: FieldKind;
  updateable: boolean;
  /** Allowed values for picklists/enumerations, each with the label people see in the CRM. */
  options?: { value: string; label: string }[];
}

export interface FieldUpdate {
  /** CRM object, e.g. `Account` or `companies`. */
  object: string;
  id: string;
  /** CRM field name to new value (null clears the field). */
  values: Record<string, string | number | boolean | null>;
}

/**
 * A CSM task to write: created when it has no `crmId`, otherwise that CRM task is updated. The
 * dedupe key is stored on the CRM task; the engine, not the CRM, keeps it to one task per key.
 */
export interface TaskUpsert {
  dedupeKey: string;
  /** The CRM id of the task to update; absent for a task to create. */
  crmId?: string;
  accountId: string;
  ownerId: string | null;
  subject: string;
  body: string;
  /** Due date, `YYYY-MM-DD`. */
  dueDate: string;
  priority: 'high' | 'normal' | 'low';
  status: 'open' | 'completed';
}

/** A dedupe key to look for, with the account its task belongs to (where HubSpot finds it). */
export interface TaskRef {
  key: string;
  accountId: string;
}

/** A task as the CRM holds it now, found by its dedupe key (`Connector.readTasks`). */
export interface CrmTask {
  key: string;
  id: string;
  /**
   * `open`: not started, as the engine created it. `in-progress`: a person moved it on (In
   * Progress, Waiting, Deferred). `completed`: done, whoever did it.
   */
  status: 'open' | 'in-progress' | 'completed';
  subject: string | null;
  /** `YYYY-MM-DD`. */
  dueDate: string | null;
  ownerId: string | null;
  /** When the CRM created it (ISO-8601): of two tasks holding one key, the oldest is kept. */
  createdAt: string | null;
  /** The last change was made by a user other than the integration user, when the CRM tells (Salesforce `LastModifiedById`). */
  editedByPerson?: boolean;
}

/** Per-record outcome of a batch write, in input order. Failures carry the CRM's own code. */
export type WriteResult =
  | { ok: true; id: string; key: string; created?: boolean }
  | {
      ok: false;
      key: string;
      errorCode: string;
      message: string;
      retriable: boolean;
      /** The record no longer exists in the CRM (deleted, merged away, purged): never retry, mark it deleted. */
      gone?: boolean;
    };

/** A field the engine needs in the CRM (score fields on accounts, the dedupe key on tasks). */
export interface FieldSpec {
  object: string;
  name: string;
  label: string;
  type: 'number' | 'percent' | 'text' | 'long-text' | 'datetime' | 'enumeration';
  options?: string[];
  /**
   * Holds the task dedupe key: a filterable text field. Uniqueness is the engine's job (HubSpot
   * has no unique properties on tasks), so none is required of the CRM.
   */
  taskKey?: boolean;
}

export interface EnsureFieldsResult {
  created: FieldSpec[];
  present: FieldSpec[];
  /** Fields the connector cannot create (Salesforce: an admin must), with what to do. */
  manual: { field: FieldSpec; instruction: string }[];
}

export interface ApiBudget {
  /** Calls this connector made since it was created (one run). */
  callsThisRun: number;
  /** The CRM's daily allowance and what is left of it, when the CRM reports them. */
  dailyLimit?: number;
  dailyRemaining?: number;
  /** Calls the configured reserve keeps back from the daily allowance. */
  reserve: number;
}

export interface CheckResult {
  ok: boolean;
  /** Who we are connected as and where, for the operator (never a secret). */
  identity: string;
  problems: string[];
  budget: ApiBudget;
}

/** One connected CRM, created per run. All methods may throw `VitalsError`s from `src/model/errors.ts`. */
export interface Connector {
  readonly name: string;
  readonly type: string;
  /** Largest batch `writeFields` and `writeTasks` accept per call (Salesforce 200, HubSpot 100). */
  readonly batchSize: { fields: number; tasks: number };
  /**
   * Largest page a full pull reads per call (Salesforce 2,000, HubSpot lists 100), so summaries
   * can set the calls spent against the minimum possible, ceil(records / pageSize) per object.
   */
  readonly pageSize?: number;
  /** Log in, read the API budget, report problems without throwing for ordinary ones. */
  check(): Promise<CheckResult>;
  /** The live schema of one CRM object. */
  describeFields(object: string): Promise<FieldDescription[]>;
  /** Pages of changes since the cursor, oldest first; ends when the CRM has nothing newer. */
  pull(request: PullRequest): AsyncIterable<PulledPage>;
  /**
   * How many live records a full pull of this object would read (modified at or after
   * `modifiedSince` when given), for a backfill's progress and ETA; null when the CRM cannot count
   * it cheaply. Optional: without it a backfill shows rate but no ETA.
   */
  countRecords?(request: Pick<PullRequest, 'object' | 'source' | 'modifiedSince'>): Promise<number | null>;
  /**
   * Where a person opens a record of `object` (e.g. `Account`, `companies`) in the CRM's web app:
   * a URL with `{id}` in place of the record id, for links in reports and alerts; null when the
   * connector cannot tell. Called after a pull, so it may use what logging in taught it (the
   * org's instance). Optional: without it reports and alerts name accounts without links.
   */
  recordUrlTemplate?(object: string): Promise<string | null>;
  /**
   * Days a deleted record still shows in the change feed `pull` follows (Salesforce's recycle bin
   * 15, HubSpot's archive 90). A sync whose last pull is older than this has missed deletes, so
   * the engine sweeps ids. Optional: without it the engine sweeps on its period alone.
   */
  readonly deleteRetentionDays?: number;
  /**
   * The ids of every live record of an object and nothing else, page by page (the id sweep that
   * finds records deleted for good, which no change feed shows), in the fewest calls the CRM
   * allows for reading ids. Stops between pages when `signal` fires. Optional: without it only a
   * full pull finds such deletes.
   */
  listIds?(request: Pick<PullRequest, 'object' | 'source' | 'signal'>): AsyncIterable<string[]>;
  /**
   * The org's corporate currency and exchange rates, read fresh (the engine calls it once per run
   * when the mapping maps a record currency, and converts at read time, so a rate change needs no
   * re-pull); null for a single-currency org. Optional: without it a mapped currency is refused.
   */
  currencies?(): Promise<CurrencyFacts | null>;
  /** Update fields on existing records, at most `batchSize.fields` per call. */
  writeFields(updates: FieldUpdate[]): Promise<WriteResult[]>;
  /**
   * Creates the tasks that have no `crmId` (associated to their account) and updates those that
   * have one, at most `batchSize.tasks` per call, one result per task. A create is never looked
   * up first and never re-sent after it may have reached the CRM: its failure is answered
   * `retriable`, and the engine finds out through `readTasks` whether it landed before it
   * creates again.
   */
  writeTasks(tasks: TaskUpsert[]): Promise<WriteResult[]>;
  /**
   * Every task holding one of these dedupe keys, duplicates included, as the CRM has them now,
   * read from a source that does not lag behind writes (HubSpot: the tasks associated with the
   * account, not search). Keys with no task are left out. At most `batchSize.tasks` refs per
   * call. Optional: without it the engine never auto-closes a task and cannot tell whether a
   * create whose answer was lost landed, so it sends it again (such a connector must then keep
   * tasks unique by key itself).
   */
  readTasks?(refs: TaskRef[]): Promise<CrmTask[]>;
  /**
   * Keys that more than one open task holds, from the cheapest scan of every open task the CRM
   * offers (it may lag behind writes, like HubSpot's search): candidates, which the engine
   * confirms through `readTasks` before it archives anything. Called once per run when the state
   * holds open tasks. Optional: without it a duplicate is only found when its key is read for
   * another reason (a close, a create tried before).
   */
  sharedTaskKeys?(): Promise<string[]>;
  /**
   * Removes tasks (HubSpot archives, Salesforce deletes): the younger copies when two tasks hold
   * one key. At most `batchSize.tasks` ids per call. A task already gone counts as removed.
   */
  archiveTasks?(ids: string[]): Promise<WriteResult[]>;
  /** Create the fields the engine writes, where the CRM allows it; idempotent. */
  ensureFields(fields: FieldSpec[]): Promise<EnsureFieldsResult>;
  /** Calls used and left; shared by pull and push within a run. */
  budget(): ApiBudget;
  close(): Promise<void>;
}

/** What the engine hands a connector factory. */
export interface ConnectorContext<Options> {
  /** The connector's `name:` from the config. */
  name: string;
  /** Connector-specific options, already validated by `optionsSchema`. */
  options: Options;
  logger: Logger;
  /** Where tasks go (the mapping's `tasks:` entry); connectors default to their CRM's usual names. */
  tasks?: { object: string; dedupeField: string };
}

/**
 * A connector type, declared as an object. Built-ins are listed in `connectors/registry.ts`; an
 * external module exports one as its default export (or as `connector`).
 */
export interface ConnectorDefinition<Options = unknown> {
  /** The `type:` value in the config. */
  type: string;
  description: string;
  /**
   * Validates the connector-specific keys of its config entry (everything besides `name`, `type`,
   * `mapping` and `mappingOverrides`; for `type: module`, the `options:` object). Must reject
   * unknown keys.
   */
  optionsSchema: z.ZodType<Options>;
  /** Absolute path of the mapping used when the config names none. */
  defaultMapping?: string;
  /**
   * Its emulator: a folder name under `emulators/` for a built-in connector, or a module (path or
   * package) whose default export is an `EmulatorKit`. The demo, `vitals emulate`, the bench and the
   * contract tests use it; a run never loads it. Optional for a connector kept outside the repository.
   */
  emulator?: string;
  create(context: ConnectorContext<Options>): Promise<Connector>;
}

export function defineConnector<Options>(definition: ConnectorDefinition<Options>): ConnectorDefinition<Options> {
  return definition;
}
