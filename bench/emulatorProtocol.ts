/** A connector type the bench measures (`salesforce`, `hubspot`, ...): any registered connector with an emulator. */
export type BenchCrm = string;

/** Records the emulated CRM holds, per canonical object. */
export interface RecordCounts {
  owners: number;
  accounts: number;
  opportunities: number;
  tickets: number;
}

/**
 * The kit's `ApiShape` as plain data (functions cannot cross IPC): the owner-dependent figures
 * computed for this book's owners.
 */
export interface BenchApiShape {
  page: number;
  writeBatch: number;
  rollingWindowMs?: number;
  /** Fewest calls that list this book's owners. */
  ownersCalls: number;
  /** Fewest calls that learn nothing changed, with this book's owners. */
  noChangeCalls: number;
}

/** The kit's endpoint patterns as `RegExp.source` strings. */
export interface BenchEndpoints {
  fieldWrites: string;
  taskCreates: string;
  singleWrites: string;
  login?: string;
}

export interface EmulatorInfo {
  crm: BenchCrm;
  /** How people name the CRM ("Salesforce"). */
  label: string;
  url: string;
  records: RecordCounts;
  /** The variables `connectorYaml` reads, with their values. */
  env: Record<string, string>;
  /** A connector entry's keys (indented four spaces, `type:` first). */
  connectorYaml: string[];
  apiShape: BenchApiShape;
  endpoints: BenchEndpoints;
}

/** Calls the emulator answered since the last reset, per endpoint pattern (`GET /crm/v3/objects/:objectType`). */
export interface CallCounts {
  total: number;
  byEndpoint: Record<string, number>;
}

export type EmulatorRequest =
  | { id: number; op: 'counts' }
  | { id: number; op: 'reset' }
  /** CPU time the emulator process has used, in ms (to tell the CRM's share of a step's time). */
  | { id: number; op: 'cpu' }
  /** Edit one record in `every` of accounts, opportunities and tickets. */
  | { id: number; op: 'change'; every: number }
  /** Ids of `count` accounts spread over the book, for the naive baseline's writes. */
  | { id: number; op: 'sampleIds'; count: number }
  | { id: number; op: 'close' };

export type EmulatorReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
