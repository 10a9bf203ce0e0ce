import type { Connection } from 'jsforce';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { API_VERSION, clientCredentialsConnection, rejectionOf, startOrg } from './fixture.js';

type Row = Record<string, unknown>;

async function collect(stream: AsyncIterable<unknown>): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of stream) rows.push(row as Row);
  return rows;
}

describe('Salesforce emulator: Bulk API 2.0 query jobs', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;
  beforeEach(async () => {
    emulator = await startOrg();
    conn = await clientCredentialsConnection(emulator);
    conn.bulk2.pollInterval = 20;
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('runs a query job end to end through conn.bulk2.query', async () => {
    const stream = await conn.bulk2.query('SELECT Id, Name, Account.Name, Amount, CloseDate, SystemModstamp FROM Opportunity WHERE IsWon = true ORDER BY Name');
    const rows = await collect(stream);
    expect(rows).toHaveLength(25);
    expect(rows[0]).toEqual({
      Id: emulator.store.idOf('Opportunity', 0),
      Name: 'Renewal 0',
      'Account.Name': 'Account 000',
      Amount: '1000',
      CloseDate: '2024-06-30',
      SystemModstamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
  });

  it('includes deleted rows for queryAll jobs only', async () => {
    emulator.store.delete('Account', emulator.store.idOf('Account', 0));
    const live = await collect(await conn.bulk2.query('SELECT Id FROM Account'));
    const all = await collect(await conn.bulk2.query('SELECT Id, IsDeleted FROM Account', { scanAll: true }));
    expect([live.length, all.length]).toEqual([24, 25]);
    expect(all.filter((r) => r.IsDeleted === 'true')).toHaveLength(1);
  });

  it('pages results by maxRecords with Sforce-Locator, ending with the literal "null"', async () => {
    const base = `${emulator.url}/services/data/v${API_VERSION}/jobs/query`;
    const headers = { Authorization: `Bearer ${conn.accessToken ?? ''}`, 'Content-Type': 'application/json' };
    const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ operation: 'query', query: 'SELECT Id, Subject FROM Case' }) });
    const job = (await created.json()) as { id: string; state: string; object: string };
    expect(job).toMatchObject({ state: 'UploadComplete', object: 'Case' });
    let state = '';
    while (state !== 'JobComplete') {
      state = ((await (await fetch(`${base}/${job.id}`, { headers })).json()) as { state: string }).state;
    }
    const early = await fetch(`${base}/${job.id}/results?maxRecords=20`, { headers: { ...headers, Accept: 'text/csv' } });
    expect(early.headers.get('content-type')).toBe('text/csv');
    expect(early.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
    let locator = early.headers.get('sforce-locator');
    const pages = [early.headers.get('sforce-numberofrecords')];
    const lines = (await early.text()).trim().split('\n');
    expect(lines[0]).toBe('"Id","Subject"');
    while (locator !== 'null') {
      const page = await fetch(`${base}/${job.id}/results?maxRecords=20&locator=${locator ?? ''}`, { headers });
      pages.push(page.headers.get('sforce-numberofrecords'));
      locator = page.headers.get('sforce-locator');
      lines.push(...(await page.text()).trim().split('\n').slice(1));
    }
    expect(pages).toEqual(['20', '20', '10']);
    expect(lines).toHaveLength(51);
    expect((await fetch(`${base}/${job.id}`, { method: 'DELETE', headers })).status).toBe(204);
  });

  it('rejects queries Bulk API 2.0 cannot run and bad SOQL when the job is created', async () => {
    const count = await rejectionOf(conn.bulk2.query('SELECT COUNT() FROM Account'));
    expect(count.message).toContain('Aggregate functions are not supported');
    const bad = await rejectionOf(conn.bulk2.query('SELECT Nope FROM Account'));
    expect(bad.message).toContain("No such column 'Nope'");
    // jsforce fires a clean-up DELETE after a failed job without awaiting it; let it land before
    // the server closes, or jsforce keeps retrying it against a closed port.
    const deletes = (): number => emulator.callCounts()['DELETE /services/data/:version/jobs/query/:id'] ?? 0;
    while (deletes() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  });
});
