import { defineConnector } from '../../src/contracts/connector.js';
import { FatalError } from '../../src/errors.js';
import { packageFile } from '../../src/packagePaths.js';
import { hubspotOptionsSchema } from './optionsSchema.js';

export const hubspotConnector = defineConnector({
  type: 'hubspot',
  description: 'HubSpot through @hubspot/api-client: list/search pulls, batch property writes, tasks',
  optionsSchema: hubspotOptionsSchema,
  defaultMapping: packageFile('mappings', 'hubspot.yaml'),
  async create() {
    // The @hubspot/api-client implementation lands with issue #5.
    throw new FatalError('CONNECTOR_NOT_AVAILABLE', 'the hubspot connector is not available in this version yet');
  },
});
