import { describeFaultSuite } from '../support/faultSuite.js';

// Salesforce's REST API has no short-window rate limit (it never answers 429; the daily
// allowance is its limit), so the 429 storm runs against HubSpot only.
describe('fault suite: Salesforce', () => {
  describeFaultSuite('salesforce', { accounts: 250, kills: 10, seed: 901 });
});
