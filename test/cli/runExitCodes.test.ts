import { runCliAsync } from '../support/runCli.js';
import { serveBookWithConfig, type ServedBook } from '../support/demoBook.js';

/**
 * `vitals run` with two connectors where one cannot work: the exit code is the fatal one (3) so cron
 * alerting tells broken credentials or an unreachable CRM from a few rejected records (1), and the
 * summary names the connector; the other connector's work is done and kept.
 */
describe('vitals run exit codes, spawned CLI against both emulators', () => {
  let book: ServedBook;
  beforeAll(async () => {
    book = await serveBookWithConfig({ accounts: 40 });
  }, 60_000);
  afterAll(async () => book?.close());

  const run = (env: Record<string, string>) => runCliAsync(['-c', book.configFile, 'run'], { env: { ...book.env, ...env } });

  it('refused credentials on one connector: exit 3, the summary names it, the other connector ran', async () => {
    const result = await run({ SF_CLIENT_SECRET: 'rotated-and-wrong' });
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/acme-sf\n(?: .*\n)* {2}FAILED {2}sync: login to .* failed/);
    expect(result.stdout).toMatch(/^acme-sf: could not log in or reach the CRM/m);
    expect(result.stdout).toMatch(/acme-hs\n {2}sync {4}\d[\d,]* pulled/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('a CRM that does not answer (connection refused after retries): exit 3, named', async () => {
    const result = await run({ HUBSPOT_BASE_URL: 'http://127.0.0.1:9' });
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/^acme-hs: could not log in or reach the CRM/m);
    expect(result.stdout).toMatch(/acme-sf\n {2}sync {4}\d[\d,]* pulled/);
  }, 90_000);

  it('records the CRM refuses, with every connector reachable: exit 1', async () => {
    // HubSpot's score properties do not exist yet (no setup-fields): its writes are refused.
    const result = await run({});
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(/could not log in or reach the CRM/);
  }, 60_000);
});
