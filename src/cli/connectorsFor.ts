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
  return entry.definition.create({ name: entry.name, options: entry.options, logger: createLogger(`connector.${entry.name}`), tasks: entry.mapping.tasks });
}

/** An AbortSignal fired by SIGINT/SIGTERM: work stops at the next checkpoint instead of mid-page. */
export function stopSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C means now
    process.stderr.write('vitals: stopping after the current page (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
