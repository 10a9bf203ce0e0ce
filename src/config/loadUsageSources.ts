import { createHash } from 'node:crypto';
import type { UsageSourceDefinition } from '../contracts/usageSource.js';
import { redactValue } from '../log/redact.js';
import type { ConfigProblem } from '../model/errors.js';
import { builtinUsageSource, loadModuleUsageSource, MODULE_TYPE, usageSourceTypes } from '../usage/registry.js';
import type { ConnectorConfig, UsageSourceConfig } from './config.js';
import type { InterpolationProblem } from './interpolateEnv.js';
import { COMMON_USAGE_KEYS, moduleUsageSchema, usageCommonSchema } from './usageConfig.js';
import type { KeyPath, YamlSource } from './yamlSource.js';
import { zodProblems } from './zodProblems.js';

/**
 * The `usage:` entries, each checked against its type's options and its match against the
 * connectors: every problem is reported, none half-loaded.
 */
export async function loadUsageSources(
  entries: unknown[],
  connectors: readonly ConnectorConfig[],
  baseDir: string,
  source: YamlSource,
  problems: ConfigProblem[],
  envProblems: InterpolationProblem[],
): Promise<UsageSourceConfig[]> {
  const envPaths = new Set(envProblems.map((p) => p.path));
  const report = (found: ConfigProblem[]) => problems.push(...found.filter((p) => !envPaths.has(p.path)));
  const loaded: UsageSourceConfig[] = [];
  const names = new Set(connectors.map((c) => c.name));
  for (const [index, raw] of entries.entries()) {
    const at: KeyPath = ['usage', index];
    const common = usageCommonSchema.safeParse(raw);
    // The top-level parse has reported the common keys' problems already.
    if (!common.success) continue;
    const entry = common.data;
    if (names.has(entry.name)) {
      problems.push({ path: `usage[${index}].name`, message: `"${entry.name}" is used by a connector or another usage source; names must be unique`, line: source.lineOf([...at, 'name']) });
    }
    names.add(entry.name);
    const matchProblem = checkMatch(entry.match, connectors);
    if (matchProblem) problems.push({ path: `usage[${index}].match.${matchProblem.key}`, message: matchProblem.message, line: source.lineOf([...at, 'match', matchProblem.key]) });

    let definition: UsageSourceDefinition<unknown> | undefined;
    let rawOptions: Record<string, unknown>;
    let optionsPath: KeyPath;
    if (entry.type === MODULE_TYPE) {
      const parsed = moduleUsageSchema.safeParse(raw);
      if (!parsed.success) {
        report(zodProblems(parsed.error, moduleUsageSchema, raw, at, source.lineOf));
        continue;
      }
      const module = await loadModuleUsageSource(parsed.data.module, baseDir);
      if (typeof module === 'string') {
        problems.push({ path: `usage[${index}].module`, message: module, line: source.lineOf([...at, 'module']) });
        continue;
      }
      definition = module;
      rawOptions = parsed.data.options;
      optionsPath = [...at, 'options'];
    } else {
      definition = builtinUsageSource(entry.type);
      if (!definition) {
        problems.push({ path: `usage[${index}].type`, message: `unknown usage source type "${entry.type}"; allowed: ${usageSourceTypes().join(', ')}`, line: source.lineOf([...at, 'type']) });
        continue;
      }
      rawOptions = Object.fromEntries(Object.entries(entry).filter(([key]) => !(COMMON_USAGE_KEYS as readonly string[]).includes(key)));
      optionsPath = at;
    }
    const options = definition.optionsSchema.safeParse(rawOptions);
    const unsetVariables = [...new Set(envProblems.filter((p) => p.kept && optionsPath.every((key, i) => p.keyPath[i] === key)).map((p) => p.variable))];
    if (!options.success && unsetVariables.length === 0) {
      report(zodProblems(options.error, definition.optionsSchema, rawOptions, optionsPath, source.lineOf));
      continue;
    }
    const value = options.success ? options.data : rawOptions;
    loaded.push({
      name: entry.name,
      type: definition.type,
      definition,
      options: value,
      match: entry.match,
      lateDays: entry.lateDays,
      since: entry.since ?? null,
      setting: settingDigest(definition.type, value, entry.match.field, entry.since ?? null),
      ...(unsetVariables.length > 0 ? { unsetVariables } : {}),
    });
  }
  return loaded;
}

function checkMatch(match: UsageSourceConfig['match'], connectors: readonly ConnectorConfig[]): { key: string; message: string } | null {
  const connector = connectors.find((c) => c.name === match.connector);
  if (!connector) {
    return { key: 'connector', message: `no connector is named "${match.connector}"; expected one of: ${connectors.map((c) => c.name).join(', ')}` };
  }
  if (match.field === 'id') return null;
  const fields = connector.mapping.objects.accounts.fields as Record<string, unknown>;
  if (fields[match.field] !== undefined) return null;
  const where = connector.locateMappingEntry('objects.accounts.fields');
  const other = match.field === 'website' ? 'external_id' : 'website';
  return {
    key: 'field',
    message:
      `the mapping of ${connector.name} reads no ${match.field} for accounts: add \`${match.field}: <account field>\` under objects.accounts.fields (${where}), ` +
      `or match by ${fields[other] !== undefined ? `${other} or ` : ''}id`,
  };
}

/** Secrets are masked before hashing: the state never holds them, not even digested. */
function settingDigest(type: string, options: unknown, field: string, since: string | null): string {
  return createHash('sha256').update(JSON.stringify({ type, options: redactValue(options), field, since })).digest('hex').slice(0, 16);
}
