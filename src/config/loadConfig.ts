import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConnectorDefinition } from '../contracts/connector.js';
import { ConfigError, type ConfigProblem } from '../model/errors.js';
import { loadMapping } from '../mapping/loadMapping.js';
import { builtinConnector, connectorTypes, loadModuleConnector, MODULE_TYPE } from '../../connectors/registry.js';
import type { Config, ConnectorConfig, ScheduleConfig } from './config.js';
import { interpolateEnv, type InterpolationProblem } from './interpolateEnv.js';
import { loadUsageSources } from './loadUsageSources.js';
import { COMMON_USAGE_KEYS } from './usageConfig.js';
import { COMMON_CONNECTOR_KEYS, connectorCommonSchema, moduleConnectorSchema, writtenConfigSchema, type ParsedWrittenConfig } from './writtenConfig.js';
import { readYamlFile, type KeyPath, type YamlSource } from './yamlSource.js';
import { zodProblems } from './zodProblems.js';

export interface LoadConfigOptions {
  /**
   * false: the caller sends nothing to a CRM (it only reads the state), so connector options may
   * reference variables that are not set (CRM credentials, URLs): those references stay as written
   * and unchecked, and the connector is listed with `unsetVariables`. Everything else (state path,
   * mappings, scoring, tasks, alerts) is resolved and validated as always. @default true
   */
  crm?: boolean;
}

