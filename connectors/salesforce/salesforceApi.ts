import type { HttpRequest, HttpResponse } from 'jsforce';
import type PQueue from 'p-queue';
import { FatalError, type Logger } from '../../src/contracts/connector.js';
// jsforce's public request methods return the body only; Bulk 2.0 paging needs the Sforce-Locator
// header and retry decisions need the status, so calls go through its HttpApi (pinned version).
import { BulkResultsHttpApi } from './bulkCsv.js';
import type { ApiBudgetTracker } from '../shared/apiBudget.js';
import { withRetry, type RetryOptions } from '../shared/retryPolicy.js';
import { classifyError, type Exchange } from './errors.js';
import type { SalesforceSession } from './session.js';

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below `/services/data/vXX.X` (e.g. `/query`), or an absolute URL (the identity URL). */
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Ask for CSV (Bulk API 2.0 results); the answer is parsed into one object per row. */
  csv?: boolean;
  /**
   * Safe to send again after a failure that may have reached Salesforce: reads, updates, upserts
   * by external id. A plain create is not (a retried create can make a duplicate). @default GET only
   */
  idempotent?: boolean;
}

export interface ApiResponse<T> {
  body: T;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
}

interface LimitsBody {
  DailyApiRequests?: { Max: number; Remaining: number };
}

/**
 * The one way the connector talks to Salesforce: every call waits its turn in the connector's
 * queue, is counted against the run's API budget (which stops the run before the reserve), and is
 * retried by the shared policy. jsforce's own retries are switched off on these calls, so failures
 * are not retried twice over (jsforce alone would spend 15 s on one failing GET).
 */
export class SalesforceApi {
  private started: Promise<void> | undefined;

  constructor(
    private readonly connector: string,
    readonly session: SalesforceSession,
    readonly budget: ApiBudgetTracker,
    private readonly queue: PQueue,
    private readonly retry: RetryOptions,
    private readonly log: Logger,
  ) {}

  /** Logs in and reads `/limits` into the budget, once per run, before the first real call. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.session.login();
      const { body } = await this.send<LimitsBody>({ method: 'GET', path: '/limits' });
      const daily = body.DailyApiRequests;
      if (daily) this.budget.observe(daily.Max, daily.Remaining);
    })().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  async call<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    await this.start();
    return this.send<T>(request);
  }

  private send<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    const idempotent = request.idempotent ?? request.method === 'GET';
    return withRetry(() => this.queue.add(() => this.once<T>(request)), {
      ...this.retry,
      attempts: idempotent ? this.retry.attempts : 1,
      onRetry: (error, attempt, delayMs) => this.log.warn('retrying Salesforce call', { call: `${request.method} ${request.path}`, attempt, delayMs, error: error.message }),
    });
  }

  private async once<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    this.budget.spend(1);
    const conn = this.session.conn;
    const exchange: Exchange = { method: request.method, path: request.path };
    // Bodies are parsed by their Content-Type (CSV results, JSON errors), so no responseType is forced.
    const http = new BulkResultsHttpApi(conn, { retry: { maxRetries: 0 }, noContentResponse: '' });
    let sessionErrors = 0;
    http.on('request', () => {
      exchange.status = undefined;
      exchange.headers = undefined;
    });
    http.on('response', (response: HttpResponse) => {
      exchange.status = response.statusCode;
      exchange.headers = response.headers;
      this.observeLimits(response.headers?.['sforce-limit-info']);
      // jsforce re-authenticates and replays on every 401; a second one means the fresh session
      // is refused too, and replaying again would loop forever.
      if (response.statusCode === 401 && ++sessionErrors > 1) {
        throw new FatalError('SALESFORCE_SESSION', `${request.method} ${request.path}: Salesforce refused a freshly re-authenticated session (check the integration user's API access)`);
      }
    });
    const httpRequest: HttpRequest = {
      method: request.method,
      url: this.url(request),
      headers: {
        ...(request.csv ? { Accept: 'text/csv' } : {}),
        ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...request.headers,
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    };
    try {
      const body = await http.request<T>(httpRequest);
      return { body, headers: exchange.headers ?? {} };
    } catch (error) {
      const budget = this.budget.snapshot();
      throw classifyError(error, exchange, this.connector, { used: budget.callsThisRun, reserve: budget.reserve });
    }
  }

  private url(request: ApiRequest): string {
    const conn = this.session.conn;
    const base = /^https?:\/\//.test(request.path) ? request.path : `${conn.instanceUrl}/services/data/v${conn.version}${request.path}`;
    const query = Object.entries(request.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return query ? `${base}${base.includes('?') ? '&' : '?'}${query}` : base;
  }

  /** `Sforce-Limit-Info: api-usage=USED/MAX` is on every REST answer: the freshest view of the allowance. */
  private observeLimits(header: string | undefined): void {
    const usage = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
    if (usage) this.budget.observe(Number(usage[2]), Number(usage[2]) - Number(usage[1]));
  }
}
