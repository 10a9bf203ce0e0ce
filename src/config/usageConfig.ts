import { z } from 'zod';
import { connectorName } from './entryName.js';

/**
 * A `usage:` entry as a person writes it. The keys here are the engine's (which accounts the
 * source's keys match, how far back it reads, the late-data window); the rest of the entry belongs
 * to the source type and is validated by its own `optionsSchema` (src/usage/sources/).
 */
export const usageMatchSchema = z.strictObject({
  /** The connector whose accounts the source's keys name. */
  connector: connectorName,
  /**
   * The account field the keys are: `website` (a domain; case, scheme, `www.` and a trailing slash
   * do not matter), `external_id` (a mapped account field holding the product's id) or `id` (the
   * CRM record id). @default website
   */
  field: z.enum(['website', 'external_id', 'id']).default('website'),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a day as YYYY-MM-DD' });

export const usageCommonSchema = z.looseObject({
  name: connectorName,
  type: z.string().min(1),
  match: usageMatchSchema,
  /** Days before the last one read that every run reads again and replaces: data that arrives late. @default 3 */
  lateDays: z.int().min(0).max(60).default(3),
  /** The first day the first read starts at. @default the first day the source has */
  since: day.optional(),
});
export const COMMON_USAGE_KEYS = ['name', 'type', 'match', 'lateDays', 'since'] as const;

/** A usage source loaded from outside the project. */
export const moduleUsageSchema = z.strictObject({
  name: connectorName,
  type: z.literal('module'),
  /** Path (relative to the config file) or package name exporting a usage-source definition. */
  module: z.string().min(1),
  /** Options validated by the module's own `optionsSchema`. @default {} */
  options: z.record(z.string(), z.unknown()).default({}),
  match: usageMatchSchema,
  lateDays: z.int().min(0).max(60).default(3),
  since: day.optional(),
});

export type UsageMatch = z.output<typeof usageMatchSchema>;
