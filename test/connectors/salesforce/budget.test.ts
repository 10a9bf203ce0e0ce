import { startSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import type { State } from '../../../state/openState.js';
import { useTempDir } from '../../support/tempDir.js';
import { smallBook } from '../../emulators/salesforce/fixture.js';
import { opener, orgConfig } from './fixture.js';

describe('salesforce connector: the daily API budget', () => {
  const dir = useTempDir();
  let emulator: SalesforceEmulator;
  let state: State | undefined;
  afterEach(async () => {
    state?.close();
    state = undefined;
    await emulator.close();
  });

  it('check() reports a budget already inside the reserve', async () => {
    emulator = await startSalesforceEmulator({ book: smallBook(5), dailyApiLimit: 10 });
    const config = await orgConfig(dir(), emulator, { reserve: 90 });
    const connector = await opener()(config.connectors[0]!);
    const check = await connector.check();
    expect(check.ok).toBe(true);
    expect(check.problems).toEqual([
      'only 9 of 10 daily API calls are left and 9 are kept in reserve (limits.reserveDailyApiPercent: 90); a run would stop at once',
    ]);
    await connector.close();
  });
});
