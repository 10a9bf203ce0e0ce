import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliverRunAlerts } from '../../src/alerts/index.js';
import type { Config } from '../../src/config/config.js';
import { generateBook } from '../../emulators/book/generateBook.js';
import { configureLogging, createLogger } from '../../src/log/logger.js';
import { scoreConnectorPass } from '../../src/scoring/scorePass.js';
import { recordLinkTemplate } from '../../state/crmLinks.js';
import { openState, type State } from '../../state/openState.js';
import { finishRun, startRun } from '../../state/runs.js';
import { BOOK_CONNECTOR, bookToState } from '../support/bookToState.js';
import { DAY_MS } from '../../src/model/time.js';
import { LINK_TEMPLATE, reportConfig } from '../support/reportFixture.js';

/**
 * Alerts against a real HTTP receiver on 127.0.0.1: one digest per webhook and run with the
 * accounts the state says crossed, nothing sent twice for a run, and receivers that fail, refuse
 * or stall retried, recorded and never a failure of the run, with the webhook URLs (secrets)
 * kept out of logs and the state.
 */
const SECRET = 'T0001/B0002/s3cr3t-t0k3n-abcdef';
const RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

interface Received {
  path: string;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

let server: Server;
let base: string;
const received: Received[] = [];
/** Per path: how many requests to fail (500) or stall before answering 200. */
const behaviour = new Map<string, { fail?: number; stall?: number; always?: number }>();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      const b = behaviour.get(path) ?? {};
      if (b.always) return void res.writeHead(b.always).end(`no_service ${path}`);
      if (b.stall) {
        b.stall -= 1;
        return; // never answers: the client's timeout must fire
      }
      if (b.fail) {
        b.fail -= 1;
        return void res.writeHead(503, { 'retry-after': '0' }).end('try later');
      }
      received.push({ path, body: JSON.parse(text) as Record<string, unknown>, headers: req.headers });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let dir: string;
let state: State;
let config: Config;
const logLines: string[] = [];
const log = createLogger('test.alerts');

beforeEach(async () => {
  received.length = 0;
  behaviour.clear();
  logLines.length = 0;
  configureLogging({ level: 'debug', json: true, sink: { write: (line) => logLines.push(line), isTTY: false } });
  dir = mkdtempSync(join(tmpdir(), 'vitals-alerts-'));
  config = await reportConfig(
    dir,
    [
      'alerts:',
      '  riskThreshold: 40',
      '  maxAccounts: 100',
      '  attempts: 3',
      '  timeoutSeconds: 1',
      '  webhooks:',
      `    - { name: slack, url: "${base}/services/${SECRET}", format: slack }`,
      `    - { name: json, url: "${base}/json?key=${SECRET}-json", on: [red, risk, run-failed] }`,
      `    - { name: failures-only, url: "${base}/failures", on: [run-failed] }`,
      '',
    ].join('\n'),
  );
  state = openState(config.statePath);
  bookToState(state, generateBook({ accounts: 400, seed: 5 }));
  recordLinkTemplate(state, BOOK_CONNECTOR, 'companies', LINK_TEMPLATE);
});
afterEach(() => {
  state.close();
  rmSync(dir, { recursive: true, force: true });
  configureLogging({ level: 'error', json: undefined, sink: { write: (line) => process.stderr.write(line), isTTY: false } });
});

/** A `vitals run` as far as alerts care: a run row and its scoring pass at `daysAgo`. */
function scoredRun(daysAgo: number): number {
  const run = startRun(state, 'run');
  scoreConnectorPass(state, config, BOOK_CONNECTOR, run, Date.now() - daysAgo * DAY_MS);
  finishRun(state, run, { status: 'ok' });
  return run;
}

const outcome = (runId: number, ok = true, failures: string[] = []) => ({ runId, ok, failures, connectors: [BOOK_CONNECTOR] });

/** What the state says crossed between the last two passes, computed here from the snapshots. */
function expectedCrossings(): { red: string[]; risk: string[] } {
  const [now, before] = state.db.prepare('SELECT as_of FROM score_passes WHERE connector = ? ORDER BY as_of DESC LIMIT 2').raw().all(BOOK_CONNECTOR) as [string][];
  const pass = (asOf: string) =>
    new Map((state.db.prepare('SELECT account_id, band, churn_risk FROM score_snapshots WHERE connector = ? AND as_of = ?').raw().all(BOOK_CONNECTOR, asOf) as [string, string, number][]).map(([id, band, risk]) => [id, { band, risk }]));
  const current = pass(now![0]);
  const previous = pass(before![0]);
  const red: string[] = [];
  const risk: string[] = [];
  for (const [id, c] of current) {
    const p = previous.get(id);
    if (c.band === 'red' && p?.band !== 'red') red.push(id);
    if (c.risk >= 0.4 && (!p || p.risk < 0.4)) risk.push(id);
  }
  return { red: red.sort(), risk: risk.sort() };
}

const ids = (list: unknown): string[] => ((list as { accounts: { id: string }[] }).accounts.map((a) => a.id)).sort();

describe('deliverRunAlerts against a local receiver', () => {
  it('sends nothing for the first pass (a baseline) of a run that went well', async () => {
    const deliveries = await deliverRunAlerts(state, config, outcome(scoredRun(10)), log, { retry: RETRY });
    expect(deliveries).toEqual([]);
    expect(received).toEqual([]);
  });

  it('sends one digest per webhook and run, with the accounts that crossed and links to their records', async () => {
    scoredRun(10);
    const run = scoredRun(0);
    const expected = expectedCrossings();
    expect(expected.red.length).toBeGreaterThan(0);
    expect(expected.risk.length).toBeGreaterThan(0);
    expect(expected.red.length + expected.risk.length).toBeLessThanOrEqual(100); // every account is listed, none only counted

    const deliveries = await deliverRunAlerts(state, config, outcome(run), log, { retry: RETRY });
    expect(deliveries.map((d) => [d.webhook, d.status, d.attempts]).sort()).toEqual([['json', 'delivered', 1], ['slack', 'delivered', 1]]);
    expect(received.map((r) => r.path.split('?')[0]).sort()).toEqual(['/json', `/services/${SECRET}`]);

    const json = received.find((r) => r.path.startsWith('/json'))!;
    expect(ids(json.body.enteredRed)).toEqual(expected.red);
    expect(ids(json.body.riskCrossed)).toEqual(expected.risk);
    expect(json.body.runFailed).toBeNull();
    const first = (json.body.enteredRed as { accounts: { id: string; url: string; band: string; churnRisk: number }[] }).accounts[0]!;
    expect(first).toMatchObject({ band: 'red', url: LINK_TEMPLATE.replace('{id}', first.id) });
    expect(json.headers['idempotency-key']).toBe(`crm-vitals-run-${run}-json`);

    const slack = received.find((r) => r.path.startsWith('/services'))!.body as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(slack.text).toBe(`crm-vitals: ${expected.red.length} account${expected.red.length === 1 ? '' : 's'} entered red, ${expected.risk.length} crossed 40% churn risk`);
    expect(slack.blocks[0]!.type).toBe('header');
    const mrkdwn = slack.blocks.filter((b) => b.type === 'section').map((b) => b.text!.text).join('\n');
    for (const id of expected.red) expect(mrkdwn).toContain(`<${LINK_TEMPLATE.replace('{id}', id)}|`);
    for (const block of slack.blocks) if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);

    // The same run again (a retried call site): nothing is sent twice.
    expect(await deliverRunAlerts(state, config, outcome(run), log, { retry: RETRY })).toEqual([]);
    expect(received).toHaveLength(2);
    expect(state.db.prepare('SELECT webhook, status FROM alert_deliveries WHERE run_id = ? ORDER BY webhook').all(run)).toEqual([
      { webhook: 'json', status: 'delivered' },
      { webhook: 'slack', status: 'delivered' },
    ]);
  });

  it('tells a failed run to every webhook listening for it, and alerts no account from an older pass', async () => {
    scoredRun(10);
    scoredRun(0);
    const failed = startRun(state, 'run');
    finishRun(state, failed, { status: 'failed' });
    const deliveries = await deliverRunAlerts(state, config, outcome(failed, false, [`book sync: POST ${base}/services/${SECRET} refused`]), log, { retry: RETRY });
    expect(deliveries.map((d) => d.webhook).sort()).toEqual(['failures-only', 'json', 'slack']);
    const json = received.find((r) => r.path.startsWith('/json'))!.body;
    expect(json).toMatchObject({ runFailed: { failures: [expect.stringContaining('book sync: POST [redacted]')] }, enteredRed: null, riskCrossed: null });
    expect(JSON.stringify(received.map((r) => r.body))).not.toContain(SECRET);
  });

  it('retries a failing, refusing or stalling receiver, records the outcome, never throws, and never leaks the URL', async () => {
    scoredRun(10);
    const run = scoredRun(0);
    behaviour.set(`/services/${SECRET}`, { always: 500 });
    behaviour.set(`/json?key=${SECRET}-json`, { stall: 1, fail: 1 });
    const deliveries = await deliverRunAlerts(state, config, outcome(run), log, { retry: RETRY });

    const slack = deliveries.find((d) => d.webhook === 'slack')!;
    expect(slack).toMatchObject({ status: 'failed', attempts: 3, httpStatus: 500 });
    expect(slack.error).toMatch(/^HTTP 500: no_service \[redacted\]/);
    const json = deliveries.find((d) => d.webhook === 'json')!;
    expect(json).toMatchObject({ status: 'delivered', attempts: 3, httpStatus: 200 });
    expect(received.filter((r) => r.path.startsWith('/json'))).toHaveLength(1);

    const stored = JSON.stringify(state.db.prepare('SELECT * FROM alert_deliveries').all());
    expect(stored).toContain('"status":"failed"');
    for (const text of [stored, logLines.join('\n')]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(base);
    }
    expect(logLines.some((l) => l.includes('"msg":"alert not delivered"') && l.includes('"alert":"slack"'))).toBe(true);
    expect(logLines.filter((l) => l.includes('alert delivery failed, retrying')).length).toBeGreaterThanOrEqual(4);
  });

  it('records a receiver nobody listens on as failed after its attempts', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const gone = await reportConfig(dir, `alerts:\n  attempts: 2\n  webhooks:\n    - { url: "http://127.0.0.1:${port}/gone" }\n`);
    const failed = startRun(state, 'run');
    const deliveries = await deliverRunAlerts(state, gone, outcome(failed, false, ['boom']), log, { retry: RETRY });
    expect(deliveries).toEqual([expect.objectContaining({ webhook: 'webhook-1', status: 'failed', attempts: 2, httpStatus: null, error: expect.stringContaining('ECONNREFUSED') })]);
  });
});
