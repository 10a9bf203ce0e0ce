import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { noFaults, seededRandom, type FaultSettings } from './faults.js';
import { readBody, send, type EmulatorRequest, type EmulatorResponse, type Router } from './router.js';

export interface EmulatorServerOptions {
  router: Router;
  /** Content-Type sent with every JSON body (HubSpot insists on `;charset=utf-8`). */
  contentType: string;
  /** Body and status for unknown paths and wrong methods, in the emulated API's own error shape. */
  notFound: (req: EmulatorRequest) => EmulatorResponse;
  /** Body for an injected 5xx, in the emulated API's own error shape. */
  serverError: () => EmulatorResponse;
  /** Headers added to every reply (limit info, correlation ids). */
  decorate?: (req: EmulatorRequest, res: EmulatorResponse) => void;
  /** Seed for fault decisions. @default 1 */
  faultSeed?: number;
}

/**
 * Sees each request as it arrives, before it is answered: `endpoint` as in `callCounts`, `total`
 * counting it. It may inject a fault into this one request: `reset` (connection destroyed, the
 * request not carried out) or `lose-answer` (carried out, then the connection destroyed).
 */
/** Sees each request as it arrives: its endpoint pattern, the count so far, and the request itself (method, path, query, body). */
export type RequestObserver = (endpoint: string, total: number, request: EmulatorRequest) => void | 'reset' | 'lose-answer';

/**
 * HTTP plumbing shared by the emulators: 127.0.0.1 only, per-endpoint call counters readable by
 * tests, and transport fault injection (503s, connection resets, latency).
 */
export class EmulatorServer {
  private server: Server | undefined;
  private faults: FaultSettings = { ...noFaults };
  private random: () => number;
  private readonly counts = new Map<string, number>();
  private readonly outcomes = new Map<string, number>();
  private total = 0;
  private observer: RequestObserver | undefined;

  constructor(private readonly options: EmulatorServerOptions) {
    this.random = seededRandom(options.faultSeed ?? 1);
  }

  /** Replace fault settings (unspecified ones reset to none). */
  setFaults(faults: Partial<FaultSettings>, seed?: number): void {
    this.faults = { ...noFaults, ...faults };
    if (seed !== undefined) this.random = seededRandom(seed);
  }

  getFaults(): Readonly<FaultSettings> {
    return this.faults;
  }

  /** Calls per endpoint, keyed `METHOD pattern` (e.g. `GET /services/data/:version/query`). */
  callCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Answers by status (`"200"`, `"429"`...), plus `reset` (no answer) and `lost` (carried out, answer lost). */
  outcomeCounts(): Record<string, number> {
    return Object.fromEntries(this.outcomes);
  }

  totalCalls(): number {
    return this.total;
  }

  /** Tests that act at a given call (kill a client mid-run) watch requests here; undefined stops watching. */
  onRequest(observer: RequestObserver | undefined): void {
    this.observer = observer;
  }

  resetCallCounts(): void {
    this.counts.clear();
    this.outcomes.clear();
    this.total = 0;
  }

  private count(outcome: string): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  async listen(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          send(res, { status: 500, body: { message: String(error) } }, this.options.contentType);
        } else {
          res.destroy();
        }
      });
    });
    server.keepAliveTimeout = 1000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const { port: bound } = server.address() as AddressInfo;
    return `http://127.0.0.1:${bound}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: EmulatorRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      params: {},
      query: url.searchParams,
      headers: req.headers,
      body: parseBody(rawBody, req.headers['content-type']),
      rawBody,
    };
    const matched = this.options.router.match(request.method, request.path);
    const endpoint = matched && matched !== 'wrong-method' ? `${request.method} ${matched.route.pattern}` : `${request.method} (unmatched)`;
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
    this.total += 1;
    const injected = this.observer?.(endpoint, this.total, request);

    if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
    if (injected === 'reset' || (this.faults.connectionResetRate > 0 && this.random() < this.faults.connectionResetRate)) {
      this.count('reset');
      req.socket.destroy();
      return;
    }
    let response: EmulatorResponse;
    if (this.faults.failNext > 0) {
      this.faults.failNext -= 1;
      response = this.options.serverError();
    } else if (this.faults.serverErrorRate > 0 && this.random() < this.faults.serverErrorRate) {
      response = this.options.serverError();
    } else if (!matched || matched === 'wrong-method') {
      response = this.options.notFound(request);
    } else {
      request.params = matched.params;
      response = await matched.route.handler(request);
    }
    this.options.decorate?.(request, response);
    if (injected === 'lose-answer' || (this.faults.responseLossRate > 0 && this.random() < this.faults.responseLossRate)) {
      this.count('lost');
      req.socket.destroy();
      return;
    }
    this.count(String(response.status));
    send(res, response, this.options.contentType);
  }
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType?.includes('json') || /^\s*[[{]/.test(raw)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}
