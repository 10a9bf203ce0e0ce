import { z } from 'zod';
import { registerSecret } from '../log/redact.js';

/** What a webhook can be told about: an account entered red, its churn risk crossed the threshold, a run failed. */
export const ALERT_EVENTS = ['red', 'risk', 'run-failed'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export interface WebhookConfig {
  /** Names the webhook in logs and the state, where its URL (a secret) never appears. */
  name: string;
  url: string;
  /** `json`: a generic JSON document; `slack`: Slack's `text` + `blocks` (also Mattermost, Rocket.Chat, Teams workflows). */
  format: 'json' | 'slack';
  on: AlertEvent[];
}

/** The `alerts:` section: one digest per run and webhook. */
export interface AlertsConfig {
  /** Churn risk in percent (0-100); an account whose risk rises to it or above raises a `risk` alert. */
  riskThreshold: number;
  /** Accounts listed per event in one digest; the rest are counted. */
  maxAccounts: number;
  /** Attempts per digest (the first included) before the delivery is recorded as failed. */
  attempts: number;
  timeoutSeconds: number;
  webhooks: WebhookConfig[];
}

const webhookName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'expected lowercase letters, digits and dashes, e.g. "cs-leads"' });

const webhook = z.strictObject({
  /** @default webhook-N, N its position in the list from 1 */
  name: webhookName.optional(),
  /** The receiver's URL; a secret (Slack's carries its token): write it as `${ENV_VAR}`. */
  url: z.url({ protocol: /^https?$/ }),
  /** @default json */
  format: z.enum(['json', 'slack']).default('json'),
  /** @default [red, risk, run-failed] */
  on: z.array(z.enum(ALERT_EVENTS)).min(1).default([...ALERT_EVENTS]),
});

export const alertsConfigSchema = z
  .strictObject({
    /** @default 50 */
    riskThreshold: z.number().min(1).max(99).default(50),
    /** @default 20 */
    maxAccounts: z.number().int().min(1).max(100).default(20),
    /** @default 4 */
    attempts: z.number().int().min(1).max(10).default(4),
    /** @default 10 */
    timeoutSeconds: z.number().min(1).max(120).default(10),
    /** @default [] (no alerts) */
    webhooks: z.array(webhook).default([]),
  })
  .transform((alerts, ctx): AlertsConfig => {
    const webhooks = alerts.webhooks.map((w, i): WebhookConfig => ({ ...w, name: w.name ?? `webhook-${i + 1}` }));
    const seen = new Set<string>();
    webhooks.forEach((w, i) => {
      if (seen.has(w.name)) ctx.addIssue({ code: 'custom', path: ['webhooks', i, 'name'], message: `"${w.name}" names another webhook too; names must be unique` });
      seen.add(w.name);
      registerWebhookSecret(w.url);
    });
    return { ...alerts, webhooks };
  });

/**
 * A webhook URL is a credential whether or not it came from `${ENV}`: registered as soon as the
 * config is read, before anything can log it. Its path is registered too, since an error may
 * quote the path without the host (Slack's token is all in the path).
 */
function registerWebhookSecret(url: string): void {
  registerSecret(url);
  const parsed = new URL(url);
  registerSecret(`${parsed.origin}${parsed.pathname}`);
  const path = `${parsed.pathname}${parsed.search}`;
  if (path.length >= 12) registerSecret(path);
}
