import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinConnectors } from '../connectors/registry.js';
import type { ConnectorDefinition } from '../src/contracts/connector.js';
import type { EmulatorKit } from './emulatorKit.js';

export interface EmulatedConnector {
  /** The connector `type:` the emulator serves. */
  type: string;
  definition: ConnectorDefinition<unknown>;
  kit: EmulatorKit;
}

/**
 * The emulator a connector definition names: `emulators/<name>/kit.js` for a built-in one, else the
 * module's default export. Loaded by name so that adding a CRM touches only its own folders and
 * the connector registry.
 */
export async function loadEmulatorKit(definition: ConnectorDefinition<unknown>): Promise<EmulatorKit> {
  const name = definition.emulator;
  if (!name) throw new Error(`connector type "${definition.type}" names no emulator`);
  const specifier = /^[a-z0-9-]+$/.test(name) ? `./${name}/kit.js` : isAbsolute(name) ? pathToFileURL(name).href : name;
  const loaded = (await import(specifier)) as Record<string, unknown>;
  if (!isKit(loaded.default)) throw new Error(`${specifier} has no default export that is an emulator kit (label and start)`);
  return loaded.default;
}

/** Every built-in connector that has an emulator, in registry order. */
export async function emulatedConnectors(): Promise<EmulatedConnector[]> {
  const named = builtinConnectors.filter((d) => d.emulator);
  return Promise.all(named.map(async (definition) => ({ type: definition.type, definition, kit: await loadEmulatorKit(definition) })));
}

function isKit(value: unknown): value is EmulatorKit {
  return typeof value === 'object' && value !== null && typeof (value as EmulatorKit).start === 'function' && typeof (value as EmulatorKit).label === 'string';
}
