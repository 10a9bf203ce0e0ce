import { startSalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { generateBook } from '../../../emulators/book/generateBook.js';
import { clientCredentialsConnection } from './fixture.js';

/** Tens of seconds of CPU and a few gigabytes of memory: only with VITALS_SLOW=1. */
const slow = process.env.VITALS_SLOW === '1' ? describe : describe.skip;

const seconds = (from: number): number => Math.round((performance.now() - from) / 10) / 100;

slow('Salesforce emulator at 100,000 accounts', () => {
  it('starts in under 30 s and answers incremental queries, paging and bulk jobs fast', async () => {
    const t0 = performance.now();
    const book = generateBook({ accounts: 100_000, seed: 42, asOf: '2025-03-01T00:00:00.000Z' });
    const generated = seconds(t0);
    const t1 = performance.now();
    const emulator = await startSalesforceEmulator({ book });
    const started = seconds(t1);
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    try {
      const conn = await clientCredentialsConnection(emulator);
      const t2 = performance.now();
      const first = await conn.query<Record<string, unknown>>(
        'SELECT Id, AccountId, Priority, Status, IsClosed, CreatedDate, ClosedDate, SystemModstamp FROM Case WHERE SystemModstamp > 2020-01-01T00:00:00Z ORDER BY SystemModstamp ASC, Id ASC',
      );
      const firstPageS = seconds(t2);
      const t3 = performance.now();
      let next = first.nextRecordsUrl;
      for (let i = 0; i < 10 && next; i++) next = (await conn.queryMore(next)).nextRecordsUrl;
      const nextTenPagesS = seconds(t3);
      // The other incremental pattern: re-query from the last stamp with LIMIT instead of a locator.
      const t6 = performance.now();
      let cursor = '2020-01-01T00:00:00Z';
      for (let i = 0; i < 10; i++) {
        const page = await conn.query<Record<string, unknown>>(
          `SELECT Id, SystemModstamp FROM Case WHERE SystemModstamp > ${cursor} ORDER BY SystemModstamp ASC, Id ASC LIMIT 2000`,
        );
        cursor = String(page.records[page.records.length - 1]?.SystemModstamp);
      }
      const tenLimitQueriesS = seconds(t6);
      const t4 = performance.now();
      const count = await conn.query('SELECT COUNT() FROM Opportunity WHERE IsClosed = false');
      const countS = seconds(t4);
      const t5 = performance.now();
      conn.bulk2.pollInterval = 50;
      let bulkRows = 0;
      for await (const _ of await conn.bulk2.query('SELECT Id, Name, Segment__c, AnnualRevenue, SystemModstamp FROM Account')) bulkRows++;
      const bulkAccountsS = seconds(t5);
      console.log(
        JSON.stringify({
          accounts: book.accounts.length,
          opportunities: book.opportunities.length,
          cases: book.tickets.length,
          generateBookS: generated,
          startEmulatorS: started,
          heapUsedMb: heapMb,
          rssMb: Math.round(process.memoryUsage().rss / 1e6),
          firstSortedCasePageS: firstPageS,
          nextTenCasePagesS: nextTenPagesS,
          tenLimitQueriesS,
          countOpenOpportunitiesS: countS,
          bulkAllAccountsS: bulkAccountsS,
        }),
      );
      expect(started).toBeLessThan(30);
      expect(first.totalSize).toBe(book.tickets.length);
      expect(count.totalSize).toBe(book.opportunities.filter((o) => !o.isClosed).length);
      expect(bulkRows).toBe(100_000);
    } finally {
      await emulator.close();
    }
  }, 300_000);
});
