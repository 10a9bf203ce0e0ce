import type { UsageSourceDefinition } from '../../../contracts/usageSource.js';
import { createFilesSource } from './filesSource.js';
import { filesOptionsSchema, type FilesOptions } from './optionsSchema.js';

/** `type: usage-files`: CSV or Parquet files, aggregated by an in-process DuckDB. */
export const filesUsageSource: UsageSourceDefinition<FilesOptions> = {
  type: 'usage-files',
  optionsSchema: filesOptionsSchema,
  create: createFilesSource,
};
