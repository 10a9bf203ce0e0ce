import type { ConnectorDefinition } from '../contracts/connector.js';
import type { UsageSourceDefinition } from '../contracts/usageSource.js';
import type { UsageMatch } from './usageConfig.js';
import type { LogLevel } from '../log/logger.js';
import type { Mapping } from '../mapping/mappingSchema.js';
import type { ScoringConfig } from './scoringConfig.js';
import type { TasksConfig } from './tasksConfig.js';
import type { WritebackConfig } from './writebackConfig.js';
import type { AlertsConfig } from './alertsConfig.js';
import type { CurrencyConfig } from './currencyConfig.js';
import type { DeletesConfig } from './deletesConfig.js';

/** The normalised config the engine runs on: defaults applied, paths absolute, mappings loaded. */
export interface Config {
  /** Absolute path of the config file. */
  file: string;
  /** Directory relative paths in the config are read from. */
  baseDir: string;
  /** Absolute path of the SQLite state file. */
  statePath: string;
  connectors: ConnectorConfig[];
  /** Product-usage sources, in config order (the first with a value wins where two cover one account). */
  usage: UsageSourceConfig[];
  schedule: ScheduleConfig;
  scoring: ScoringConfig;
  tasks: TasksConfig;
  writeback: WritebackConfig;
  deletes: DeletesConfig;
  currency: CurrencyConfig;
  alerts: AlertsConfig;
  log: { level: LogLevel };
}

export interface ConnectorConfig<Options = unknown> {
  name: string;
  type: string;
  definition: ConnectorDefinition<Options>;
  /** Connector-specific options, validated and with defaults (as written when `unsetVariables` is set). */
  options: Options;
  /**
   * Variables its options reference that were not set, for a config loaded with `crm: false` by a
   * command that only reads the state: such a connector is never opened. Absent otherwise.
   */
  unsetVariables?: string[];
  /** Absolute path of the mapping file in use. */
  mappingFile: string;
  mapping: Mapping;
  /**
   * Where a mapping entry (a dotted path such as `objects.accounts.fields.arr`) is written, as
   * `file:line`: the config's `mappingOverrides` when they set it, else the mapping file.
   */
  locateMappingEntry(entry: string): string;
}

export interface UsageSourceConfig<Options = unknown> {
  name: string;
  type: string;
  definition: UsageSourceDefinition<Options>;
  /** The source type's own options, validated and with defaults. */
  options: Options;
  match: UsageMatch;
  lateDays: number;
  /** `YYYY-MM-DD`, or null: from the first day the source has. */
  since: string | null;
  /**
   * A digest of what shapes the stored rows (type, options, match field, since), secrets masked first:
   * when it changes, the source's stored days are dropped and read again.
   */
  setting: string;
  /** As for connectors: variables its options reference that were not set (`crm: false` loads). */
  unsetVariables?: string[];
}

export interface ScheduleConfig {
  jobs: { job: 'run' | 'sync'; cron: string }[];
  timezone: string;
}
