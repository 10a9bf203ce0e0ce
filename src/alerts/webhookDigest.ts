import type { WebhookConfig } from '../config/alertsConfig.js';
import type { AccountAlert, AccountAlerts } from './accountAlerts.js';

/** Everything one run has to tell, before each webhook takes the events it listens to. */
export interface RunDigest {
  runId: number;
  ok: boolean;
  /** ISO instant the digest was put together. */
  at: string;
  /** Why the run failed, already redacted. */
  failures: string[];
  riskThreshold: number;
  alerts: AccountAlerts;
}

export interface AccountList {
  /** Accounts the event concerns; `accounts` lists the first `maxAccounts` of them. */
  total: number;
  accounts: AccountAlert[];
}

/** One webhook's digest: the events it listens to that happened, nothing else. */
export interface WebhookDigest {
  runId: number;
  at: string;
  /** Percent. */
  riskThreshold: number;
  runFailed: string[] | null;
  enteredRed: AccountList | null;
  riskCrossed: AccountList | null;
}

/** The digest for one webhook, or null when none of its events happened (nothing is sent). */
export function webhookDigest(webhook: WebhookConfig, run: RunDigest, maxAccounts: number): WebhookDigest | null {
  const list = (accounts: AccountAlert[]): AccountList | null => (accounts.length === 0 ? null : { total: accounts.length, accounts: accounts.slice(0, maxAccounts) });
  const digest: WebhookDigest = {
    runId: run.runId,
    at: run.at,
    riskThreshold: run.riskThreshold,
    runFailed: webhook.on.includes('run-failed') && !run.ok ? run.failures : null,
    enteredRed: webhook.on.includes('red') ? list(run.alerts.enteredRed) : null,
    riskCrossed: webhook.on.includes('risk') ? list(run.alerts.riskCrossed) : null,
  };
  return digest.runFailed || digest.enteredRed || digest.riskCrossed ? digest : null;
}

/** What a digest carried, for the delivery record. */
export function digestCounts(digest: WebhookDigest): Record<string, number> {
  const counts: Record<string, number> = {};
  if (digest.runFailed) counts.runFailed = 1;
  if (digest.enteredRed) counts.enteredRed = digest.enteredRed.total;
  if (digest.riskCrossed) counts.riskCrossed = digest.riskCrossed.total;
  return counts;
}

/** One line of headline, shared by every format: "3 accounts entered red, 5 crossed 50% churn risk". */
export function digestHeadline(digest: WebhookDigest): string {
  const parts: string[] = [];
  if (digest.runFailed) parts.push(`run ${digest.runId} failed`);
  if (digest.enteredRed) parts.push(`${digest.enteredRed.total} account${digest.enteredRed.total === 1 ? '' : 's'} entered red`);
  if (digest.riskCrossed) parts.push(`${digest.riskCrossed.total} crossed ${digest.riskThreshold}% churn risk`);
  return `crm-vitals: ${parts.join(', ')}`;
}
