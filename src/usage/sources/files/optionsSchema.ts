import { z } from 'zod';
import { withUsageShape } from '../usageShape.js';

/** `usage-files` keys in a `usage:` source entry. */
export const filesOptionsSchema = withUsageShape({
  /** A file or a glob (`usage/events-*.parquet`), relative to the config file's folder. */
  path: z.string().min(1, 'a file or glob, e.g. usage/events.parquet'),
  /** @default from the extension: `.parquet`, `.csv`, `.csv.gz` */
  fileType: z.enum(['parquet', 'csv']).optional(),
});

export type FilesOptions = z.infer<typeof filesOptionsSchema>;
