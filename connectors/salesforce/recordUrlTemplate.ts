import type { SalesforceApi } from './salesforceApi.js';

/**
 * Lightning's record page on the org's own instance, which logging in tells (the login host, e.g.
 * login.salesforce.com, serves no records). Logs in first if no call has yet.
 */
export async function recordUrlTemplate(api: SalesforceApi, object: string): Promise<string | null> {
  await api.start();
  const instance = api.session.conn.instanceUrl;
  if (!instance) return null;
  return `${instance.replace(/\/+$/, '')}/lightning/r/${object}/{id}/view`;
}
