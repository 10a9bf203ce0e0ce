import type { UsageSourceDefinition } from '../contracts/usageSource.js';
import { filesUsageSource } from './sources/files/definition.js';
import { postgresUsageSource } from './sources/postgres/definition.js';
import { loadModuleDefinition } from '../model/moduleDefinition.js';

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
  const loaded = await loadModuleDefinition(specifier, baseDir, 'usageSource', 'usage source definition');
  return typeof loaded === 'string' ? loaded : (loaded as unknown as UsageSourceDefinition<unknown>);
}
