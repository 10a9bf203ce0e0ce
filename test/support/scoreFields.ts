import { openConnector } from '../../src/cli/connectorsFor.js';
import type { ConnectorConfig } from '../../src/config/config.js';
import { scoreFieldSpecs } from '../../src/writeback/scoreFieldSpecs.js';

/** What `vitals setup-fields` does for one connector, before a test's runs: HubSpot creates the score properties and the unique task key. */
export async function ensureScoreFields(entry: ConnectorConfig): Promise<void> {
  const connector = await openConnector(entry);
  try {
    await connector.ensureFields(scoreFieldSpecs(entry.mapping));
  } finally {
    await connector.close();
  }
}