/**
 * Reads, interpolates and validates a config file, then normalises it. Every problem found in the
 * config and its mappings is reported in one `ConfigError`; nothing is half-loaded.
 */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Promise<Config> {
  const source = readYamlFile(file);
  const problems: ConfigProblem[] = [];
  const envProblems: InterpolationProblem[] = [];
  const keepUnset = options.crm === false ? (keyPath: KeyPath) => isConnectorOption(source.value, keyPath) : undefined;
  const raw = interpolateEnv(source.value ?? {}, env, envProblems, { keepUnset });
  problems.push(...envProblems.filter((p) => !p.kept).map(({ keyPath, kept: _kept, variable: _variable, ...p }) => ({ ...p, line: source.lineOf(keyPath) })));

  const parsed = writtenConfigSchema.safeParse(raw);
  if (!parsed.success) {
    // A missing variable leaves an empty string behind; its "too short" echo would only confuse.
    const envPaths = new Set(envProblems.map((p) => p.path));
    problems.push(...zodProblems(parsed.error, writtenConfigSchema, raw, [], source.lineOf).filter((p) => !envPaths.has(p.path)));
  }

  // Connector entries are checked one by one even when the top level has problems, so a single
  // run of `vitals validate` lists everything to fix.
  const baseDir = dirname(resolve(file));
  const connectors: ConnectorConfig[] = [];
  const names = new Set<string>();
  const entries = Array.isArray((raw as { connectors?: unknown }).connectors) ? (raw as { connectors: unknown[] }).connectors : [];
  for (const [index, rawEntry] of entries.entries()) {
    // Entries with a bad name or mapping key are still checked against their type; the top-level
    // parse has reported those keys already.
    const entry = connectorCommonSchema.safeParse(rawEntry);
    const loose = rawEntry as ConnectorEntry;
    if (!entry.success && (typeof loose !== 'object' || loose === null || typeof loose.type !== 'string')) continue;
    if (entry.success && names.has(entry.data.name)) {
      problems.push({ path: `connectors[${index}].name`, message: `"${entry.data.name}" is used by another connector; names must be unique`, line: source.lineOf(['connectors', index, 'name']) });
    }
    if (entry.success) names.add(entry.data.name);
    const connector = await normaliseConnector(entry.success ? entry.data : loose, index, baseDir, source, file, problems, envProblems);
    if (connector) connectors.push(connector);
  }
  const usageEntries = Array.isArray((raw as { usage?: unknown }).usage) ? (raw as { usage: unknown[] }).usage : [];
  const usage = await loadUsageSources(usageEntries, connectors, baseDir, source, problems, envProblems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(file, problems);
  const written = parsed.data;

  return {
    file: resolve(file),
    baseDir,
    statePath: resolve(baseDir, written.state),
    connectors,
    usage,
    schedule: normaliseSchedule(written.schedule),
    scoring: written.scoring,
    tasks: written.tasks,
    writeback: written.writeback,
    deletes: written.deletes,
    currency: written.currency,
    alerts: written.alerts,
    log: written.log,
  };
}

type ConnectorEntry = ParsedWrittenConfig['connectors'][number];

async function normaliseConnector(
  entry: ConnectorEntry,
  index: number,
  baseDir: string,
  source: YamlSource,
  file: string,
  problems: ConfigProblem[],
  envProblems: InterpolationProblem[],
): Promise<ConnectorConfig | undefined> {
  const envPaths = new Set(envProblems.map((p) => p.path));
  const report = (found: ConfigProblem[]) => problems.push(...found.filter((p) => !envPaths.has(p.path)));
  const at: KeyPath = ['connectors', index];
  let definition: ConnectorDefinition<unknown> | undefined;
  let rawOptions: Record<string, unknown>;
  let optionsPath: KeyPath;
  let mappingPath = entry.mapping;

  if (entry.type === MODULE_TYPE) {
    const parsed = moduleConnectorSchema.safeParse(entry);
    if (!parsed.success) {
      report(zodProblems(parsed.error, moduleConnectorSchema, entry, at, source.lineOf));
      return undefined;
    }
    const loaded = await loadModuleConnector(parsed.data.module, baseDir);
    if (typeof loaded === 'string') {
      problems.push({ path: `connectors[${index}].module`, message: loaded, line: source.lineOf([...at, 'module']) });
      return undefined;
    }
    definition = loaded;
    rawOptions = parsed.data.options;
    optionsPath = [...at, 'options'];
    mappingPath = parsed.data.mapping;
  } else {
    definition = builtinConnector(entry.type);
    if (!definition) {
      problems.push({
        path: `connectors[${index}].type`,
        message: `unknown connector type "${entry.type}"; allowed: ${connectorTypes().join(', ')}`,
        line: source.lineOf([...at, 'type']),
      });
      return undefined;
    }
    rawOptions = Object.fromEntries(Object.entries(entry).filter(([key]) => !(COMMON_CONNECTOR_KEYS as readonly string[]).includes(key)));
    optionsPath = at;
  }

  const options = definition.optionsSchema.safeParse(rawOptions);
  if (!options.success) {
    report(zodProblems(options.error, definition.optionsSchema, rawOptions, optionsPath, source.lineOf));
  }
  const mappingFile = mappingPath ? resolve(baseDir, mappingPath) : definition.defaultMapping;
  if (!mappingFile) {
    problems.push({ path: `connectors[${index}].mapping`, message: `required: connector type "${definition.type}" ships no default mapping`, line: source.lineOf(at) });
    return undefined;
  }
  if (!existsSync(mappingFile)) {
    problems.push({
      path: `connectors[${index}].mapping`,
      message: `file not found: ${mappingPath} (read as ${mappingFile}); point it at a mapping file, or leave it out for the ${definition.type} defaults`,
      line: source.lineOf([...at, 'mapping']),
    });
    return undefined;
  }
  const overridesAt: KeyPath = [...at, 'mappingOverrides'];
  const { mapping, problems: mappingProblems, locate } = loadMapping(mappingFile, entry.mappingOverrides, (path) => source.lineOf([...overridesAt, ...path]), file);
  problems.push(...mappingProblems.map((p) => (p.file === file ? { ...p, path: `connectors[${index}].${p.path}` } : p)));
  if (!mapping || !locate || typeof entry.name !== 'string') return undefined;
  const locateMappingEntry = (dotted: string) => locate(dotted.split('.'));
  // Options that fail only where a reference was kept unset have had their problems dropped above:
  // the connector stays, unvalidated, for a command that never opens it.
  const unsetVariables = envProblems.filter((p) => p.kept && isUnder(p.keyPath, optionsPath)).map((p) => p.variable);
  if (unsetVariables.length > 0) {
    return { name: entry.name, type: definition.type, definition, options: options.success ? options.data : rawOptions, mappingFile, mapping, locateMappingEntry, unsetVariables: [...new Set(unsetVariables)] };
  }
  if (!options.success) return undefined;
  return { name: entry.name, type: definition.type, definition, options: options.data, mappingFile, mapping, locateMappingEntry };
}

/**
 * Whether `keyPath` is inside a connector's or usage source's options: its own keys, or `options:`
 * for `type: module`.
 */
function isConnectorOption(document: unknown, keyPath: KeyPath): boolean {
  const [top, index, key] = keyPath;
  if ((top !== 'connectors' && top !== 'usage') || typeof index !== 'number' || typeof key !== 'string') return false;
  const entry = (document as Record<string, unknown[] | undefined> | null)?.[top]?.[index] as { type?: unknown } | undefined;
  if (entry?.type === MODULE_TYPE) return key === 'options';
  return !((top === 'usage' ? COMMON_USAGE_KEYS : COMMON_CONNECTOR_KEYS) as readonly string[]).includes(key);
}

function isUnder(keyPath: KeyPath, prefix: KeyPath): boolean {
  return prefix.every((key, i) => keyPath[i] === key);
}

function normaliseSchedule(schedule: ParsedWrittenConfig['schedule']): ScheduleConfig {
  const jobs: ScheduleConfig['jobs'] = [];
  if (schedule.run) jobs.push({ job: 'run', cron: schedule.run });
  if (schedule.sync) jobs.push({ job: 'sync', cron: schedule.sync });
  return { jobs, timezone: schedule.timezone };
}
