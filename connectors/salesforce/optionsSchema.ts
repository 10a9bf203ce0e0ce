import { z } from 'zod';

const clientCredentials = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
const usernamePassword = z.strictObject({
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  username: z.string().min(1),
  /** Password with the security token appended, as Salesforce expects for API logins. */
  password: z.string().min(1),
});
const refreshToken = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  refreshToken: z.string().min(1),
});

/** Salesforce connector keys in a `connectors:` entry. */
export const salesforceOptionsSchema = z.strictObject({
  /** @default https://login.salesforce.com (use https://test.salesforce.com for sandboxes) */
  loginUrl: z.url({ protocol: /^https?$/ }).default('https://login.salesforce.com'),
  /** One of: client credentials, username + password (+ token), or a refresh token. */
  auth: z.union([refreshToken, usernamePassword, clientCredentials], {
    error: 'expected one of { clientId, clientSecret } | { username, password } | { clientId, refreshToken }',
  }),
  /** REST API version; jsforce would otherwise default to 50.0. @default "62.0" */
  // YAML reads an unquoted 62.0 as the number 62.
  apiVersion: z
    .preprocess((v) => (typeof v === 'number' ? v.toFixed(1) : v), z.string().regex(/^\d{2}\.0$/, { error: 'expected a version like "62.0"' }))
    .default('62.0'),
  limits: z
    .strictObject({
      /** Share of the org's daily API allowance a run leaves untouched. @default 20 */
      reserveDailyApiPercent: z.number().min(0).max(90).default(20),
      /** Concurrent requests to the org. @default 4 */
      concurrency: z.number().int().min(1).max(25).default(4),
    })
    .prefault({}),
  /** Above this many records, a full pull uses Bulk API 2.0 instead of paged queries. @default 50000 */
  bulkThreshold: z.number().int().min(1000).default(50000),
});

export type SalesforceOptions = z.infer<typeof salesforceOptionsSchema>;
