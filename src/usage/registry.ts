import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UsageSourceDefinition } from '../contracts/usageSource.js';
import { filesUsageSource } from './sources/files/definition.js';
import { postgresUsageSource } from './sources/postgres/definition.js';

/** Built-in usage-source types. Adding one: a folder under `sources/` and one line here. */
export const builtinUsageSources: readonly UsageSourceDefinition<any>[] = [filesUsageSource, postgresUsageSource];

/** The `type:` that loads a usage source from outside the project. */
export const MODULE_TYPE = 'module';

export function builtinUsageSource(type: string): UsageSourceDefinition<unknown> | undefined {
  return builtinUsageSources.find((d) => d.type === type);
}

export function usageSourceTypes(): string[] {
  return [...builtinUsageSources.map((d) => d.type), MODULE_TYPE];
}

/**
 * Loads an external usage source: a path (relative to the config file) or a package name. The
 * module exports a `UsageSourceDefinition` as default or as `usageSource`. Returns a message when it does not.
 */
export async function loadModuleUsageSource(specifier: string, baseDir: string): Promise<UsageSourceDefinition<unknown> | string> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  const target = isPath ? pathToFileURL(resolve(baseDir, specifier)).href : specifier;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(target)) as Record<string, unknown>;
  } catch (error) {
    return `cannot load module "${specifier}": ${(error as Error).message.split('\n')[0]}`;
  }
  const candidate = (loaded.default ?? loaded.usageSource) as Partial<UsageSourceDefinition<unknown>> | undefined;
  if (
    !candidate ||
    typeof candidate.type !== 'string' ||
    typeof candidate.create !== 'function' ||
    typeof candidate.optionsSchema?.safeParse !== 'function'
  ) {
    return `module "${specifier}" does not export a usage source definition (default export or \`usageSource\` with type, optionsSchema and create)`;
  }
  return candidate as UsageSourceDefinition<unknown>;
}
