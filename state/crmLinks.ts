import type { State } from './openState.js';

/**
 * Where each connector's CRM shows a record in a browser, as the connector reported it at sync
 * (the Salesforce instance, the HubSpot portal): reports and alerts are written offline and link
 * to the CRM records from here.
 */
export function recordLinkTemplate(state: State, connector: string, object: string, template: string): void {
  state.db
    .prepare(
      `INSERT INTO crm_links (connector, object, url_template, learned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (connector, object) DO UPDATE SET url_template = excluded.url_template, learned_at = excluded.learned_at`,
    )
    .run(connector, object, template, new Date().toISOString());
}

/** The URL template with `{id}` in place of the record id, or null before the connector told one. */
export function linkTemplate(state: State, connector: string, object: string): string | null {
  const row = state.db.prepare('SELECT url_template FROM crm_links WHERE connector = ? AND object = ?').get(connector, object) as
    | { url_template: string }
    | undefined;
  return row?.url_template ?? null;
}
