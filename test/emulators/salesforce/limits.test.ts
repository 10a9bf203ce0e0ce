import type { Connection } from 'jsforce';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { API_VERSION, clientCredentialsConnection, rejectionOf, startOrg } from './fixture.js';

/** Documented statement and request limits of SOQL and the REST API. */
describe('Salesforce emulator: SOQL and request limits', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;
  beforeEach(async () => {
    emulator = await startOrg();
    conn = await clientCredentialsConnection(emulator);
  });
  afterEach(async () => {
    await emulator.close();
  });

  const bulkJob = (query: string) =>
    fetch(`${emulator.url}/services/data/v${API_VERSION}/jobs/query`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${conn.accessToken ?? ''}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ operation: 'query', query }),
    });

  it('refuses an OFFSET above 2,000 with NUMBER_OUTSIDE_VALID_RANGE', async () => {
    expect((await conn.query('SELECT Id FROM Account ORDER BY Name LIMIT 10 OFFSET 2000')).records).toEqual([]);
    const refused = await rejectionOf(conn.query('SELECT Id FROM Account ORDER BY Name LIMIT 10 OFFSET 2001'));
    expect([refused.errorCode, refused.message]).toEqual(['NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000']);
  });

  it('refuses OFFSET in a Bulk API 2.0 query job', async () => {
    const res = await bulkJob('SELECT Id FROM Account OFFSET 5');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errorCode: string }[])[0]?.errorCode).toBe('INVALIDJOB');
  });

  it('refuses a SOQL statement longer than 100,000 characters with MALFORMED_QUERY', async () => {
    // Many short literals: each string in a WHERE clause stays far below its own 4,000-character limit.
    const padded = (length: number) => {
      const head = 'SELECT Id FROM Account WHERE Name IN (';
      const literals: string[] = [];
      let size = head.length + 1;
      while (size + 11 <= length) {
        literals.push(`'n${String(literals.length).padStart(7, '0')}'`);
        size += (literals.length === 1 ? 10 : 11);
      }
      const statement = `${head}${literals.join(',')})`;
      return statement + ' '.repeat(length - statement.length);
    };
    const atLimit = await bulkJob(padded(100_000));
    expect(atLimit.status).toBe(200);
    const over = await bulkJob(padded(100_001));
    expect(over.status).toBe(400);
    const [error] = (await over.json()) as { errorCode: string; message: string }[];
    expect(error?.errorCode).toBe('MALFORMED_QUERY');
    expect(error?.message).toContain('100000 characters');
  });

  it('answers a query URI over 16,384 bytes with 431 and no rows', async () => {
    const ids = Array.from({ length: 900 }, (_, i) => `'001000000000${String(i).padStart(3, '0')}AAA'`).join(',');
    const res = await fetch(`${emulator.url}/services/data/v${API_VERSION}/query?q=${encodeURIComponent(`SELECT Id FROM Account WHERE Id IN (${ids})`)}`, {
      headers: { Authorization: `Bearer ${conn.accessToken ?? ''}` },
    });
    // Salesforce documents 414 for a URI alone over the limit; Node's HTTP server, which the
    // emulator runs on, refuses the oversized request line as 431 before any handler sees it.
    expect(res.status).toBe(431);
  });
});
