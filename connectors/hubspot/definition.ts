import { defineConnector } from '../../src/contracts/connector.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { hubspotOptionsSchema } from './optionsSchema.js';

export const hubspotConnector = defineConnector({
  type: 'hubspot',
  description: 'HubSpot through @hubspot/api-client: list/search pulls, batch property writes, tasks',
  optionsSchema: hubspotOptionsSchema,
  defaultMapping: packageFile('mappings', 'hubspot.yaml'),
  emulator: 'hubspot',
  async create(context) {
    // Loaded on first use, so `vitals validate --offline` and the other CRM's runs never load the SDK.
    const { createHubSpotConnector } = await import('./createHubSpotConnector.js');
    return createHubSpotConnector(context);
  },
});
