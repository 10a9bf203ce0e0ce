import { defineConnector } from '../../src/contracts/connector.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { salesforceOptionsSchema } from './optionsSchema.js';

export const salesforceConnector = defineConnector({
  type: 'salesforce',
  description: 'Salesforce through jsforce: SOQL pulls, sObject Collections writes, Task records',
  optionsSchema: salesforceOptionsSchema,
  defaultMapping: packageFile('mappings', 'salesforce.yaml'),
  emulator: 'salesforce',
  async create(context) {
    // Loaded on first use: jsforce is large, and `vitals --help` or `validate --offline` never need it.
    const { createSalesforceConnector } = await import('./createSalesforceConnector.js');
    return createSalesforceConnector(context);
  },
});
