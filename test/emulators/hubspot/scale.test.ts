import { describe, expect, it } from '@jest/globals';
import { startHubSpotEmulator } from '../../../emulators/hubspot/startHubSpotEmulator.js';
import { generateBook } from '../../../emulators/book/generateBook.js';
import { clientFor } from './fixture.js';

/** Minutes of CPU and gigabytes of memory: only with VITALS_SLOW=1. */
const slow = process.env.VITALS_SLOW === '1' ? describe : describe.skip;

const seconds = (from: number): number => Math.round((performance.now() - from) / 10) / 100;

slow('HubSpot emulator at 100,000 accounts', () => {
  it('starts in under 30 s and pages and searches fast', async () => {
    const t0 = performance.now();
    const book = generateBook({ accounts: 100_000, seed: 42, asOf: '2025-03-01T00:00:00.000Z' });
    const generated = seconds(t0);
    const t1 = performance.now();
    const emulator = await startHubSpotEmulator({ book, requestsPer10s: 100_000, searchPerSecond: 1000 });
    const started = seconds(t1);
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    try {
      const client = clientFor(emulator);
      const t2 = performance.now();
      let after: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await client.crm.deals.basicApi.getPage(100, after, ['dealname', 'amount', 'dealstage'], undefined, ['companies']);
        after = page.paging?.next?.after;
      }
      const listPages = seconds(t2);
      const body = (offset: string) =>
        ({
          filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: '0' }] }],
          sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
          properties: ['amount'],
          limit: 200,
          after: offset,
        }) as any;
      const t3 = performance.now();
      const first = await client.crm.deals.searchApi.doSearch(body('0'));
      const firstSearch = seconds(t3);
      const t4 = performance.now();
      for (let i = 1; i <= 10; i++) await client.crm.deals.searchApi.doSearch(body(String(i * 200)));
      const nextTen = seconds(t4);
      const t5 = performance.now();
      const tickets = await client.crm.tickets.searchApi.doSearch(body('0'));
      const ticketSearch = seconds(t5);
      console.log(
        JSON.stringify({
          accounts: book.accounts.length,
          deals: book.opportunities.length,
          tickets: book.tickets.length,
          generateBookS: generated,
          startEmulatorS: started,
          heapUsedMb: heapMb,
          rssMb: Math.round(process.memoryUsage().rss / 1e6),
          twentyListPagesS: listPages,
          firstSortedSearchS: firstSearch,
          nextTenSearchPagesS: nextTen,
          searchTotal: first.total,
          firstSortedTicketSearchS: ticketSearch,
          ticketTotal: tickets.total,
        }),
      );
      expect(started).toBeLessThan(30);
      expect(first.total).toBe(book.opportunities.length);
    } finally {
      await emulator.close();
    }
  }, 600_000);
});
