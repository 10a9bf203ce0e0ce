/** The CRMs the bench measures. */
export type BenchCrm = 'salesforce' | 'hubspot';

/** Records the emulated CRM holds, per canonical object. */
export interface RecordCounts {
  owners: number;
  accounts: number;
  opportunities: number;
  tickets: number;
}

export interface EmulatorInfo {
  crm: BenchCrm;
  url: string;
  records: RecordCounts;
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
