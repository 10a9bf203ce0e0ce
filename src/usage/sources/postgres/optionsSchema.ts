import { z } from 'zod';
import { withUsageShape } from '../usageShape.js';

/** `usage-postgres` keys in a `usage:` source entry. */
export const postgresOptionsSchema = withUsageShape({
  /** `postgres://user:password@host:5432/database` (put the password in `${ENV}`); `?sslmode=require` works. */
  url: z.string().regex(/^postgres(ql)?:\/\/[^/]/, 'a postgres://user:password@host:port/database URL'),
  /**
   * A SELECT whose result has the configured columns (a table: `SELECT * FROM events`). It is
   * wrapped as a subquery: the daily aggregation runs inside PostgreSQL.
   */
  query: z
    .string()
    .transform((q) => q.trim().replace(/;\s*$/, ''))
    .pipe(z.string().min(1, 'a SELECT whose result has the configured columns, e.g. SELECT * FROM events')),
  /** Longest a statement may run before PostgreSQL cancels it. @default 300 */
  statementTimeoutSeconds: z.number().int().positive().default(300),
});

export type PostgresOptions = z.infer<typeof postgresOptionsSchema>;
