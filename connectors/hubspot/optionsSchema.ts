import { z } from 'zod';

/** HubSpot connector keys in a `connectors:` entry. */
export const hubspotOptionsSchema = z.strictObject({
  /** @default https://api.hubapi.com (overridable for emulators and proxies) */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.hubapi.com'),
  /**
   * A private app's `accessToken`, or an OAuth app's `clientId`, `clientSecret` and the portal's
   * `refreshToken` (access tokens are then fetched, and refreshed as they expire).
   */
  auth: z
    .strictObject({
      accessToken: z.string().min(1).optional(),
      clientId: z.string().min(1).optional(),
      clientSecret: z.string().min(1).optional(),
      refreshToken: z.string().min(1).optional(),
    })
    .superRefine((auth, ctx) => {
      const oauth = (['clientId', 'clientSecret', 'refreshToken'] as const).filter((k) => auth[k] !== undefined);
      if (auth.accessToken !== undefined) {
        for (const key of oauth) ctx.addIssue({ code: 'custom', path: [key], message: 'give either accessToken (private app) or clientId, clientSecret and refreshToken (OAuth app), not both' });
        return;
      }
      if (oauth.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['accessToken'], message: 'required: a private-app accessToken, or clientId, clientSecret and refreshToken of an OAuth app' });
        return;
      }
      for (const key of ['clientId', 'clientSecret', 'refreshToken'] as const) {
        if (auth[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required for an OAuth app (with ${oauth.join(' and ')}); or give accessToken for a private app` });
      }
    }),
  /** Portal (hub) id, used for links to records in reports and alerts. */
  portalId: z.number().int().positive().optional(),
  limits: z
    .strictObject({
      /** Requests per rolling 10 seconds; HubSpot allows 100 (190 on higher tiers). @default 100 */
      requestsPer10s: z.number().int().min(1).max(190).default(100),
      /** Search requests per second; HubSpot allows 5. @default 5 */
      searchPerSecond: z.number().int().min(1).max(5).default(5),
      /** Share of the daily allowance a run leaves untouched. @default 20 */
      reserveDailyApiPercent: z.number().min(0).max(90).default(20),
    })
    .prefault({}),
  /** Seconds re-read before the last cursor, because search lags behind writes. @default 300 */
  searchLookbackSeconds: z.number().int().min(0).max(86400).default(300),
});

export type HubSpotOptions = z.infer<typeof hubspotOptionsSchema>;
