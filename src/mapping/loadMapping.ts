import { relative } from 'node:path';
import { ConfigError, type ConfigProblem } from '../model/errors.js';
import { readYamlFile, type KeyPath } from '../config/yamlSource.js';
import { zodProblems } from '../config/zodProblems.js';
import { mappingSchema, type Mapping } from './mappingSchema.js';

/**
 * Reads a mapping file, merges the config's overrides over it and validates the result. Problems
 * name the mapping file and line (or the config's `mappingOverrides` when the override is wrong).
 */
export function loadMapping(
  file: string,
  overrides: Record<string, unknown> | undefined,
  overridesLine: (path: KeyPath) => number | undefined,
  configFile: string,
): { mapping?: Mapping; problems: ConfigProblem[]; locate?: (path: KeyPath) => string } {
  const displayName = relative(process.cwd(), file) || file;
  let source;
  try {
    source = readYamlFile(file, displayName);
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems.map((p) => ({ ...p, file: displayName })) };
    throw error;
  }
  const merged = overrides ? deepMerge(source.value, overrides) : source.value;
  const parsed = mappingSchema.safeParse(merged);
  // Where a person edits an entry: the config's `mappingOverrides` when it sets it, else the mapping file.
  const locate = (path: KeyPath): string => {
    if (hasPath(overrides, path)) return `${relative(process.cwd(), configFile) || configFile}:${overridesLine(path) ?? '?'} (mappingOverrides)`;
    const line = source.lineOf(path);
    return line ? `${displayName}:${line}` : displayName;
  };
  if (parsed.success) return { mapping: parsed.data, problems: [], locate };
  const problems = zodProblems(parsed.error, mappingSchema, merged).map(({ keyPath, ...problem }): ConfigProblem =>
    hasPath(overrides, keyPath)
      ? { ...problem, path: `mappingOverrides.${problem.path}`, file: configFile, line: overridesLine(keyPath) }
      : { ...problem, file: displayName, line: source.lineOf(keyPath) },
  );
  return { problems };
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = deepMerge(base[key], value);
  return out;
}

function hasPath(value: unknown, path: KeyPath): boolean {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current) || !(String(key) in current)) return false;
    current = current[String(key)];
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
