import type { Config } from '../config/config.js';
import type { State } from '../../state/openState.js';
import { linkTemplate } from '../../state/crmLinks.js';

/** A browser link to an account's CRM record, or null when the connector never told where. */
export type AccountUrl = (connector: string, accountId: string) => string | null;

/**
 * Links for reports and alerts, from the URL templates connectors reported at sync (the
 * Salesforce instance, the HubSpot portal), for the account object each connector's mapping pulls.
 */
export function accountUrls(state: State, config: Config): AccountUrl {
  const templates = new Map<string, string>();
  for (const entry of config.connectors) {
    const template = linkTemplate(state, entry.name, entry.mapping.objects.accounts.source);
    if (template) templates.set(entry.name, template);
  }
  return (connector, accountId) => templates.get(connector)?.replace('{id}', encodeURIComponent(accountId)) ?? null;
}
