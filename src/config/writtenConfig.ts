import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { currencyConfigSchema } from './currencyConfig.js';
import { usageCommonSchema } from './usageConfig.js';
import { connectorName } from './entryName.js';
import { deletesConfigSchema } from './deletesConfig.js';
import { scoringConfigSchema } from './scoringConfig.js';
import { tasksConfigSchema } from './tasksConfig.js';
import { writebackConfigSchema } from './writebackConfig.js';
import { alertsConfigSchema } from './alertsConfig.js';

/**
 * The config as a person writes it (after `${ENV}` interpolation). Connector-specific keys are
 * validated by each connector's own `optionsSchema`; see `loadConfig.ts`.
 */

const cron = z.string().refine((expression) => isValidCron(expression), {
  error: 'not a valid cron expression; expected 5 fields (minute hour day month weekday) or 6 with seconds, e.g. "0 */4 * * *"',
});

const timezone = z.string().refine(
  (name) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'not an IANA time zone; expected a name like "UTC" or "Europe/Paris"' },
);

export { connectorName };

/** Keys every connector entry has; the rest belongs to the connector type. */
export const connectorCommonSchema = z.looseObject({
  name: connectorName,
  type: z.string().min(1),
  /** Mapping file, relative to the config file. @default the connector's bundled mapping */
  mapping: z.string().min(1).optional(),
  /** Partial mapping merged over the mapping file, to rename single fields without copying it. */
  mappingOverrides: z.record(z.string(), z.unknown()).optional(),
});
export const COMMON_CONNECTOR_KEYS = ['name', 'type', 'mapping', 'mappingOverrides'] as const;

/** A connector loaded from outside the project. */
export const moduleConnectorSchema = z.strictObject({
  name: connectorName,
  type: z.literal('module'),
  /** Path (relative to the config file) or package name exporting a connector definition. */
  module: z.string().min(1),
  /** Options validated by the module's own `optionsSchema`. @default {} */
  options: z.record(z.string(), z.unknown()).default({}),
  mapping: z.string().min(1),
  mappingOverrides: z.record(z.string(), z.unknown()).optional(),
});

export const writtenConfigSchema = z.strictObject({
  /** SQLite state file, relative to the config file; created with mode 0600. @default ./vitals.db */
  state: z.string().min(1).default('./vitals.db'),
  connectors: z.array(connectorCommonSchema).min(1, { error: 'at least one connector is required' }),
  /** Product-usage sources (files, PostgreSQL, a module); see usageConfig.ts and src/usage/. @default none */
  usage: z.array(usageCommonSchema).default([]),
  schedule: z
    .strictObject({
      /** Cron for the whole job (sync, score, tasks, write-back). */
      run: cron.optional(),
      /** Cron for a pull alone. */
      sync: cron.optional(),
      /** Time zone the cron expressions are read in. @default UTC */
      timezone: timezone.default('UTC'),
    })
    .prefault({}),
  /** Health score, bands, churn risk; see scoringConfig.ts. @default every measure with its default */
  scoring: scoringConfigSchema.prefault({}),
  /** CSM task rules; see tasksConfig.ts. @default the five default rules */
  tasks: tasksConfigSchema.prefault({}),
  /** Score write-back: attempts before giving up, dry-run sample size. */
  writeback: writebackConfigSchema.prefault({}),
  /** Records deleted for good: id sweeps and the mass-delete guard; see deletesConfig.ts. */
  deletes: deletesConfigSchema.prefault({}),
  /** The currency reports show when connectors keep money in different corporate currencies; see currencyConfig.ts. */
  currency: currencyConfigSchema.prefault({}),
  /** Webhooks told when accounts turn red, churn risk crosses a threshold, or a run fails; see alertsConfig.ts. @default no webhooks */
  alerts: alertsConfigSchema.prefault({}),
  log: z
    .strictObject({
      /** @default info */
      level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    })
    .prefault({}),
});

export type WrittenConfig = z.input<typeof writtenConfigSchema>;
export type ParsedWrittenConfig = z.output<typeof writtenConfigSchema>;
