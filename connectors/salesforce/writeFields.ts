import type { FieldUpdate, WriteResult } from '../../src/contracts/connector.js';
import { writeCollection } from './collections.js';
import type { SalesforceApi } from './salesforceApi.js';
import { identifier } from './soql.js';

/**
 * Field updates (score fields) through `PATCH /composite/sobjects`: 450 updates are 3 calls.
 * Records of different objects may share a call; Salesforce processes them in per-type chunks.
 */
export function writeFields(api: SalesforceApi, updates: FieldUpdate[]): Promise<WriteResult[]> {
  return writeCollection(api, {
    path: '/composite/sobjects',
    records: updates.map((u) => ({ attributes: { type: identifier(u.object) }, id: u.id, ...u.values })),
    keys: updates.map((u) => u.id),
  });
}
