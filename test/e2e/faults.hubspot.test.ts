import { describeFaultSuite } from '../support/faultSuite.js';

describe('fault suite: HubSpot', () => {
  describeFaultSuite('hubspot', { accounts: 350, kills: 10, seed: 902 });
});
