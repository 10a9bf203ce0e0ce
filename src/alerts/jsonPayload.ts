import type { AccountAlert } from './accountAlerts.js';
import { digestHeadline, type AccountList, type WebhookDigest } from './webhookDigest.js';

/**
 * The generic JSON digest, for receivers of your own (an automation tool, a ticketing bridge):
 * stable field names, risks in percent as the CRM fields hold them, one link per account.
 */
export function jsonPayload(digest: WebhookDigest): Record<string, unknown> {
  return {
    source: 'crm-vitals',
    summary: digestHeadline(digest),
    runId: digest.runId,
    at: digest.at,
    riskThreshold: digest.riskThreshold,
    runFailed: digest.runFailed ? { failures: digest.runFailed } : null,
    enteredRed: list(digest.enteredRed),
    riskCrossed: list(digest.riskCrossed),
  };
}

function list(accounts: AccountList | null): Record<string, unknown> | null {
  if (!accounts) return null;
  return { total: accounts.total, accounts: accounts.accounts.map(account) };
}

function account(a: AccountAlert): Record<string, unknown> {
  return {
    connector: a.connector,
    id: a.accountId,
    name: a.name,
    url: a.url,
    arr: a.arr,
    currency: a.currency,
    health: Math.round(a.health),
    band: a.band,
    churnRisk: percent(a.churnRisk),
    previous: a.previous && { health: Math.round(a.previous.health), band: a.previous.band, churnRisk: percent(a.previous.churnRisk) },
    drivers: a.driversText,
  };
}

const percent = (p: number): number => Math.round(p * 100);
