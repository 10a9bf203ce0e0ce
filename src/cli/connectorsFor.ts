import type { ConnectorConfig, Config } from '../config/config.js';
import type { Connector } from '../contracts/connector.js';
import { UsageError } from '../model/errors.js';
import { createLogger } from '../log/logger.js';

/** The connector entries a command works on (`--connector NAME` narrows it to one). */
export function selectConnectors(config: Config, name: string | undefined): ConnectorConfig[] {
  if (!name) return config.connectors;
  const found = config.connectors.filter((c) => c.name === name);
  if (found.length === 0) {
    throw new UsageError('UNKNOWN_CONNECTOR', `no connector named "${name}" in ${config.file}; configured: ${config.connectors.map((c) => c.name).join(', ')}`);
  }
  return found;
}

export async function openConnector(entry: ConnectorConfig): Promise<Connector> {
  // Only a command that declares `crm: false` loads a config this way, and it opens no connector.
  if (entry.unsetVariables) throw new Error(`connector ${entry.name} was loaded without ${entry.unsetVariables.join(', ')}, for a command that sends nothing to a CRM`);
  return entry.definition.create({ name: entry.name, options: entry.options, logger: createLogger(`connector.${entry.name}`), tasks: entry.mapping.tasks });
}
