import { emulatedConnectors } from '../../emulators/registry.js';
import { describeFaultSuite } from '../support/faultSuite.js';

// A CRM that limits calls over a rolling window (HubSpot's 10 seconds) gets the 429 storm too;
// Salesforce's REST API never answers 429 (its daily allowance is its limit).
const crms = await emulatedConnectors();

describe.each(crms.map((c, i) => [c.kit.label, c, i] as const))('fault suite: %s', (_label, { type, kit }, i) => {
  describeFaultSuite(type, { accounts: 350, kills: 10, seed: 901 + i, rateWindow: kit.apiShape.rollingWindowMs !== undefined });
});
