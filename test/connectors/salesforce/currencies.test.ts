import { generateBook } from '../../../emulators/book/generateBook.js';
import { MULTI_CURRENCY_ORG } from '../../../emulators/emulatorKit.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import type { Connector } from '../../../src/contracts/connector.js';
import { useTempDir } from '../../support/tempDir.js';
import { AS_OF } from '../../emulators/salesforce/fixture.js';
import { opener, orgConfig } from './fixture.js';

/**
 * What the contract suite (test/contract/currencies.test.ts) cannot show on the emulator's own
 * data: DatedConversionRate.NextStartDate is nillable, and an org may close the period still in
 * force with a far-future date (9999-12-31) instead of null; either way the period has no `to`.
 */
describe('salesforce connector: currencies', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let connector: Connector;
  afterEach(async () => {
    await connector.close();
    await emulator.close();
  });

  it('reads a far-future NextStartDate as a period still in force', async () => {
    emulator = await startSalesforceEmulator({ book: generateBook({ accounts: 20, seed: 3, asOf: AS_OF }), currencies: MULTI_CURRENCY_ORG });
    const open = emulator.store.query('SELECT Id, IsoCode FROM DatedConversionRate WHERE NextStartDate = null');
    expect(open).toHaveLength(MULTI_CURRENCY_ORG.currencies.length);
    for (const row of open) emulator.store.update('DatedConversionRate', row.Id as string, { NextStartDate: '9999-12-31' }, { asSystem: true });

    connector = await opener()((await orgConfig(dir(), emulator)).connectors[0]!);
    const facts = (await connector.currencies!())!;
    for (const { code } of MULTI_CURRENCY_ORG.currencies) {
      const periods = facts.dated.filter((r) => r.code === code);
      expect(periods.filter((p) => p.to === undefined)).toHaveLength(1);
      expect(periods[periods.length - 1]).not.toHaveProperty('to');
    }
    expect(facts.dated.some((p) => p.to?.startsWith('9999'))).toBe(false);
  });
});
