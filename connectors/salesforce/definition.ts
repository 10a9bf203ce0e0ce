import { defineConnector } from '../../src/contracts/connector.js';
import { FatalError } from '../../src/errors.js';
import { packageFile } from '../../src/packagePaths.js';
import { salesforceOptionsSchema } from './optionsSchema.js';

export const salesforceConnector = defineConnector({
  type: 'salesforce',
  description: 'Salesforce through jsforce: SOQL pulls, sObject Collections writes, Task records',
  optionsSchema: salesforceOptionsSchema,
  defaultMapping: packageFile('mappings', 'salesforce.yaml'),
  async create() {
    // The jsforce implementation lands with issue #4; config and mapping validation work today.
    throw new FatalError('CONNECTOR_NOT_AVAILABLE', 'the salesforce connector is not available in this version yet');
  },
});
