import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { redactText } from '../log/redact.js';
import type { State } from '../../state/openState.js';
import { runPassChanges } from '../../state/alertData.js';
import { deliveredWebhooks, recordAlertDelivery, type AlertDelivery } from '../../state/alertDeliveries.js';
import { orgMoney } from '../../state/currencies.js';
import { accountUrls } from '../reporting/accountLinks.js';
import { bookCurrency } from '../reporting/bookCurrency.js';
import { accountAlerts, type AccountAlerts } from './accountAlerts.js';
import { jsonPayload } from './jsonPayload.js';
import { postWebhook, type PostOptions } from './postWebhook.js';
import { slackPayload } from './slackPayload.js';
import { digestCounts, webhookDigest, type RunDigest } from './webhookDigest.js';

export type { AlertDelivery } from '../../state/alertDeliveries.js';

/** What the caller knows about the run that just finished. */
export interface RunOutcome {
  runId: number;
  ok: boolean;
  /** Why the run did not succeed, one line each (they are redacted before they are sent). */
  failures: string[];
  /** Connectors the run covered; their passes from this run are compared with the pass before. */
  connectors: string[];
}

export interface DeliveryOptions {
  /** Backoff overrides for tests; the project's retry policy does the rest. */
  retry?: PostOptions['retry'];
  now?: Date;
}

/**
 * Tells the configured webhooks what a run changed: accounts that entered red, churn risk that
 * crossed `alerts.riskThreshold`, the run's failures. One digest per webhook and run (a second
 * call for the same run sends nothing already delivered), retried on the way, each outcome
 * recorded in the state. Never throws and never fails the run: a receiver being down is logged
 * and recorded, nothing more.
 */
export async function deliverRunAlerts(state: State, config: Config, run: RunOutcome, log: Logger, options: DeliveryOptions = {}): Promise<AlertDelivery[]> {
  const { alerts } = config;
  if (alerts.webhooks.length === 0) return [];
  try {
    const digest: RunDigest = {
      runId: run.runId,
      ok: run.ok,
      at: (options.now ?? new Date()).toISOString(),
      failures: run.failures.map(redactText),
      riskThreshold: alerts.riskThreshold,
      alerts: runAccountAlerts(state, config, run, log),
    };
    const done = deliveredWebhooks(state, run.runId);
    const deliveries = await Promise.all(
      alerts.webhooks.map(async (webhook): Promise<AlertDelivery | null> => {
        if (done.has(webhook.name)) return null;
        const wanted = webhookDigest(webhook, digest, alerts.maxAccounts);
        if (!wanted) return null;
        const body = webhook.format === 'slack' ? slackPayload(wanted) : jsonPayload(wanted);
        const outcome = await postWebhook(webhook.url, body, {
          attempts: alerts.attempts,
          timeoutMs: alerts.timeoutSeconds * 1000,
          idempotencyKey: `crm-vitals-run-${run.runId}-${webhook.name}`,
          retry: options.retry,
          onRetry: (attempt, delayMs, reason) => log.warn('alert delivery failed, retrying', { alert: webhook.name, attempt, delayMs, reason }),
        });
        const delivery: AlertDelivery = {
          runId: run.runId,
          webhook: webhook.name,
          format: webhook.format,
          status: outcome.ok ? 'delivered' : 'failed',
          attempts: outcome.attempts,
          httpStatus: outcome.httpStatus,
          error: outcome.error,
          events: digestCounts(wanted),
          sentAt: new Date().toISOString(),
        };
        recordAlertDelivery(state, delivery);
        if (outcome.ok) log.info('alert delivered', { alert: webhook.name, attempts: outcome.attempts, ...delivery.events });
        else log.error('alert not delivered', { alert: webhook.name, attempts: outcome.attempts, status: outcome.httpStatus, reason: outcome.error });
        return delivery;
      }),
    );
    return deliveries.filter((d): d is AlertDelivery => d !== null);
  } catch (error) {
    // A broken state or a bug: the run's own result stands; the alert is what is lost.
    log.error('alerts failed', { error });
    return [];
  }
}

/**
 * The money alerts show: the report's currency; when the connectors' currencies cannot be joined
 * (no `currency.rates`), each connector's own, so an alert is never held back for it.
 */
function alertCurrency(state: State, config: Config, connectors: readonly string[], log: Logger): (connector: string) => { currency: string | null; factor: number } {
  try {
    const book = bookCurrency(state, config, connectors);
    return (connector) => ({ currency: book.code, factor: book.factor(connector) });
  } catch (error) {
    log.warn('alerts show each connector’s money in its own currency', { error });
    return (connector) => ({ currency: orgMoney(state, connector).corporate, factor: 1 });
  }
}

/** Account alerts over the run's connectors; a connector that cannot be read is skipped, not fatal. */
function runAccountAlerts(state: State, config: Config, run: RunOutcome, log: Logger): AccountAlerts {
  const riskAtLeast = config.alerts.riskThreshold / 100;
  const urlOf = accountUrls(state, config);
  const all: AccountAlerts = { enteredRed: [], riskCrossed: [] };
  const money = alertCurrency(state, config, run.connectors, log);
  for (const connector of run.connectors) {
    try {
      const changes = runPassChanges(state, connector, run.runId, riskAtLeast);
      if (!changes) continue;
      if (changes.previousAsOf === null) log.info('first scoring pass: a baseline, no account alerts', { connector });
      const found = accountAlerts(connector, changes, riskAtLeast, urlOf, money(connector));
      all.enteredRed.push(...found.enteredRed);
      all.riskCrossed.push(...found.riskCrossed);
    } catch (error) {
      log.error('could not read the run’s score changes for alerts', { connector, error });
    }
  }
  const byArr = (a: { arr: number | null }, b: { arr: number | null }) => (b.arr ?? 0) - (a.arr ?? 0);
  return { enteredRed: all.enteredRed.sort(byArr), riskCrossed: all.riskCrossed.sort(byArr) };
}
