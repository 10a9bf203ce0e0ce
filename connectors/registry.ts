import type { ConnectorDefinition } from '../src/contracts/connector.js';
import { hubspotConnector } from './hubspot/definition.js';
import { salesforceConnector } from './salesforce/definition.js';
import { loadModuleDefinition } from '../src/model/moduleDefinition.js';

/** Built-in connector types. Adding a CRM: a folder beside this file and one line here. */
export const builtinConnectors: readonly ConnectorDefinition<any>[] = [salesforceConnector, hubspotConnector];

/** The `type:` that loads a connector from outside the project. */
export const MODULE_TYPE = 'module';

export function builtinConnector(type: string): ConnectorDefinition<unknown> | undefined {
  return builtinConnectors.find((d) => d.type === type);
}

export function connectorTypes(): string[] {
  return [...builtinConnectors.map((d) => d.type), MODULE_TYPE];
}

/**
 * Loads an external connector: a path (relative to the config file) or a package name. The module
 * exports a `ConnectorDefinition` as default or as `connector`. Returns a message when it does not.
 */
export async function loadModuleConnector(specifier: string, baseDir: string): Promise<ConnectorDefinition<unknown> | string> {
  const loaded = await loadModuleDefinition(specifier, baseDir, 'connector', 'connector definition');
  return typeof loaded === 'string' ? loaded : (loaded as unknown as ConnectorDefinition<unknown>);
}
