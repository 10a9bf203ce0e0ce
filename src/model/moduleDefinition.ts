import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a connector and a usage-source definition share: enough to tell a module exports one. */
export interface Definition {
  type: string;
  optionsSchema: { safeParse: (value: unknown) => unknown };
  create: (...args: never[]) => unknown;
}

/**
 * Loads a definition kept outside the project (`type: module`): a path, relative to the config
 * file, or a package name, whose module exports it as default or under `name`. Returns a message
 * saying what is wrong when it does not.
 */
export async function loadModuleDefinition(specifier: string, baseDir: string, name: string, what: string): Promise<Definition | string> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  const target = isPath ? pathToFileURL(resolve(baseDir, specifier)).href : specifier;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(target)) as Record<string, unknown>;
  } catch (error) {
    return `cannot load module "${specifier}": ${(error as Error).message.split('\n')[0]}`;
  }
  const candidate = (loaded.default ?? loaded[name]) as Partial<Definition> | undefined;
  if (!candidate || typeof candidate.type !== 'string' || typeof candidate.create !== 'function' || typeof candidate.optionsSchema?.safeParse !== 'function') {
    return `module "${specifier}" does not export a ${what} (default export or \`${name}\` with type, optionsSchema and create)`;
  }
  return candidate as Definition;
}
