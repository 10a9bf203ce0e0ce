import type { UsageSourceDefinition } from '../../../contracts/usageSource.js';
import { postgresOptionsSchema, type PostgresOptions } from './optionsSchema.js';
import { createPostgresSource } from './postgresSource.js';

/** `type: usage-postgres`: a query's rows, aggregated inside PostgreSQL. */
export const postgresUsageSource: UsageSourceDefinition<PostgresOptions> = {
  type: 'usage-postgres',
  optionsSchema: postgresOptionsSchema,
  create: createPostgresSource,
};
