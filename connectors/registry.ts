import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorDefinition } from '../src/contracts/connector.js';
import { hubspotConnector } from './hubspot/definition.js';
import { salesforceConnector } from './salesforce/definition.js';

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
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  const target = isPath ? pathToFileURL(resolve(baseDir, specifier)).href : specifier;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(target)) as Record<string, unknown>;
  } catch (error) {
    return `cannot load module "${specifier}": ${(error as Error).message.split('\n')[0]}`;
  }
  const candidate = (loaded.default ?? loaded.connector) as Partial<ConnectorDefinition<unknown>> | undefined;
  if (
    !candidate ||
    typeof candidate.type !== 'string' ||
    typeof candidate.create !== 'function' ||
    typeof candidate.optionsSchema?.safeParse !== 'function'
  ) {
    return `module "${specifier}" does not export a connector definition (default export or \`connector\` with type, optionsSchema and create)`;
  }
  return candidate as ConnectorDefinition<unknown>;
}
